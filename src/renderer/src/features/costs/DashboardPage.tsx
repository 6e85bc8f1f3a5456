import { useMemo, useState } from 'react'
import type { ChannelInput } from '../../../../shared/contract'
import { Chart } from '../../components/Chart'
import { SegmentedControl } from '../../components/SegmentedControl'
import { StatTile } from '../../components/StatTile'
import { ErrorNotice, Loading } from '../../components/States'
import { withDeployMarkers } from '../../lib/deployMarkers'
import { useChannel, useCommand } from '../../lib/queries'
import { likeForLike } from '../../../../shared/costs/periods'
import { useDeployMarkers } from '../../lib/useDeployMarkers'
import { NoCostData } from './NoCostData'
import { bucketOfDay, buildCostOverTimeOption, buildForecastOption } from './charts'
import { addDays, formatMoney, formatPct, isCredit, monthRange, rankedShares, shiftMonth } from './format'
import { COSTS_DATA, useCostsUi, type Basis, type Granularity } from './store'

const GRANULARITIES = [
  { id: 'day', label: 'Day' },
  { id: 'week', label: 'Week' },
  { id: 'month', label: 'Month' }
] as const
const TRENDS = [
  { id: 'damped', label: 'Damped trend' },
  { id: 'linear', label: 'Linear trend' }
] as const
const BASES = [
  { id: 'billed', label: 'Billed' },
  { id: 'effective', label: 'Effective (amortized)' }
] as const
const DIMENSIONS = [
  ['service', 'Service'],
  ['category', 'Service category'],
  ['region', 'Region'],
  ['account', 'Billing account'],
  ['subAccount', 'Sub account'],
  ['chargeCategory', 'Charge category'],
  ['resource', 'Resource']
] as const

export function DashboardPage() {
  const ui = useCostsUi()
  const summary = useChannel('costs:summary', { ...(ui.month ? { month: ui.month } : {}), basis: ui.basis })
  if (summary.isPending) return <Loading what="costs" />
  if (summary.error) return <ErrorNotice error={summary.error} />
  if (!summary.data.hasData) return <NoCostData />
  return <Dashboard month={summary.data.month} summary={summary.data} />
}

type Summary = NonNullable<ReturnType<typeof useChannel<'costs:summary'>>['data']>

