import { Chart } from '../../components/Chart'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { OptimizeNav } from './OptimizeNav'
import { fmtValue } from './optimizeCharts'
import { batches, fmtBytes, fmtPct, latencyOption } from './variantCharts'

const bad = (flag: boolean): string | undefined => (flag ? 'cell-bad' : undefined)

/** One comparison: every variant against its base at a glance, the gate's verdict and why. */
export function VariantPage({ id }: { id: number }) {
  const q = useChannel('optimize:variantComparison', { id })
  if (q.isPending) return <Loading what="the comparison" />
  if (q.error) return <ErrorNotice error={q.error} />
  const c = q.data
  const metric = c.metricKey === 'accuracy' ? 'Accuracy' : 'RMSE'
  const b1 = c.base.latency[0]
  const bN = c.base.latency.at(-1)
  const lat = (v: (typeof c.variants)[number] | typeof c.base, batch: number | undefined) => v.latency.find((l) => l.batch === batch)
  return (
    <div className="page">
      <PageHeader
        title={`Optimised versus base: ${c.name}`}
        subtitle={`Base ${c.base.label} · ${c.rows} holdout rows · gate: ${metric.toLowerCase()} drop ≤ ${c.gate.maxAccuracyDrop}, p95 latency gain ≥ ${fmtPct(c.gate.minLatencyGain, false)}`}
      />
      <OptimizeNav active="variants" />
      <section className="card" aria-label="Comparison at a glance">
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th>Version</th>
                <th>Lineage</th>
                <th className="num">Size</th>
                <th className="num">p50 / p95 / p99 (ms), batch {b1?.batch ?? '—'}</th>
                <th className="num">p95 (ms), batch {bN?.batch ?? '—'}</th>
                <th className="num">{metric}</th>
                <th className="num">Difference [95 % interval]</th>
                <th className="num">Same top-1</th>
                <th className="num">Largest score difference</th>
                <th>Gate</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>{c.base.label}</td>
                <td>base</td>
                <td className="num">{fmtBytes(c.base.sizeBytes)}</td>
                <td className="num">{b1 ? `${fmtValue(b1.p50)} / ${fmtValue(b1.p95)} / ${fmtValue(b1.p99)}` : '—'}</td>
                <td className="num">{bN ? fmtValue(bN.p95) : '—'}</td>
                <td className="num">{fmtValue(c.base.metric)}</td>
                <td className="num">—</td>
                <td className="num">—</td>
                <td className="num">—</td>
                <td />
              </tr>
              {c.variants.map((v) => {
                const l1 = lat(v, b1?.batch)
                const lN = lat(v, bN?.batch)
                const worse = c.metricKey === 'accuracy' ? v.metricDiff < 0 : v.metricDiff > 0
                return (
                  <tr key={v.versionId}>
                    <td>{v.label}</td>
                    <td>{v.kind}</td>
                    <td className={`num ${bad((v.sizeRatio ?? 0) > 1) ?? ''}`}>
                      {fmtBytes(v.sizeBytes)} {v.sizeRatio !== null && <span className="muted">(×{v.sizeRatio.toFixed(2)})</span>}
                    </td>
                    <td className={`num ${bad(v.latencyGain !== null && v.latencyGain < 0) ?? ''}`}>
                      {l1 ? `${fmtValue(l1.p50)} / ${fmtValue(l1.p95)} / ${fmtValue(l1.p99)}` : '—'}{' '}
                      {v.latencyGain !== null && (
                        <span>
                          ({v.latencyGain >= 0 ? `${fmtPct(v.latencyGain, false)} faster` : `${fmtPct(-v.latencyGain, false)} slower`})
                        </span>
                      )}
                    </td>
                    <td className={`num ${bad(!!lN && !!bN && lN.p95 > bN.p95) ?? ''}`}>{lN ? fmtValue(lN.p95) : '—'}</td>
                    <td className="num">{fmtValue(v.metric)}</td>
                    <td
                      className={`num ${bad(worse && !!v.diffCi && (c.metricKey === 'accuracy' ? v.diffCi[1] < 0 : v.diffCi[0] > 0)) ?? ''}`}
                    >
                      {v.metricDiff > 0 ? '+' : ''}
                      {fmtValue(v.metricDiff)}{' '}
                      {v.diffCi && (
                        <span className="muted">
                          [{fmtValue(v.diffCi[0])}, {fmtValue(v.diffCi[1])}]
                        </span>
                      )}
                    </td>
                    <td className="num">{v.sameTop1 === null ? '—' : fmtPct(v.sameTop1, false)}</td>
                    <td className="num">{fmtValue(v.maxScoreDiff)}</td>
                    <td>
                      <span className={`pill ${v.pass ? 'pass' : 'fail'}`}>{v.pass ? 'pass' : 'fail'}</span>
                      {v.reasons.length > 0 && <div className="small">{v.reasons.join('; ')}</div>}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
        <p className="muted small">
          Red: worse than the base (slower, bigger, or an accuracy drop whose interval excludes zero). Latencies:{' '}
          {c.latencySource ?? 'none given — the gate cannot pass without them'}.
        </p>
      </section>
      {batches(c).map((b) => (
        <section className="card" key={b} aria-label={`Latency at batch ${b}`}>
          <h2>Latency at batch {b}</h2>
          <Chart option={latencyOption(c, b)} label={`Latency percentiles at batch ${b}`} height={260} exportName={`latency-batch-${b}`} />
        </section>
      ))}
    </div>
  )
}
