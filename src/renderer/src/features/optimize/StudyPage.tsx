import { useState } from 'react'
import type { StudyDetail } from '../../../../shared/contract/optimize'
import { href, navigate } from '../../app/router'
import { Chart } from '../../components/Chart'
import { ConfirmButton } from '../../components/ConfirmButton'
import { SegmentedControl } from '../../components/SegmentedControl'
import { StatTile } from '../../components/StatTile'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { contourOption, fmtValue, historyOption, intermediateOption, paretoOption, parallelOption, sliceOption } from './optimizeCharts'
import { ImportancesView } from './ImportancesView'
import { RegisterTrial } from './RegisterTrial'
import { StateCounts } from './StateCounts'
import { TrialsTable } from './TrialsTable'

type View = 'history' | 'intermediate' | 'parallel' | 'slice' | 'contour' | 'importance' | 'pareto'

const objectiveName = (d: StudyDetail, i: number): string =>
  (d.study.directions.length === 1 ? 'objective value' : `objective ${i}`) + ` (${d.study.directions[i]})`

/** One study: summary tiles, the plots, and its trials. */
export function StudyPage({ id }: { id: number }) {
  const detail = useChannel('optimize:study', { id })
  const del = useCommand('optimize:delete', ['optimize:studies'])
  if (detail.isPending) return <Loading what="the study" />
  if (detail.error) return <ErrorNotice error={detail.error} />
  const d = detail.data
  const s = d.study
  return (
    <div className="page">
      <PageHeader
        title={s.name}
        subtitle={
          <>
            <a href={href('/optimize')}>Optimisation</a> ·{' '}
            {s.directions.length === 1
              ? `${s.directions[0]} one objective`
              : `${s.directions.length} objectives (${s.directions.join(', ')})`}{' '}
            · from <span className="mono">{s.source}</span>
          </>
        }
        actions={
          <ConfirmButton
            question={`Delete ${s.name} from the console? The Optuna storage is not touched.`}
            onConfirm={() => del.mutate({ id }, { onSuccess: () => navigate('/optimize') })}
          >
            Delete study
          </ConfirmButton>
        }
      />
      <div className="stat-row">
        <StatTile label="trials" value={s.trials.toLocaleString('en-US')} />
        <StatTile label="complete" value={(s.states.COMPLETE ?? 0).toLocaleString('en-US')} tone="up" />
        <StatTile label="pruned" value={(s.states.PRUNED ?? 0).toLocaleString('en-US')} tone="warn" />
        <StatTile label="failed" value={(s.states.FAIL ?? 0).toLocaleString('en-US')} tone={s.states.FAIL ? 'down' : 'idle'} />
        {s.best ? (
          <StatTile label={`best value (trial ${s.best.number})`} value={fmtValue(s.best.value)} />
        ) : (
          <StatTile label="trials on the Pareto front" value={d.pareto.length} />
        )}
      </div>
      <p className="small">
        <StateCounts states={s.states} />
      </p>
      {d.sampled && (
        <p className="notice small">
          The plots and the table draw {d.trials.length.toLocaleString('en-US')} of the {s.trials.toLocaleString('en-US')} trials: the best
          half and the newest half. The history and the Pareto front use every trial.
        </p>
      )}
      <StudyViews d={d} />
      {s.best && <RegisterTrial studyId={id} number={s.best.number} />}
      <TrialsTable d={d} />
    </div>
  )
}

