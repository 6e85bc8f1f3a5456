import { useEffect, useMemo, useState } from 'react'
import type { ReportView } from '../../../../shared/contract/costs'
import { href } from '../../app/router'
import { Chart } from '../../components/Chart'
import { ConfirmButton } from '../../components/ConfirmButton'
import { Field } from '../../components/Field'
import { EmptyState, ErrorNotice, Loading } from '../../components/States'
import { StatTile } from '../../components/StatTile'
import { call } from '../../lib/client'
import { downloadText } from '../../lib/download'
import { formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { NoCostData } from './NoCostData'
import { buildCostOverTimeOption, buildForecastOption, buildTopOption } from './charts'
import { formatMoney, formatPct, monthRange } from './format'
import { TimeZoneInput } from '../../components/TimeZoneInput'
import { ReasonButton } from '../../components/ReasonButton'

const dayRe = /^\d{4}-\d{2}-\d{2}$/

export function ReportsPage() {
  const summary = useChannel('costs:summary')
  const dims = useChannel('costs:dimensions')
  const [range, setRange] = useState<{ from: string; to: string } | null>(null)
  const [service, setService] = useState('')
  const [csvError, setCsvError] = useState<unknown>(null)
  useEffect(() => {
    if (!range && summary.data?.hasData) setRange(monthRange(summary.data.month))
  }, [range, summary.data])
  if (summary.isPending) return <Loading what="costs" />
  if (summary.data && !summary.data.hasData) return <NoCostData />
  const r = range ?? { from: '', to: '' }
  const valid = dayRe.test(r.from) && dayRe.test(r.to) && r.from <= r.to
  const scope = service ? { service } : {}
  return (
    <>
      <section className="card no-print">
        <h2>Cost report</h2>
        <form className="inline-form" onSubmit={(e) => e.preventDefault()}>
          <label>
            From
            <input type="date" value={r.from} onChange={(e) => setRange({ ...r, from: e.target.value })} />
          </label>
          <label>
            To
            <input type="date" value={r.to} onChange={(e) => setRange({ ...r, to: e.target.value })} />
          </label>
          <label>
            Scope
            <select value={service} onChange={(e) => setService(e.target.value)}>
              <option value="">All costs</option>
              {dims.data?.service.map((s) => (
                <option key={s} value={s}>
                  service {s}
                </option>
              ))}
            </select>
          </label>
          <ReasonButton
            disabledReason={valid ? null : 'Pick a valid period first'}
            onClick={() => {
              setCsvError(null)
              call('costs:reportCsv', { from: r.from, to: r.to, scope })
                .then((x) => downloadText(x.filename, x.csv))
                .catch(setCsvError)
            }}
          >
            Download CSV
          </ReasonButton>
          <a
            className={`button-link${valid ? '' : ' disabled'}`}
            href={valid ? href(`/costs/report/${r.from}/${r.to}${service ? `/${encodeURIComponent(service)}` : ''}`) : undefined}
          >
            Printable PDF
          </a>
        </form>
        {Boolean(csvError) && <ErrorNotice error={csvError} />}
      </section>
      {valid && <ReportPreview from={r.from} to={r.to} service={service || undefined} />}
      <Schedules services={dims.data?.service ?? []} />
    </>
  )
}

function ReportPreview({ from, to, service }: { from: string; to: string; service?: string | undefined }) {
  const report = useChannel('costs:report', { from, to, scope: service ? { service } : {} })
  if (report.isPending) return <Loading what="report" />
  if (report.error) return <ErrorNotice error={report.error} />
  return (
    <section className="card report-preview">
      <ReportDocument report={report.data} animation />
    </section>
  )
}

/** #/costs/report/<from>/<to>[/<service>]: the report alone, styled for print (page.pdf(), Print → Save as PDF). */
export function ReportDocumentPage({ from, to, service }: { from: string; to: string; service?: string | undefined }) {
  const ok = dayRe.test(from) && dayRe.test(to)
  const report = useChannel('costs:report', { from, to, scope: service ? { service } : {} }, { enabled: ok })
  return (
    <div className="page report-page">
      <div className="toolbar no-print">
        <a href={href('/costs/reports')}>← Reports</a>
        <button type="button" className="primary" onClick={() => window.print()}>
          Print / Save as PDF
        </button>
      </div>
      {!ok && <EmptyState title="No such report">The address must name a period as /costs/report/YYYY-MM-DD/YYYY-MM-DD.</EmptyState>}
      {report.isPending && ok && <Loading what="report" />}
      {report.error && <ErrorNotice error={report.error} />}
      {report.data && (
        <article className="report-document" data-ready="true">
          <ReportDocument report={report.data} animation={false} />
        </article>
      )}
    </div>
  )
}

export function ReportDocument({ report: r, animation }: { report: ReportView; animation: boolean }) {
  const c = r.currency
  const granularity = r.series.buckets[0]?.length === 7 ? 'month' : r.summary.days > 31 ? 'week' : 'day'
  const seriesOption = useMemo(
    () => buildCostOverTimeOption(r.series, granularity, { animation, printable: true }),
    [r.series, granularity, animation]
  )
  const topOption = useMemo(() => buildTopOption(r.topServices.slice(0, 8), c, { animation }), [r.topServices, c, animation])
  const forecastOption = useMemo(
    () => (r.forecast.method !== 'none' ? buildForecastOption(r.forecast, { animation, historyDays: 60 }) : null),
    [r.forecast, animation]
  )
  return (
    <div className="report">
      <header className="report-head">
        <h1 className="report-title">{r.title}</h1>
        <p className="muted">
          Scope: {r.scopeLabel} · generated {formatTime(r.generatedAt)} · amounts in {c}
        </p>
      </header>
      <div className="stat-row">
        <StatTile label="Billed cost" value={formatMoney(r.summary.billed, c)} tone="idle" />
        <StatTile label="Effective (amortized) cost" value={formatMoney(r.summary.effective, c)} />
        <StatTile label={`Previous ${r.summary.days} days`} value={formatMoney(r.summary.previousBilled, c)} />
        <StatTile
          label="Change"
          value={r.summary.changePct === null ? '—' : `${r.summary.changePct > 0 ? '+' : ''}${formatPct(r.summary.changePct, 1)}`}
          tone={r.summary.changePct !== null && r.summary.changePct > 0.1 ? 'warn' : 'up'}
        />
        <StatTile label="Line items" value={r.summary.rows.toLocaleString('en-US')} />
      </div>
      <section className="report-section">
        <h2>Cost over time by service</h2>
        <Chart option={seriesOption} height={320} label={`Cost over time by service, ${c}`} />
      </section>
      <div className="report-columns">
        <section className="report-section">
          <h2>Top services</h2>
          {r.topServices.length ? (
            <Chart
              option={topOption}
              height={Math.max(160, 40 + r.topServices.slice(0, 8).length * 26)}
              label={`Top services by cost, ${c}`}
            />
          ) : (
            <p className="muted">No costs in this period.</p>
          )}
        </section>
        <section className="report-section">
          <h2>Top movers against the previous period</h2>
          <table className="table compact">
            <thead>
              <tr>
                <th>Service</th>
                <th className="num">Before</th>
                <th className="num">Now</th>
                <th className="num">Change</th>
              </tr>
            </thead>
            <tbody>
              {r.movers.map((m) => (
                <tr key={m.key}>
                  <td className="ellipsis">{m.key}</td>
                  <td className="num">{formatMoney(m.a, c)}</td>
                  <td className="num">{formatMoney(m.b, c)}</td>
                  <td className="num">
                    {m.delta > 0 ? '+' : ''}
                    {formatMoney(m.delta, c)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <section className="report-section">
        <h2>Budgets</h2>
        {r.budgets.length === 0 ? (
          <p className="muted">No budgets defined.</p>
        ) : (
          <table className="table compact">
            <thead>
              <tr>
                <th>Budget</th>
                <th>Period</th>
                <th className="num">Budget</th>
                <th className="num">Actual</th>
                <th className="num">Forecast</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {r.budgets.map((b) => (
                <tr key={b.id}>
                  <td>
                    {b.name} <span className="muted small">({b.scopeLabel})</span>
                  </td>
                  <td>{b.status.period}</td>
                  <td className="num">{formatMoney(b.amount, c)}</td>
                  <td className="num">
                    {formatMoney(b.status.actual, c)} ({formatPct(b.status.pctActual)})
                  </td>
                  <td className="num">{b.status.forecast ? formatMoney(b.status.forecast.mean, c) : '—'}</td>
                  <td>{b.status.state}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="report-section">
        <h2>Forecast</h2>
        {forecastOption && <Chart option={forecastOption} height={220} label={`Daily cost forecast with 95 % interval, ${c}`} />}
        {r.forecast.monthEnd && !r.forecast.reliable ? (
          <p className="forecast-unreliable">
            <strong>Unreliable forecast: month totals not shown.</strong> {r.forecast.unreliableReason}.
          </p>
        ) : r.forecast.monthEnd ? (
          <p>
            {r.forecast.monthEnd.month} month-end: <strong>{formatMoney(r.forecast.monthEnd.mean, c)}</strong> (95 % interval{' '}
            {formatMoney(r.forecast.monthEnd.lo, c)} – {formatMoney(r.forecast.monthEnd.hi, c)}). Next months:{' '}
            {r.forecast.nextMonths.map((m) => `${m.month} ${formatMoney(m.mean, c)}`).join(', ')}.{' '}
            {r.forecast.backtest.mape !== null
              ? `Backtest MAPE ${formatPct(r.forecast.backtest.mape, 1)} over ${r.forecast.backtest.holdoutDays} days.`
              : 'Too little history for a backtest.'}
          </p>
        ) : (
          <p className="muted">No forecast: no cost history.</p>
        )}
      </section>
      <section className="report-section">
        <h2>Recommendations</h2>
        {r.recommendations.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ul className="report-recs">
            {r.recommendations.map((x, i) => (
              <li key={i}>
                <strong>{x.title}</strong>
                {x.estimatedMonthlySavings > 0 ? ` — saves about ${formatMoney(x.estimatedMonthlySavings, c)} a month` : ''}.{' '}
                <span className="muted">{x.detail}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

function Schedules({ services }: { services: string[] }) {
  const list = useChannel('costs:schedules')
  const create = useCommand('costs:scheduleCreate', ['costs:schedules'])
  const del = useCommand('costs:scheduleDelete', ['costs:schedules'])
  const [form, setForm] = useState({
    name: '',
    cadence: 'monthly' as 'monthly' | 'weekly' | 'cron',
    cron: '0 6 1 * *',
    timezone: '',
    recipients: '',
    service: ''
  })
  const fieldError = (create.error as { field?: string } | null)?.field
  return (
    <section className="card no-print">
      <h2>Scheduled reports</h2>
      <p className="muted small">
        When a schedule is due, the report (HTML and CSV) is handed to the alerting e-mail channels for its recipients. Monthly reports
        cover the previous month; weekly ones the previous seven days. Times are the wall clock of the schedule’s time zone.
      </p>
      <form
        className="stacked-form"
        onSubmit={(e) => {
          e.preventDefault()
          create.mutate(
            {
              name: form.name,
              cadence: form.cadence,
              ...(form.cadence === 'cron' ? { cron: form.cron } : {}),
              ...(form.timezone.trim() ? { timezone: form.timezone.trim() } : {}),
              recipients: form.recipients.split(/[,\s]+/).filter(Boolean),
              scope: form.service ? { service: form.service } : {}
            },
            { onSuccess: () => setForm({ ...form, name: '' }) }
          )
        }}
      >
        <div className="form-row">
          <Field label="Name">
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="e.g. Monthly cost review" />
          </Field>
          <Field label="When" className="narrow">
            <select value={form.cadence} onChange={(e) => setForm({ ...form, cadence: e.target.value as 'monthly' | 'weekly' | 'cron' })}>
              <option value="monthly">monthly (1st, 06:00)</option>
              <option value="weekly">weekly (Monday 06:00)</option>
              <option value="cron">cron</option>
            </select>
          </Field>
          {form.cadence === 'cron' && (
            <Field label="Cron" className="narrow" error={fieldError === 'cron' ? create.error?.message : undefined}>
              <input value={form.cron} onChange={(e) => setForm({ ...form, cron: e.target.value })} className="mono" />
            </Field>
          )}
          <Field
            label="Time zone"
            className="medium"
            error={fieldError === 'timezone' ? create.error?.message : undefined}
            hint="IANA name; empty: the console machine’s zone"
          >
            <TimeZoneInput value={form.timezone} onChange={(timezone) => setForm({ ...form, timezone })} />
          </Field>
          <Field label="Recipients" hint="E-mail addresses, comma separated">
            <input
              value={form.recipients}
              onChange={(e) => setForm({ ...form, recipients: e.target.value })}
              placeholder="lead@example.com"
            />
          </Field>
          <Field label="Scope" className="medium">
            <select value={form.service} onChange={(e) => setForm({ ...form, service: e.target.value })}>
              <option value="">All costs</option>
              {services.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="form-actions">
          <button type="submit" disabled={!form.name.trim() || create.isPending}>
            Add schedule
          </button>
        </div>
        {create.error && !fieldError && <ErrorNotice error={create.error} />}
      </form>
      {list.data && list.data.length > 0 && (
        <table className="table compact">
          <thead>
            <tr>
              <th>Name</th>
              <th>When</th>
              <th>Time zone</th>
              <th>Recipients</th>
              <th>Next run</th>
              <th>Last run</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((s) => (
              <tr key={s.id}>
                <td>{s.name}</td>
                <td>{s.cadence === 'cron' ? <code>{s.cron}</code> : s.cadence}</td>
                <td className="mono">{s.timezone}</td>
                <td>{s.recipients.join(', ') || '—'}</td>
                <td>{formatTime(s.nextRunAt)}</td>
                <td>{s.lastRunAt ? formatTime(s.lastRunAt) : 'never'}</td>
                <td>
                  <ConfirmButton
                    className="link-button danger"
                    question={`Delete the schedule “${s.name}”?`}
                    onConfirm={() => del.mutate({ id: s.id })}
                  >
                    Delete
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
