import { useState } from 'react'
import { ALGORITHM_LABELS } from '../../../../shared/contract/explain'
import { href, navigate } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { TimeAgo } from '../../components/TimeAgo'
import { useChannel } from '../../lib/queries'
import { ExplainNav } from './ExplainNav'

/** Every stored explanation; tick two to compare them. */
export function ExplanationsPage() {
  const list = useChannel('explain:list')
  const [picked, setPicked] = useState<number[]>([])
  const toggle = (id: number): void => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p.slice(-1), id]))
  return (
    <div className="page">
      <PageHeader
        title="Explainability"
        subtitle="Why a model predicted what it did: SHAP values of a version over a data file, and how a new version's reasoning differs from the old one's."
        actions={
          <>
            <button className="primary" onClick={() => navigate('/explain/new')}>
              New explanation
            </button>
            <button disabled={picked.length !== 2} onClick={() => navigate(`/explain/compare/${picked[0]}/${picked[1]}`)}>
              Compare the two ticked
            </button>
          </>
        }
      />
      <ExplainNav current="" />
      {list.isPending && <Loading what="explanations" />}
      {list.error && <ErrorNotice error={list.error} />}
      {list.data && list.data.length === 0 && (
        <EmptyState
          title="No explanations yet"
          action={
            <a className="button-link" href={href('/explain/new')}>
              New explanation
            </a>
          }
        >
          Pick a model version (or a model file), a data file and an algorithm: the SHAP values of every row are computed in the background
          and the views appear here.
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <section className="card">
          <p className="muted small">Tick two explanations of the same data (say, two versions of a model) to compare them.</p>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th aria-label="Pick" />
                  <th>Explanation</th>
                  <th>Version or model</th>
                  <th>Algorithm</th>
                  <th className="num">Rows</th>
                  <th className="num">Features</th>
                  <th>State</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Pick ${e.name}`}
                        checked={picked.includes(e.id)}
                        disabled={e.state !== 'done'}
                        onChange={() => toggle(e.id)}
                      />
                    </td>
                    <td>
                      <a href={href(`/explain/${e.id}`)}>{e.name}</a>
                    </td>
                    <td className="mono small">{e.versionLabel ?? e.modelSource}</td>
                    <td>{ALGORITHM_LABELS[e.algorithm]}</td>
                    <td className="num">{e.rows.toLocaleString('en-US')}</td>
                    <td className="num">{e.featureCount}</td>
                    <td>
                      <span
                        className={`pill ${e.state === 'done' ? 'pass' : e.state === 'failed' ? 'fail' : e.state === 'running' ? 'warn' : ''}`}
                        title={e.error ?? ''}
                      >
                        {e.state}
                      </span>
                    </td>
                    <td>
                      <TimeAgo at={e.createdAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  )
}
