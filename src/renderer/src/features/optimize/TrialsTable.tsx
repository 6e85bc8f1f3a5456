import { useState } from 'react'
import type { StudyDetail } from '../../../../shared/contract/optimize'
import { formatDuration } from '../../lib/format'
import { fmtValue } from './optimizeCharts'

const PAGE = 100

/** The study's trials, best first for one objective (other states after), a page at a time. */
export function TrialsTable({ d }: { d: StudyDetail }) {
  const [page, setPage] = useState(0)
  const dir = d.study.directions[0]
  const rank = (v: unknown): number => (typeof v === 'number' ? (dir === 'maximize' ? -v : v) : Infinity)
  const rows = [...d.trials].sort(
    (a, b) =>
      (a.state === 'COMPLETE' ? 0 : 1) - (b.state === 'COMPLETE' ? 0 : 1) || rank(a.values[0]) - rank(b.values[0]) || a.number - b.number
  )
  const shown = rows.slice(page * PAGE, page * PAGE + PAGE)
  const front = new Set(d.pareto)
  return (
    <section className="card" aria-label="Trials">
      <h2>Trials</h2>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th className="num">Trial</th>
              <th>State</th>
              {d.study.directions.map((dir, i) => (
                <th key={i} className="num">
                  {d.study.directions.length === 1 ? 'Value' : `Value ${i}`} ({dir})
                </th>
              ))}
              {d.paramSpecs.map((p) => (
                <th key={p.name}>{p.name}</th>
              ))}
              <th className="num">Steps</th>
              <th className="num">Duration</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((t) => (
              <tr key={t.number} className={front.has(t.number) ? 'highlight' : undefined}>
                <td className="num">{t.number}</td>
                <td>
                  <span className={`badge trial-${t.state.toLowerCase()}`}>{t.state.toLowerCase()}</span>
                </td>
                {d.study.directions.map((_, i) => (
                  <td key={i} className="num">
                    {fmtValue(t.values[i])}
                  </td>
                ))}
                {d.paramSpecs.map((p) => (
                  <td key={p.name} className="mono small">
                    {t.params[p.name] === undefined
                      ? '—'
                      : typeof t.params[p.name] === 'number'
                        ? fmtValue(t.params[p.name] as number)
                        : String(t.params[p.name])}
                  </td>
                ))}
                <td className="num">{t.intermediateSteps}</td>
                <td className="num">{t.durationMs === null ? '—' : formatDuration(t.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > PAGE && (
        <div className="pager">
          <button disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous
          </button>
          <span className="small">
            {page * PAGE + 1}–{Math.min(rows.length, page * PAGE + PAGE)} of {rows.length.toLocaleString('en-US')}
          </span>
          <button disabled={(page + 1) * PAGE >= rows.length} onClick={() => setPage(page + 1)}>
            Next
          </button>
        </div>
      )}
    </section>
  )
}