function Dashboard({ month, summary }: { month: string; summary: Summary }) {
  const ui = useCostsUi()
  const c = summary.currency
  const dims = useChannel('costs:dimensions')
  const range = useMemo(() => {
    const m = monthRange(month)
    if (ui.granularity === 'day') return m
    if (ui.granularity === 'week') return { from: monthRange(shiftMonth(month, -2)).from, to: m.to }
    return { from: monthRange(shiftMonth(month, -11)).from, to: m.to }
  }, [month, ui.granularity])
  const filters = {
    ...(ui.service ? { service: [ui.service] } : {}),
    ...(ui.region ? { region: [ui.region] } : {}),
    ...(ui.account ? { account: [ui.account] } : {})
  }
  const seriesInput: ChannelInput<'costs:series'> = {
    ...range,
    granularity: ui.granularity,
    groupBy: ui.groupBy,
    basis: ui.basis,
    filters,
    top: 8
  }
  const series = useChannel('costs:series', seriesInput)
  const [trend, setTrend] = useState<'damped' | 'linear'>('damped')
  const forecast = useChannel('costs:forecast', { basis: ui.basis, trend })
  // like for like: month-to-date against the same days of the month before (the service cuts the same way)
  const periods = likeForLike(monthRange(shiftMonth(month, -1)), monthRange(month), summary.lastDay)
  const prevKnown = !!summary.firstDay && periods.a.to >= summary.firstDay
  const movers = useChannel('costs:movers', {
    a: monthRange(shiftMonth(month, -1)),
    b: monthRange(month),
    groupBy: 'service',
    basis: ui.basis,
    limit: 8
  })
  const deploys = useDeployMarkers(Date.parse(`${range.from}T00:00:00Z`), Date.parse(`${range.to}T23:59:59.999Z`))
  const seriesOption = useMemo(() => {
    if (!series.data) return null
    const buckets = series.data.buckets
    const indexOf = (at: number): number => buckets.indexOf(bucketOfDay(new Date(at).toISOString().slice(0, 10), ui.granularity))
    return withDeployMarkers(buildCostOverTimeOption(series.data, ui.granularity), deploys, {
      kind: 'index',
      indexOf,
      count: buckets.length
    })
  }, [series.data, ui.granularity, deploys])
  const forecastOption = useMemo(
    () => (forecast.data && forecast.data.method !== 'none' ? buildForecastOption(forecast.data) : null),
    [forecast.data]
  )
  const f = summary.forecastMonthEnd
  const months = useMemo(() => {
    const out: string[] = []
    if (summary.firstDay && summary.lastDay)
      for (let m = summary.lastDay.slice(0, 7); m >= summary.firstDay.slice(0, 7) && out.length < 36; m = shiftMonth(m, -1)) out.push(m)
    return out
  }, [summary.firstDay, summary.lastDay])

  return (
    <>
      <div className="toolbar costs-filters">
        <label className="toggle">
          Month
          <select aria-label="Month" value={month} onChange={(e) => ui.set({ month: e.target.value })}>
            {months.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <SegmentedControl label="Cost basis" options={BASES} value={ui.basis} onChange={(basis: Basis) => ui.set({ basis })} />
        <FilterSelect label="Service" value={ui.service} options={dims.data?.service ?? []} onChange={(service) => ui.set({ service })} />
        <FilterSelect label="Region" value={ui.region} options={dims.data?.region ?? []} onChange={(region) => ui.set({ region })} />
        <FilterSelect label="Account" value={ui.account} options={dims.data?.account ?? []} onChange={(account) => ui.set({ account })} />
      </div>
      <div className="stat-row">
        <StatTile
          label={`Total ${month} (${ui.basis})`}
          value={formatMoney(summary.monthToDate, c)}
          tone="idle"
          hint={`Cost data from ${summary.firstDay} to ${summary.lastDay}`}
        />
        <StatTile
          label={`Previous month ${shiftMonth(month, -1)}`}
          value={prevKnown ? formatMoney(summary.previousMonth, c) : 'no data'}
          {...(prevKnown ? {} : { hint: `Cost data starts ${summary.firstDay}` })}
        />
        <StatTile
          label={
            f?.reliable
              ? `Forecast month-end (95 %: ${formatMoney(f.lo, c)} – ${formatMoney(f.hi, c)})`
              : f
                ? 'Forecast month-end: unreliable'
                : 'Forecast month-end (latest month only)'
          }
          value={f?.reliable ? formatMoney(f.mean, c) : '—'}
          tone={f && !f.reliable ? 'warn' : 'maint'}
          hint={
            f && !f.reliable
              ? `Not shown: ${f.unreliableReason}`
              : summary.mape !== null
                ? `Backtest MAPE ${formatPct(summary.mape, 1)}`
                : 'Not enough history to backtest'
          }
        />
        <StatTile
          label={summary.budgets.total ? `Budgets over (${summary.budgets.warning} more at risk)` : 'Budgets: none yet'}
          value={summary.budgets.total ? `${summary.budgets.over} of ${summary.budgets.total}` : '—'}
          tone={summary.budgets.over ? 'down' : summary.budgets.warning ? 'warn' : 'up'}
        />
        <StatTile
          label="Anomalous days this month"
          value={summary.anomalies}
          tone={summary.anomalies ? 'warn' : 'up'}
          hint="Days beyond median ± k·MAD of the previous days"
        />
      </div>
      <section className="card">
        <div className="card-head">
          <h2>Cost over time</h2>
          <div className="toolbar">
            <label className="toggle">
              Stack by
              <select aria-label="Stack by" value={ui.groupBy} onChange={(e) => ui.set({ groupBy: e.target.value })}>
                {DIMENSIONS.map(([id, label]) => (
                  <option key={id} value={id}>
                    {label}
                  </option>
                ))}
                {(dims.data?.tagKeys ?? []).map((k) => (
                  <option key={k} value={`tag:${k}`}>
                    Tag: {k}
                  </option>
                ))}
              </select>
            </label>
            <SegmentedControl
              label="Granularity"
              options={GRANULARITIES}
              value={ui.granularity}
              onChange={(granularity: Granularity) => ui.set({ granularity })}
            />
            <AnomalyK />
          </div>
        </div>
        {series.error && <ErrorNotice error={series.error} />}
        {seriesOption && <Chart option={seriesOption} height={340} label={`Cost per ${ui.granularity} stacked by ${ui.groupBy}, ${c}`} />}
        {series.data && series.data.anomalies.length > 0 && (
          <p className="muted small">
            ▲ {series.data.anomalies.length} anomalous day{series.data.anomalies.length > 1 ? 's' : ''} (beyond median ± k·MAD of the
            previous days):{' '}
            {series.data.anomalies
              .slice(0, 6)
              .map((a) => `${a.day} ${formatMoney(a.value, c)} (median ${formatMoney(a.median, c)})`)
              .join('; ')}
            {series.data.anomalies.length > 6 ? '; …' : ''}
          </p>
        )}
      </section>
      <div className="grid two align-start">
        <section className="card">
          <div className="card-head">
            <h2>Forecast</h2>
            <SegmentedControl label="Trend" options={TRENDS} value={trend} onChange={setTrend} />
          </div>
          {forecast.error && <ErrorNotice error={forecast.error} />}
          {forecast.data && forecast.data.method !== 'none' && !forecast.data.reliable && (
            <div className="notice notice-warn forecast-unreliable" role="status">
              <strong>Unreliable forecast: month totals not shown.</strong> {forecast.data.unreliableReason}.
            </div>
          )}
          {forecast.data && forecast.data.method === 'none' && <p className="muted">No history to forecast yet.</p>}
          {forecastOption && <Chart option={forecastOption} height={260} label={`Daily cost and forecast with 95 % interval, ${c}`} />}
          {forecast.data?.monthEnd && forecast.data.reliable && (
            <table className="table compact">
              <thead>
                <tr>
                  <th>Month</th>
                  <th className="num">Forecast</th>
                  <th className="num">95 % interval</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td>{forecast.data.monthEnd.month} (month-end)</td>
                  <td className="num">{formatMoney(forecast.data.monthEnd.mean, c)}</td>
                  <td className="num">
                    {formatMoney(forecast.data.monthEnd.lo, c)} – {formatMoney(forecast.data.monthEnd.hi, c)}
                  </td>
                </tr>
                {forecast.data.nextMonths.map((m) => (
                  <tr key={m.month}>
                    <td>{m.month}</td>
                    <td className="num">{formatMoney(m.mean, c)}</td>
                    <td className="num">
                      {formatMoney(m.lo, c)} – {formatMoney(m.hi, c)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {forecast.data && forecast.data.method !== 'none' && (
            <p className="muted small">
              {forecast.data.method === 'holt-winters'
                ? `Holt-Winters (additive, weekly seasonality, ${forecast.data.trend === 'damped' ? `damped trend φ = ${forecast.data.params?.phi.toFixed(2)}` : 'linear trend'})`
                : 'Mean of the days so far (less than two weeks of history)'}
              .{' '}
              {forecast.data.backtest.mape !== null
                ? `Backtest over the last ${forecast.data.backtest.holdoutDays} days: MAPE ${formatPct(forecast.data.backtest.mape, 1)}.`
                : 'Too little history for a backtest: treat it as a rough guide.'}
            </p>
          )}
        </section>
        <section className="card">
          <h2>
            Top movers {shiftMonth(month, -1)} → {month}
          </h2>
          {periods.partial && (
            <p className="muted small movers-periods">
              Month to date: {periods.b.from} – {periods.b.to} against the same days of the month before ({periods.a.from} – {periods.a.to}
              ).
            </p>
          )}
          {movers.data && movers.data.length === 0 && <p className="muted">No costs in either month.</p>}
          {movers.data && movers.data.length > 0 && (
            <table className="table compact">
              <thead>
                <tr>
                  <th>Service</th>
                  <th className="num">{shiftMonth(month, -1)}</th>
                  <th className="num">{month}</th>
                  <th className="num">Change</th>
                </tr>
              </thead>
              <tbody>
                {movers.data.map((m) => (
                  <tr key={m.key}>
                    <td className="ellipsis" title={m.key}>
                      {m.key}
                    </td>
                    <td className="num">{prevKnown ? formatMoney(m.a, c) : <span className="muted">no data</span>}</td>
                    <td className="num">{formatMoney(m.b, c)}</td>
                    {prevKnown ? (
                      <td className={`num ${m.delta > 0 ? 'cost-up' : 'cost-down'}`}>
                        {m.delta > 0 ? '+' : ''}
                        {formatMoney(m.delta, c)} {m.pct !== null ? `(${formatPct(m.pct)})` : '(new)'}
                      </td>
                    ) : (
                      <td className="num muted">—</td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <TopTable month={month} groupBy={ui.groupBy} basis={ui.basis} filters={filters} currency={c} />
      <UnitCosts from={addDays(monthRange(month).from, 0)} to={monthRange(month).to} services={dims.data?.service ?? []} currency={c} />
    </>
  )
}

/** The month's cost by the "stack by" dimension, ranked, with amount and share of the total. */
function TopTable({
  month,
  groupBy,
  basis,
  filters,
  currency
}: {
  month: string
  groupBy: ChannelInput<'costs:series'>['groupBy']
  basis: Basis
  filters: ChannelInput<'costs:series'>['filters']
  currency: string
}) {
  const top = useChannel('costs:series', { ...monthRange(month), granularity: 'month', groupBy, basis, filters, top: 10 })
  const label = DIMENSIONS.find(([id]) => id === groupBy)?.[1] ?? String(groupBy ?? 'service').replace(/^tag:/, 'tag ')
  const rows = top.data ? rankedShares(top.data.series) : []
  return (
    <section className="card top-table">
      <h2>
        Top 10 by {label.toLowerCase()}, {month}
      </h2>
      {top.error && <ErrorNotice error={top.error} />}
      {top.data && rows.length === 0 && <p className="muted">No costs this month.</p>}
      {rows.length > 0 && (
        <table className="table compact">
          <thead>
            <tr>
              <th className="num">#</th>
              <th>{label}</th>
              <th className="num">Amount ({basis})</th>
              <th className="num">Share of total</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.key}>
                <td className="num muted">{r.key === 'Other' ? '' : i + 1}</td>
                <td className="ellipsis" title={r.key}>
                  {r.key === 'Other' ? <span className="muted">Other (the rest)</span> : r.key}
                </td>
                <td className="num">
                  {isCredit(r.amount) && <span className="badge credit">credit</span>} {formatMoney(r.amount, currency)}
                </td>
                <td className="num">
                  <span className="share-bar" style={{ width: `${Math.max(0, Math.min(1, r.share ?? 0)) * 60}px` }} />{' '}
                  {formatPct(r.share, 1)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

/** k of the anomaly rule median ± k·MAD (saved in the workspace). */
function AnomalyK() {
  const settings = useChannel('costs:settings')
  const save = useCommand('costs:setSettings', COSTS_DATA)
  const [draft, setDraft] = useState<string | null>(null)
  const value = draft ?? String(settings.data?.anomalyK ?? 3)
  const commit = (): void => {
    const k = Number(value)
    if (draft !== null && Number.isFinite(k) && k >= 0.5 && k <= 20) save.mutate({ anomalyK: k }, { onSuccess: () => setDraft(null) })
  }
  return (
    <label className="toggle" title="Days beyond median ± k·MAD of the previous days are marked">
      Anomaly k
      <input
        className="anomaly-k"
        type="number"
        min={0.5}
        max={20}
        step={0.5}
        value={value}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        aria-label="Anomaly sensitivity k"
      />
    </label>
  )
}

function FilterSelect({
  label,
  value,
  options,
  onChange
}: {
  label: string
  value: string
  options: string[]
  onChange: (v: string) => void
}) {
  return (
    <label className="toggle">
      {label}
      <select aria-label={`Filter by ${label.toLowerCase()}`} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o.length > 40 ? `${o.slice(0, 39)}…` : o}
          </option>
        ))}
      </select>
    </label>
  )
}

function UnitCosts({ from, to, services, currency }: { from: string; to: string; services: string[]; currency: string }) {
  const units = useChannel('costs:unitCosts', { from, to })
  const monitored = useChannel('health:overview')
  const link = useCommand('costs:link', COSTS_DATA)
  const unlink = useCommand('costs:unlink', COSTS_DATA)
  const [costService, setCostService] = useState('')
  const [serviceId, setServiceId] = useState('')
  return (
    <section className="card">
      <h2>Cost per 1,000 checks</h2>
      <p className="muted small">
        Link a billed service to a monitored service to see what each 1,000 health checks of it cost in this month.
      </p>
      {units.data && units.data.length > 0 && (
        <table className="table compact">
          <thead>
            <tr>
              <th>Billed service</th>
              <th>Monitored service</th>
              <th className="num">Effective cost</th>
              <th className="num">Checks</th>
              <th className="num">Per 1,000 checks</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {units.data.map((u) => (
              <tr key={`${u.costService}-${u.serviceId}`}>
                <td>{u.costService}</td>
                <td>{u.serviceName}</td>
                <td className="num">{formatMoney(u.cost, currency)}</td>
                <td className="num">{u.checks.toLocaleString('en-US')}</td>
                <td className="num">{u.costPer1000 === null ? 'no checks in this month' : formatMoney(u.costPer1000, currency)}</td>
                <td>
                  <button
                    className="link-button danger"
                    type="button"
                    onClick={() => unlink.mutate({ costService: u.costService, serviceId: u.serviceId })}
                  >
                    Unlink
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(monitored.data?.length ?? 0) === 0 ? (
        <p className="muted small">No monitored services yet: add one under Services to compute unit costs.</p>
      ) : (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault()
            if (costService && serviceId) link.mutate({ costService, serviceId: Number(serviceId) })
          }}
        >
          <label>
            Billed service
            <select value={costService} onChange={(e) => setCostService(e.target.value)}>
              <option value="">Choose…</option>
              {services.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Monitored service
            <select value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
              <option value="">Choose…</option>
              {monitored.data?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.environment})
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={!costService || !serviceId || link.isPending}>
            Link
          </button>
        </form>
      )}
      {link.error && <ErrorNotice error={link.error} title="Link failed" />}
    </section>
  )
}
