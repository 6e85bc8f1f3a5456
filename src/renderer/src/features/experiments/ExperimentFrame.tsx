import type { ReactNode } from 'react'
import type { ExperimentDetail } from '../../../../shared/contract/experiments'
import { href } from '../../app/router'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { StatusPill } from './badges'
import { ExperimentNav } from './ExperimentNav'

/** An experiment's page: header with status and its actions, the tabs, then the tab's content. */
export function ExperimentFrame({ id, tab, children }: { id: number; tab: string; children: (x: ExperimentDetail) => ReactNode }) {
  const x = useChannel('experiments:get', { id })
  const setStatus = useCommand('experiments:setStatus', ['experiments:get', 'experiments:list'])
  if (x.isPending) return <Loading what="the experiment" />
  if (x.error) return <ErrorNotice error={x.error} title="Could not load the experiment" />
  const e = x.data
  const action = (status: 'running' | 'stopped' | 'draft', label: string, primary = false) => (
    <button
      type="button"
      className={primary ? 'primary' : ''}
      disabled={setStatus.isPending}
      onClick={() => setStatus.mutate({ id, status })}
    >
      {label}
    </button>
  )
  return (
    <div className="page experiments-page">
      <PageHeader
        title={e.name}
        subtitle={
          <>
            <StatusPill status={e.status} /> {e.owner && <>owned by {e.owner} · </>}
            {e.variations.map((v) => v.name).join(' vs ')}
            {e.flagKey && <> · flag {e.flagKey}</>}
          </>
        }
        actions={
          <>
            {e.status === 'draft' && action('running', 'Start', true)}
            {e.status === 'running' && action('stopped', 'Stop')}
            {(e.status === 'stopped' || e.status === 'decided') && action('running', 'Resume')}
            <a className="button-link" href={href(`/experiments/${id}/report`)}>
              Printable report (PDF)
            </a>
          </>
        }
      />
      {setStatus.error && <ErrorNotice error={setStatus.error} title="Could not change the status" />}
      {e.hypothesis && <p className="hypothesis">{e.hypothesis}</p>}
      <ExperimentNav id={id} current={tab} />
      {children(e)}
    </div>
  )
}
