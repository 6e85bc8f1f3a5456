import { useState } from 'react'
import { href } from '../../app/router'
import { Chart } from '../../components/Chart'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { TimeAgo } from '../../components/TimeAgo'
import { useChannel } from '../../lib/queries'
import { ImportStudies } from './ImportStudies'
import { OptimizeNav } from './OptimizeNav'
import { compareOption, fmtValue } from './optimizeCharts'
import { StateCounts } from './StateCounts'

/** Every imported study; tick single-objective studies to compare their best value so far. */
export function StudiesPage() {
  const list = useChannel('optimize:studies')
  const [picked, setPicked] = useState<number[]>([])
  const toggle = (id: number): void => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-10)))
  const compare = useChannel('optimize:compare', { ids: picked }, { enabled: picked.length >= 2 })
  return (
    <div className="page">
      <PageHeader
        title="Optimisation"
        subtitle="Hyperparameter tuning studies from Optuna, read offline: history, learning curves with pruning, parameter importances, Pareto fronts — and the best trial registered as a model version."
      />
      <OptimizeNav active="" />
      <ImportStudies />
      {list.isPending && <Loading what="studies" />}
      {list.error && <ErrorNotice error={list.error} />}
      {list.data && list.data.length === 0 && (
        <EmptyState title="No studies yet">
          Import the SQLite file of an Optuna RDB storage (<code>storage=&quot;sqlite:///study.db&quot;</code>) or a journal file above:
          every study in it appears here with its trials.
        </EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <section className="card">
          <p className="muted small">Tick two or more single-objective studies to draw their best value so far on one chart.</p>
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th aria-label="Pick" />
                  <th>Study</th>
                  <th>Objectives</th>
                  <th className="num">Trials</th>
                  <th>States</th>
                  <th className="num">Best value</th>
                  <th>Source</th>
                  <th>Imported</th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Pick ${s.name}`}
                        checked={picked.includes(s.id)}
                        disabled={s.directions.length !== 1}
                        onChange={() => toggle(s.id)}
                      />
                    </td>
                    <td>
                      <a href={href(`/optimize/${s.id}`)}>{s.name}</a>
                    </td>
                    <td>{s.directions.join(', ')}</td>
                    <td className="num">{s.trials.toLocaleString('en-US')}</td>
                    <td>
                      <StateCounts states={s.states} />
                    </td>
                    <td className="num">
                      {s.best ? `${fmtValue(s.best.value)} (trial ${s.best.number})` : s.directions.length > 1 ? 'Pareto front' : '—'}
                    </td>
                    <td className="mono small" title={s.source}>
                      {s.source.split('/').pop()} ({s.sourceKind})
                    </td>
                    <td>
                      <TimeAgo at={s.importedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {picked.length >= 2 && (
        <section className="card" aria-label="Studies compared">
          <h2>Best value so far, {picked.length} studies</h2>
          {compare.error && <ErrorNotice error={compare.error} />}
          {compare.data && (
            <Chart
              option={compareOption(compare.data)}
              label="Best value so far of the ticked studies"
              height={320}
              exportName="studies-compared"
            />
          )}
        </section>
      )}
    </div>
  )
}
