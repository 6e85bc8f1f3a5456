import { useState } from 'react'
import { StatTile } from '../../components/StatTile'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { useChannel } from '../../lib/queries'
import { formatLift, formatUnits, formatValue } from './format'
import { MetricSelect } from './MetricSelect'

const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)} %`)

/** Sample size and duration for the experiment's MDE, and how much longer each variation needs (mid-experiment power). */
export function PowerPage({ id }: { id: number }) {
  const x = useChannel('experiments:get', { id })
  const [metric, setMetric] = useState<string | undefined>(undefined)
  const [perDay, setPerDay] = useState('')
  const unitsPerDay = Number(perDay) > 0 ? Number(perDay) : undefined
  const p = useChannel('experiments:power', { id, ...(metric ? { metric } : {}), ...(unitsPerDay ? { unitsPerDay } : {}) })
  if (!x.data) return null
  const e = x.data
  if (!e.metrics.length) return <EmptyState title="No metrics">Add a primary metric in Setup first.</EmptyState>
  return (
    <>
      <div className="toolbar">
        <MetricSelect metrics={e.metrics} value={metric ?? p.data?.metric ?? ''} onChange={setMetric} />
        <label>
          Units per day{' '}
          <input
            type="number"
            min={1}
            value={perDay}
            placeholder="from the data"
            onChange={(ev) => setPerDay(ev.target.value)}
            aria-label="Units per day"
          />
        </label>
      </div>
      {p.isPending && <Loading what="power" />}
      {p.error && <ErrorNotice error={p.error} />}
      {p.data && (
        <section className="card">
          <h2>Sample size and duration</h2>
          <p className="muted small">
            To detect a relative change of {formatLift(p.data.mde)} (the MDE) with {pct(p.data.targetPower)} power at α = {p.data.alpha}
            {p.data.sequential ? ', with the sequential engine (its intervals are wider, so it needs more units)' : ''}, from control’s mean
            and variance so far
            {p.data.baseline ? ` (mean ${formatValue(p.data.baseline.mean)}, variance ${formatValue(p.data.baseline.variance)})` : ''}.
          </p>
          {!p.data.baseline ? (
            <EmptyState title="No baseline yet">Import data: the plan needs control’s mean and variance.</EmptyState>
          ) : (
            <div className="stat-row">
              <StatTile
                label="units needed (all variations)"
                value={p.data.sampleSize === null ? 'out of reach' : formatUnits(p.data.sampleSize)}
              />
              <StatTile label="units so far" value={formatUnits(p.data.unitsSoFar)} />
              <StatTile label="units per day" value={p.data.unitsPerDay ? formatUnits(p.data.unitsPerDay) : '—'} />
              <StatTile
                label="days needed in total"
                value={p.data.daysNeeded === null ? '—' : `${p.data.daysNeeded} d`}
                tone={p.data.daysNeeded !== null && p.data.daysNeeded <= p.data.daysSoFar ? 'up' : 'warn'}
              />
              <StatTile label="power now for the MDE" value={pct(p.data.powerNow)} />
              <StatTile label="detectable now (80 % power)" value={p.data.mdeNow === null ? '—' : formatLift(p.data.mdeNow)} />
            </div>
          )}
          <h3>Mid-experiment power</h3>
          <p className="muted small">
            From each variation’s standard error so far: the power to detect the MDE now, and the extra units and days to reach the target.
          </p>
          <table className="table compact">
            <thead>
              <tr>
                <th>Variation</th>
                <th className="num">Power now</th>
                <th className="num">More units</th>
                <th className="num">More days</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {p.data.midExperiment.map((m) => (
                <tr key={m.variation}>
                  <td>{m.name}</td>
                  <td className="num">{pct(m.power)}</td>
                  <td className="num">{m.additionalUnits === null ? '—' : formatUnits(m.additionalUnits)}</td>
                  <td className="num">{m.additionalDays === null ? '—' : `${m.additionalDays} d`}</td>
                  <td>
                    {m.status === 'powered'
                      ? 'enough units'
                      : m.status === 'needs-more'
                        ? 'keep running'
                        : m.status === 'unreachable'
                          ? 'out of reach'
                          : 'no data'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  )
}