function StudyViews({ d }: { d: StudyDetail }) {
  const multi = d.study.directions.length > 1
  const [view, setView] = useState<View>(multi && d.study.directions.length === 2 ? 'pareto' : 'history')
  const [objective, setObjective] = useState(0)
  const params = d.paramSpecs.map((p) => p.name)
  const [slice, setSlice] = useState(params[0] ?? '')
  const [pair, setPair] = useState<[string, string]>([params[0] ?? '', params[1] ?? params[0] ?? ''])
  const iv = useChannel('optimize:intermediate', { id: d.study.id, maxTrials: 500 }, { enabled: view === 'intermediate' })
  const views: { id: View; label: string }[] = [
    ...(multi && d.study.directions.length === 2 ? [{ id: 'pareto' as const, label: 'Pareto front' }] : []),
    { id: 'history', label: 'History' },
    { id: 'intermediate', label: 'Intermediate values' },
    { id: 'parallel', label: 'Parallel coordinates' },
    { id: 'slice', label: 'Slice' },
    { id: 'contour', label: 'Two parameters' },
    { id: 'importance', label: 'Importances' }
  ]
  const name = objectiveName(d, objective)
  const none = d.history[objective]?.length === 0
  return (
    <section className="card" aria-label="Study plots">
      <div className="toolbar">
        <SegmentedControl label="Plot" options={views} value={view} onChange={setView} />
        {multi && view !== 'pareto' && (
          <label className="inline-field">
            Objective{' '}
            <select value={objective} onChange={(e) => setObjective(Number(e.target.value))}>
              {d.study.directions.map((dir, i) => (
                <option key={i} value={i}>
                  {i} ({dir})
                </option>
              ))}
            </select>
          </label>
        )}
        {view === 'slice' && (
          <label className="inline-field">
            Parameter{' '}
            <select value={slice} onChange={(e) => setSlice(e.target.value)}>
              {params.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          </label>
        )}
        {view === 'contour' &&
          ([0, 1] as const).map((k) => (
            <label key={k} className="inline-field">
              {k === 0 ? 'x' : 'y'}{' '}
              <select value={pair[k]} onChange={(e) => setPair((p) => (k === 0 ? [e.target.value, p[1]] : [p[0], e.target.value]))}>
                {params.map((p) => (
                  <option key={p}>{p}</option>
                ))}
              </select>
            </label>
          ))}
      </div>
      {none && view !== 'intermediate' && view !== 'importance' && (
        <p className="muted">No complete trial with a finite value yet: nothing to plot.</p>
      )}
      {!none && view === 'history' && (
        <Chart
          option={historyOption(d, objective, name)}
          label="Optimisation history"
          height={340}
          exportName={`${d.study.name}-history`}
        />
      )}
      {!none && view === 'parallel' && (
        <Chart
          option={parallelOption(d, objective, name)}
          label="Parallel coordinates"
          height={380}
          exportName={`${d.study.name}-parallel`}
        />
      )}
      {!none && view === 'slice' && slice && (
        <Chart
          option={sliceOption(d, slice, objective, name)}
          label={`Slice of ${slice}`}
          height={340}
          exportName={`${d.study.name}-slice-${slice}`}
        />
      )}
      {!none && view === 'contour' && pair[0] && (
        <Chart
          option={contourOption(d, pair[0], pair[1], objective, name)}
          label={`${pair[0]} against ${pair[1]}`}
          height={380}
          exportName={`${d.study.name}-params`}
        />
      )}
      {!none && view === 'pareto' && (
        <Chart
          option={paretoOption(d, [objectiveName(d, 0), objectiveName(d, 1)])}
          label="Pareto front"
          height={380}
          exportName={`${d.study.name}-pareto`}
        />
      )}
      {view === 'importance' && <ImportancesView studyId={d.study.id} objective={objective} />}
      {view === 'intermediate' && (
        <>
          {iv.isPending && <Loading what="intermediate values" />}
          {iv.error && <ErrorNotice error={iv.error} />}
          {iv.data && iv.data.trials.length === 0 && (
            <p className="muted">The trials reported no intermediate values (trial.report): there are no learning curves.</p>
          )}
          {iv.data && iv.data.trials.length > 0 && (
            <>
              <Chart
                option={intermediateOption(iv.data)}
                label="Intermediate values"
                height={360}
                exportName={`${d.study.name}-intermediate`}
              />
              <p className="small muted">{iv.data.rule}</p>
              <p className="small">
                {iv.data.prunedTotal.toLocaleString('en-US')} trials pruned in the study; those among the curves drawn:
              </p>
              {iv.data.pruned.length > 0 && (
                <div className="table-scroll">
                  <table className="table" aria-label="Pruned trials">
                    <thead>
                      <tr>
                        <th className="num">Trial</th>
                        <th className="num">Pruned at step</th>
                        <th className="num">Its best value so far</th>
                        <th className="num">Median of complete trials at that step</th>
                        <th className="num">Complete trials compared</th>
                      </tr>
                    </thead>
                    <tbody>
                      {iv.data.pruned.map((p) => (
                        <tr key={p.number}>
                          <td className="num">{p.number}</td>
                          <td className="num">{p.step}</td>
                          <td className="num">{fmtValue(p.value)}</td>
                          <td className="num">{fmtValue(p.median)}</td>
                          <td className="num">{p.others}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          )}
        </>
      )}
    </section>
  )
}
