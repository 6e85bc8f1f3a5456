import { useState } from 'react'
import { href, navigate } from '../../app/router'
import { ConfirmButton } from '../../components/ConfirmButton'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { ProvisionedNote } from '../../components/ProvisionedNote'
import { SegmentedControl } from '../../components/SegmentedControl'
import { formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { formatDurationShort } from '../../../../shared/duration'
import { FeaturesTabs } from './FeaturesTabs'
import { OnlinePanel } from './OnlinePanel'
import { StatisticsPanel } from './StatisticsPanel'
import { VersionsPanel } from './VersionsPanel'

type Tab = 'statistics' | 'definition' | 'online'
const TABS = [
  { id: 'statistics', label: 'Statistics' },
  { id: 'definition', label: 'Definition and versions' },
  { id: 'online', label: 'Online store' }
] as const

/** One view: its statistics over time windows, definition and versions, online store and training sets. */
export function ViewPage({ name }: { name: string }) {
  const view = useChannel('features:view', { name })
  const del = useCommand('features:deleteView', ['features:views'])
  const [tab, setTab] = useState<Tab>('statistics')
  if (view.isPending) return <Loading what="feature view" />
  if (view.error) return <ErrorNotice error={view.error} />
  const v = view.data
  return (
    <div className="page features-page">
      <PageHeader
        title={v.name}
        subtitle={
          <>
            <span className="tag">v{v.version}</span> {v.description || 'No description.'}{' '}
            {v.owner && <span className="muted">· owner {v.owner}</span>}
          </>
        }
        actions={
          <>
            <a className="button-link" href={href(`/features/training-sets/new/${v.name}`)}>
              New training set…
            </a>
            <button onClick={() => navigate(`/features/views/${v.name}/edit`)}>Edit view</button>
            <ConfirmButton
              className="danger"
              question={`Delete ${v.name} with its ${v.versionCount} version(s) and online values? Training sets keep their files and manifests.`}
              onConfirm={() => del.mutate({ name: v.name }, { onSuccess: () => navigate('/features') })}
            >
              Delete
            </ConfirmButton>
          </>
        }
      />
      <FeaturesTabs current="" />
      <ProvisionedNote kind="features" object={v.name} />
      <section className="card">
        <dl className="facts features-facts">
          <dt>Join keys</dt>
          <dd className="mono">{v.current.entities.map((e) => `${e.name} (${e.type})`).join(', ')}</dd>
          <dt>Event timestamp</dt>
          <dd className="mono">{v.current.timestampField}</dd>
          <dt>Created timestamp</dt>
          <dd className="mono">{v.current.createdTimestampField ?? '—'}</dd>
          <dt>TTL</dt>
          <dd>{v.ttlSeconds ? formatDurationShort(v.ttlSeconds) : 'none (no lower bound)'}</dd>
          <dt>Source</dt>
          <dd className="mono small">{v.current.source.path}</dd>
          <dt>Updated</dt>
          <dd>{formatTime(v.updatedAt)}</dd>
          {Object.keys(v.tags).length > 0 && (
            <>
              <dt>Tags</dt>
              <dd>
                {Object.entries(v.tags).map(([k, x]) => (
                  <span key={k} className="tag">
                    {k}={x}
                  </span>
                ))}
              </dd>
            </>
          )}
        </dl>
      </section>
      <SegmentedControl options={TABS} value={tab} onChange={setTab} label="View sections" />
      {tab === 'statistics' && <StatisticsPanel view={v} />}
      {tab === 'definition' && <VersionsPanel view={v} />}
      {tab === 'online' && <OnlinePanel view={v} />}
      <section className="card">
        <h2>Training sets using this view</h2>
        {v.trainingSets.length === 0 ? (
          <p className="muted">
            None yet. <a href={href(`/features/training-sets/new/${v.name}`)}>Build one</a> from an entity file.
          </p>
        ) : (
          <ul>
            {v.trainingSets.map((t) => (
              <li key={t.id}>
                <a href={href(`/features/training-sets/${t.id}`)}>{t.name}</a>{' '}
                <span className="muted small">
                  v{t.version} · {formatTime(t.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}
