import { href } from '../../app/router'
import { Chart } from '../../components/Chart'
import { StatTile } from '../../components/StatTile'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { caruanaTraceOption, lossOption, METHOD_NAMES, weightsOption } from './ensembleCharts'
import { OptimizeNav } from './OptimizeNav'
import { fmtValue } from './optimizeCharts'

/** One ensemble: its weights, every member and method evaluated on the held-out rows, and the test against the champion. */
export function EnsemblePage({ id }: { id: number }) {
  const q = useChannel('optimize:ensemble', { id })
  if (q.isPending) return <Loading what="the ensemble" />
  if (q.error) return <ErrorNotice error={q.error} />
  const d = q.data
  const s = d.summary
  const metricKeys = [...new Set(d.evaluated.flatMap((e) => e.metrics.map((m) => m.key)))]
  return (
    <div className="page">
      <PageHeader
        title={`Ensemble ${s.name}`}
        subtitle={`${METHOD_NAMES[s.method]} of ${s.members.map((m) => m.label).join(', ')} · ${s.task} · holdout ${d.holdoutPath}`}
      />
      <OptimizeNav active="ensembles" />
      <div className="stat-row">
        <StatTile label={`ensemble ${s.lossKey} (held out)`} value={fmtValue(s.ensembleLoss)} tone={s.beatsChampion ? 'up' : 'down'} />
        <StatTile label={`champion ${s.championLabel}`} value={fmtValue(s.championLoss)} />
        <StatTile
          label="beats the champion?"
          value={s.beatsChampion ? 'yes' : 'no'}
          tone={s.beatsChampion ? 'up' : 'down'}
          hint="Lower loss than the champion (the member aliased “champion”, else the best member) on the evaluation rows"
        />
        <StatTile
          label="rows: fit / evaluated"
          value={`${d.fitRows} / ${d.evalRows}`}
          hint="Even rows fit the weights, odd rows evaluate"
        />
      </div>
      {d.paired && (
        <p className="small">
          Paired test against the champion on the evaluation rows — {d.paired.method}: p = {fmtValue(d.paired.pValue)}. {d.paired.detail}
        </p>
      )}
      {s.registeredVersionId !== null && (
        <p className="small">
          Registered as <a href={href(`/models/version/${s.registeredVersionId}`)}>version {s.registeredVersionId}</a>, weights in its tags.
        </p>
      )}
      <section className="card" aria-label="Weights">
        <h2>Weights</h2>
        <Chart option={weightsOption(d)} label="Each member's weight per method" height={260} exportName="ensemble-weights" />
        <table className="table small">
          <thead>
            <tr>
              <th>Member</th>
              {(['average', 'nnls', 'caruana'] as const).map((m) => (
                <th key={m} className="num">
                  {METHOD_NAMES[m]}
                  {m === s.method ? ' (used)' : ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {s.members.map((m, i) => (
              <tr key={m.versionId}>
                <td>
                  {m.label}
                  {m.champion ? ' — champion' : ''}
                </td>
                {(['average', 'nnls', 'caruana'] as const).map((k) => (
                  <td key={k} className="num">
                    {fmtValue(d.weights[k]?.[i])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-label="Held-out evaluation">
        <h2>Held-out evaluation ({d.evalRows} rows the weights never saw)</h2>
        <Chart
          option={lossOption(d)}
          label={`${s.lossKey} of every member and ensemble`}
          height={60 + 34 * d.evaluated.length}
          exportName="ensemble-loss"
        />
        <div className="table-scroll">
          <table className="table small">
            <thead>
              <tr>
                <th>Version</th>
                {metricKeys.map((k) => (
                  <th key={k} className="num">
                    {k}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {d.evaluated.map((e) => (
                <tr key={e.key}>
                  <td>{e.kind === 'ensemble' ? <strong>{e.label}</strong> : e.label}</td>
                  {metricKeys.map((k) => {
                    const m = e.metrics.find((x) => x.key === k)
                    return (
                      <td key={k} className="num" title={m?.ci ? `95 % interval ${fmtValue(m.ci[0])} – ${fmtValue(m.ci[1])}` : undefined}>
                        {fmtValue(m?.value)}
                        {m?.ci && (
                          <span className="muted">
                            {' '}
                            [{fmtValue(m.ci[0])}, {fmtValue(m.ci[1])}]
                          </span>
                        )}
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {d.notes.map((n) => (
          <p key={n} className="muted small">
            {n}
          </p>
        ))}
      </section>
      <section className="card" aria-label="Caruana selection">
        <h2>Caruana selection: {d.rounds} rounds</h2>
        <Chart option={caruanaTraceOption(d)} label="Fit-rows loss after each greedy round" height={220} exportName="ensemble-caruana" />
      </section>
    </div>
  )
}
