import { useState } from 'react'
import { ALGORITHM_LABELS, type ExplanationDetail } from '../../../../shared/contract/explain'
import { href, navigate } from '../../app/router'
import { ConfirmButton } from '../../components/ConfirmButton'
import { JobProgress } from '../../components/JobProgress'
import { StatTile } from '../../components/StatTile'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { call } from '../../lib/client'
import { downloadText } from '../../lib/download'
import { formatTime } from '../../lib/format'
import { useJob } from '../../lib/jobs'
import { useChannel, useCommand } from '../../lib/queries'
import { ExplainNav } from './ExplainNav'
import { fmt } from './explainCharts'
import { describe, shortHash } from './labels'
import { BeeswarmView, DependenceView, ImportanceView, RowView } from './Views'

/** One explanation: what it is of, then its views (importance, beeswarm, dependence, one prediction). */
export function ExplanationPage({ id }: { id: number }) {
  const e = useChannel('explain:get', { id })
  return (
    <div className="page">
      {e.isPending && <Loading what="explanation" />}
      {e.error && (
        <>
          <PageHeader title="Explainability" />
          <ErrorNotice error={e.error} />
        </>
      )}
      {e.data && <Body e={e.data} />}
    </div>
  )
}

function Body({ e }: { e: ExplanationDetail }) {
  const [output, setOutput] = useState(0)
  const [position, setPosition] = useState(0)
  const [highlight, setHighlight] = useState<number | null>(null)
  const job = useJob(e.state === 'running' ? e.jobId : null)
  const del = useCommand('explain:delete', ['explain:list'])
  const others = useChannel('explain:list')
  const [against, setAgainst] = useState('')
  return (
    <>
      <PageHeader
        title={e.name}
        subtitle={describe(e)}
        actions={
          <>
            {e.state === 'done' && (
              <button onClick={() => void call('explain:csv', { id: e.id, output }).then((x) => downloadText(x.filename, x.csv))}>
                Export all SHAP values (CSV)
              </button>
            )}
            <ConfirmButton
              className="danger"
              question={`Delete the explanation “${e.name}” and its ${e.rows.toLocaleString('en-US')} rows of SHAP values?`}
              disabled={e.state === 'running'}
              onConfirm={() => del.mutate({ id: e.id }, { onSuccess: () => navigate('/explain') })}
            >
              Delete
            </ConfirmButton>
          </>
        }
      />
      <ExplainNav current="" />
      {e.state === 'running' && (
        <JobProgress job={job} onCancel={() => e.jobId && void call('jobs:cancel', { id: e.jobId })} label="Explanation progress" />
      )}
      {(e.state === 'failed' || e.state === 'cancelled') && (
        <div className="notice notice-error" role="alert">
          <strong>This explanation {e.state === 'failed' ? 'failed' : 'was cancelled'}</strong>
          <p>{e.error}</p>
        </div>
      )}
      {e.state === 'done' && (
        <>
          <div className="stat-row">
            <StatTile label="Rows explained" value={e.rows.toLocaleString('en-US')} />
            <StatTile label="Features" value={e.features.length} />
            <StatTile
              label={`E[f(X)]${e.outputs.length > 1 ? ` (${e.outputs[output]})` : ''}`}
              value={fmt(e.expected[output])}
              hint="The expected model output: where every explanation starts."
            />
            {e.localAccuracy !== null ? (
              <StatTile
                label="Local accuracy (max |E[f] + Σφ − f(x)|)"
                value={fmt(e.localAccuracy, 2)}
                tone={e.localAccuracy < 1e-6 ? 'up' : 'warn'}
              />
            ) : (
              <StatTile
                label="Sampling error (largest mean standard error of a feature)"
                value={fmt(Math.max(0, ...(e.importance[output] ?? []).map((i) => i.meanSe ?? 0)), 3)}
                hint="Permutation and KernelSHAP estimate; each value's standard error shows in the row views and the CSV."
              />
            )}
            <StatTile label="Algorithm" value={ALGORITHM_LABELS[e.algorithm]} />
          </div>
          {e.outputs.length > 1 && (
            <label className="explain-output">
              Output{' '}
              <select aria-label="Output" value={output} onChange={(ev) => setOutput(Number(ev.target.value))}>
                {e.outputs.map((o, k) => (
                  <option key={k} value={k}>
                    {o}
                  </option>
                ))}
              </select>
            </label>
          )}
          <div className="explain-grid">
            <ImportanceView e={e} output={output} />
            <BeeswarmView e={e} output={output} highlight={highlight} setHighlight={setHighlight} />
          </div>
          <DependenceView e={e} output={output} />
          <h2 className="explain-section">One prediction</h2>
          <RowView e={e} output={output} position={position} setPosition={setPosition} />
          <section className="card">
            <div className="card-head">
              <h2>Compare with another explanation</h2>
            </div>
            <div className="form-row">
              <select aria-label="Compare with" value={against} onChange={(ev) => setAgainst(ev.target.value)}>
                <option value="">Pick an explanation…</option>
                {others.data
                  ?.filter((o) => o.id !== e.id && o.state === 'done')
                  .map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name} ({describe(o)})
                    </option>
                  ))}
              </select>
              <button disabled={!against} onClick={() => navigate(`/explain/compare/${e.id}/${against}`)}>
                Compare
              </button>
            </div>
          </section>
        </>
      )}
      <section className="card">
        <div className="card-head">
          <h2>What was explained</h2>
        </div>
        <dl className="explain-meta">
          <dt>Model</dt>
          <dd className="mono">
            {e.versionId !== null ? <a href={href(`/models/version/${e.versionId}`)}>{e.versionLabel}</a> : null} {e.modelSource} (
            {e.modelKind}
            {e.modelSha256 ? `, sha256 ${shortHash(e.modelSha256)}` : ''})
          </dd>
          <dt>Data</dt>
          <dd className="mono">
            {e.dataPath} (sha256 {shortHash(e.dataSha256)})
          </dd>
          <dt>Settings</dt>
          <dd className="mono small">{JSON.stringify(e.settings)}</dd>
          <dt>Outputs</dt>
          <dd>
            {e.outputs.join(', ')} ({e.link === 'identity' ? 'raw values' : `margins; ${e.link} link`})
          </dd>
          <dt>Created</dt>
          <dd>
            {formatTime(e.createdAt)}
            {e.finishedAt ? `, finished ${formatTime(e.finishedAt)}` : ''}
            {e.evaluations ? ` · ${e.evaluations.toLocaleString('en-US')} model evaluations` : ''}
          </dd>
          {e.notes.length > 0 && (
            <>
              <dt>Notes</dt>
              <dd>
                <ul>
                  {e.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              </dd>
            </>
          )}
        </dl>
      </section>
    </>
  )
}
