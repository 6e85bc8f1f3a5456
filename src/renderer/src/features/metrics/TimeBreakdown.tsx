import type { MetricRecommendation } from '../../../../shared/contract/metrics'

type Breakdown = NonNullable<MetricRecommendation['breakdown']>

const COLORS = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#14b8a6', '#9ca3af']

const seconds = (s: number): string => (s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(2)} s`)

/** Where a slow endpoint's time goes: one bar of shares of the mean request duration, with a legend and tooltips. */
export function TimeBreakdown({ breakdown }: { breakdown: Breakdown }) {
  return (
    <figure className="time-breakdown" aria-label="Where time goes" style={{ margin: '0.4em 0 0' }}>
      <div style={{ display: 'flex', height: 12, width: 240, borderRadius: 3, overflow: 'hidden', background: '#e5e7eb' }}>
        {breakdown.map((p, i) => (
          <div
            key={p.component}
            title={`${p.component}: ${seconds(p.seconds)} per request, ${Math.round(p.share * 100)} % of the mean duration`}
            style={{ width: `${Math.min(100, p.share * 100)}%`, background: COLORS[i % COLORS.length] }}
          />
        ))}
      </div>
      <figcaption className="muted small">
        Share of the mean request duration:{' '}
        {breakdown.map((p, i) => (
          <span key={p.component} style={{ marginRight: 8, whiteSpace: 'nowrap' }}>
            <span
              aria-hidden
              style={{ display: 'inline-block', width: 8, height: 8, marginRight: 3, background: COLORS[i % COLORS.length] }}
            />
            {p.component} {Math.round(p.share * 100)} % ({seconds(p.seconds)})
          </span>
        ))}
      </figcaption>
    </figure>
  )
}
