import type { Engine, MetricResult, SliceResult } from '../../../../shared/contract/experiments'
import { formatChance, formatInterval, formatLift, formatMean, formatP, formatRisk, formatUnits, VERDICT_TEXT } from './format'
import { intervalBar, intervalScale, verdictClass, type IntervalScale } from './intervals'

const ROLE_LABEL: Record<MetricResult['role'], string> = {
  primary: 'Primary metric',
  secondary: 'Secondary metrics',
  guardrail: 'Guardrails'
}

function Bar({ r, scale }: { r: MetricResult['variations'][number]; scale: IntervalScale }) {
  const b = intervalBar(r, scale)
  if (!b) return <div className="interval-track empty" />
  return (
    <div
      className={`interval-track ${verdictClass(r.verdict)}`}
      title={`${formatLift(r.ci?.[0] ?? null)} to ${formatLift(r.ci?.[1] ?? null)}`}
    >
      <span className="interval-zero" style={{ left: `${b.zero}%` }} />
      <span
        className={`interval-bar${b.openLeft ? ' open-left' : ''}${b.openRight ? ' open-right' : ''}`}
        style={{ left: `${b.left}%`, width: `${b.width}%` }}
      />
      <span className="interval-dot" style={{ left: `${b.dot}%` }} />
    </div>
  )
}

/**
 * One slice's results: per metric (primary, secondary, guardrails) one row per variation against control, with the
 * lift, its interval as a bar on one scale for the whole table (coloured by significance, or by chance to win for the
 * Bayesian engine), and the p-value (adjusted when a correction is on) or chance to win and risk.
 */
export function ResultsTable({
  slice,
  engine,
  difference,
  compact = false
}: {
  slice: SliceResult
  engine: Engine
  difference: 'relative' | 'absolute'
  compact?: boolean
}) {
  const rows = slice.metrics.flatMap((m) => m.variations.slice(1))
  const scale = intervalScale(rows)
  const bayes = engine === 'bayesian'
  const corrected = rows.some((r) => r.pValueAdjusted !== null)
  const groups = (['primary', 'secondary', 'guardrail'] as const)
    .map((role) => ({ role, metrics: slice.metrics.filter((m) => m.role === role) }))
    .filter((g) => g.metrics.length)
  return (
    <div className="table-scroll">
      <table className="table results-table">
        <thead>
          <tr>
            <th>Metric</th>
            <th>Variation</th>
            <th className="num">Units</th>
            <th className="num">Control</th>
            <th className="num">Variation</th>
            <th className="num">{difference === 'relative' ? 'Lift' : 'Difference'}</th>
            <th className="interval-head">
              {bayes ? '95 % credible interval' : engine === 'sequential' ? 'Always-valid interval' : '95 % confidence interval'}
              <span className="interval-axis">
                <span>{formatLift(scale.min, difference)}</span>
                <span>{formatLift(scale.max, difference)}</span>
              </span>
            </th>
            {bayes ? (
              <>
                <th className="num">Chance to win</th>
                <th className="num" title="Expected loss if you ship this variation (and if you keep control)">
                  Risk (ship / keep)
                </th>
              </>
            ) : (
              <th className="num">{corrected ? 'p-value (adjusted)' : 'p-value'}</th>
            )}
            {!compact && <th>Verdict</th>}
          </tr>
        </thead>
        {groups.map((g) => (
          <tbody key={g.role}>
            <tr className="group-row">
              <th colSpan={bayes ? 10 : 9}>{ROLE_LABEL[g.role]}</th>
            </tr>
            {g.metrics.map((m) =>
              m.variations.slice(1).map((r, i) => (
                <tr key={`${m.key}-${r.key}`} className={verdictClass(r.verdict)}>
                  {i === 0 && (
                    <td rowSpan={m.variations.length - 1} className="metric-cell">
                      <strong>{m.name}</strong>
                      <span className="muted small">
                        {' '}
                        {m.kind}
                        {m.higherIsBetter ? '' : ' · lower is better'}
                        {m.cuped ? ' · CUPED' : ''}
                      </span>
                    </td>
                  )}
                  <td>{r.name}</td>
                  <td className="num">{formatUnits(r.units)}</td>
                  <td className="num">{formatMean(m.variations[0]!.mean, m.kind)}</td>
                  <td className="num">{formatMean(r.mean, m.kind)}</td>
                  <td className="num lift">
                    {r.error ? (
                      <span className="muted small" title={r.error}>
                        —
                      </span>
                    ) : (
                      formatLift(r.estimate, difference)
                    )}
                  </td>
                  <td title={r.error ?? formatInterval(r.ci, difference)}>
                    <Bar r={r} scale={scale} />
                  </td>
                  {bayes ? (
                    <>
                      <td className="num">{formatChance(r.chanceToWin)}</td>
                      <td className="num small">
                        {r.risk ? `${formatRisk(r.risk[1], difference)} / ${formatRisk(r.risk[0], difference)}` : '—'}
                      </td>
                    </>
                  ) : (
                    <td className="num" title={r.pValueAdjusted !== null ? `unadjusted p = ${formatP(r.pValue)}` : undefined}>
                      {formatP(r.pValueAdjusted ?? r.pValue)}
                    </td>
                  )}
                  {!compact && (
                    <td className={`verdict ${verdictClass(r.verdict)}`}>
                      {r.error ? <span title={r.error}>{VERDICT_TEXT.none}</span> : VERDICT_TEXT[r.verdict]}
                    </td>
                  )}
                </tr>
              ))
            )}
          </tbody>
        ))}
      </table>
    </div>
  )
}
