/** Cost reports: the report view, its CSV export and HTML e-mail body, and the schedules that send them. */
import type { ReportView } from '../../../shared/contract/costs'
import { invalid } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Db } from '../../db/open'
import { scopeLabel, type Basis, type CostsAnalysis, type Scope } from './analysis'
import type { CostsBudgets } from './budgets'
import { cronProblem, nextRun, systemTimeZone } from '../../core/cron'
import { csvCell, htmlEscape } from '../../core/escape'
import { addDays, addMonths, dayOf, daysBetween, monthEnd, monthOf, DAY_MS } from './dates'
import { formatNano, fromNano, readMoney, round, sumMoneySql, sumNano } from './money'
import type { CostsRepo, Filters } from './repo'
import type { CostsSavings } from './savings'
import { currencyOf } from './settings'

/** One row per day, service, category, region and account, amounts exact to 1e-9, then a total line. */
export function buildReportCsv(
  rows: { day: string; service: string; service_category: string; region: string; account: string; billed: bigint; effective: bigint }[],
  currency: string
): string {
  const lines = ['date,service,service_category,region,account,billed_cost,effective_cost,currency']
  let billed = 0n
  let effective = 0n
  for (const r of rows) {
    billed += r.billed
    effective += r.effective
    lines.push(
      [r.day, r.service, r.service_category, r.region, r.account, formatNano(r.billed, 9), formatNano(r.effective, 9), currency]
        .map(csvCell)
        .join(',')
    )
  }
  lines.push(['total', '', '', '', '', formatNano(billed, 9), formatNano(effective, 9), currency].join(','))
  return lines.join('\n') + '\n'
}

const esc = htmlEscape

/** A plain HTML e-mail body of the report (tables only: mail clients do not run charts). */
export function buildReportHtml(r: ReportView): string {
  const money = (v: number): string =>
    `${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${esc(r.currency)}`
  const rows = (cells: string[][]): string => cells.map((c) => `<tr>${c.map((x) => `<td>${x}</td>`).join('')}</tr>`).join('')
  return `<!doctype html><html><body style="font-family:sans-serif">
<h1>${esc(r.title)}</h1>
<p>Billed ${money(r.summary.billed)} (effective ${money(r.summary.effective)}) over ${r.summary.days} days; previous period ${money(r.summary.previousBilled)}${r.summary.changePct === null ? '' : ` (${(r.summary.changePct * 100).toFixed(1)} %)`}.</p>
${r.forecast.monthEnd ? `<p>Forecast for ${esc(r.forecast.monthEnd.month)}: ${money(r.forecast.monthEnd.mean)} (95 % interval ${money(r.forecast.monthEnd.lo)} – ${money(r.forecast.monthEnd.hi)})${r.forecast.backtest.mape === null ? '' : `, backtest MAPE ${(r.forecast.backtest.mape * 100).toFixed(1)} %`}.</p>` : ''}
<h2>Top services</h2><table border="1" cellpadding="4">${rows([['Service', 'Cost', 'Share'], ...r.topServices.map((s) => [esc(s.key), money(s.amount), `${(s.share * 100).toFixed(1)} %`])])}</table>
<h2>Top movers</h2><table border="1" cellpadding="4">${rows([['Service', 'Previous', 'This period', 'Change'], ...r.movers.map((m) => [esc(m.key), money(m.a), money(m.b), money(m.delta)])])}</table>
<h2>Budgets</h2><table border="1" cellpadding="4">${rows([['Budget', 'Period', 'Actual', 'Budget', 'Used'], ...r.budgets.map((b) => [esc(b.name), esc(b.status.period), money(b.status.actual), money(b.amount), `${(b.status.pctActual * 100).toFixed(0)} %`])])}</table>
<h2>Recommendations</h2><ul>${r.recommendations.map((x) => `<li><b>${esc(x.title)}</b>: ${esc(x.detail)}</li>`).join('')}</ul>
</body></html>`
}

export type ReportScope = { service?: string | undefined; tag?: { key: string; value: string } | undefined }
export type ReportInput = { from: string; to: string; scope: ReportScope }
export type ScheduleInput = {
  name: string
  cadence: 'monthly' | 'weekly' | 'cron'
  cron?: string | undefined
  /** IANA zone; omitted or empty: the console machine's zone. */
  timezone?: string | undefined
  recipients: string[]
  scope: ReportScope
}

/** Monthly reports go out on the 1st and weekly ones on Mondays, at 06:00 in the schedule's zone. */
const CADENCE_CRON = { monthly: '0 6 1 * *', weekly: '0 6 * * 1' } as const

export interface ReportsDeps {
  db: Db
  clock: Clock
  bus: EventBus
  repo: CostsRepo
  analysis: CostsAnalysis
  budgets: CostsBudgets
  savings: CostsSavings
}

export class CostsReports {
  constructor(private readonly deps: ReportsDeps) {}

  report(input: ReportInput): ReportView {
    if (input.to < input.from) throw invalid('to', 'must not be before from')
    const days = daysBetween(input.from, input.to) + 1
    if (days > 3 * 366) throw invalid('from', 'a report spans at most three years')
    const filters: Filters = {
      ...(input.scope.service ? { service: [input.scope.service] } : {}),
      ...(input.scope.tag ? { tag: input.scope.tag } : {})
    }
    const scope: Scope = input.scope.service
      ? { kind: 'service', service: input.scope.service }
      : input.scope.tag
        ? { kind: 'tag', ...input.scope.tag }
        : { kind: 'all' }
    const sum = (from: string, to: string, basis: Basis): number =>
      fromNano(sumNano(this.deps.repo.grouped({ from, to, bucket: null, groupBy: null, basis, filters })))
    const prevTo = addDays(input.from, -1)
    const prevFrom = addDays(input.from, -days)
    const billed = sum(input.from, input.to, 'billed')
    const previous = sum(prevFrom, prevTo, 'billed')
    const rows = this.deps.db
      .prepare('SELECT COALESCE(SUM(rows), 0) AS n FROM cost_daily WHERE day BETWEEN ? AND ?')
      .get(input.from, input.to) as { n: number }
    const byService = this.deps.repo
      .grouped({ from: input.from, to: input.to, bucket: null, groupBy: 'service', basis: 'billed', filters })
      .sort((a, b) => (b.nano > a.nano ? 1 : b.nano < a.nano ? -1 : 0))
    const label = scopeLabel(scope)
    return {
      title: `Cost report ${input.from} – ${input.to}${scope.kind === 'all' ? '' : ` (${label})`}`,
      from: input.from,
      to: input.to,
      currency: currencyOf(this.deps.repo),
      scopeLabel: label,
      generatedAt: this.deps.clock.now(),
      summary: {
        billed: round(billed, 2),
        effective: round(sum(input.from, input.to, 'effective'), 2),
        previousBilled: round(previous, 2),
        changePct: previous ? round((billed - previous) / previous, 4) : null,
        rows: rows.n,
        days
      },
      series: this.deps.analysis.series({
        from: input.from,
        to: input.to,
        granularity: days > 92 ? 'month' : days > 31 ? 'week' : 'day',
        groupBy: 'service',
        basis: 'billed',
        filters,
        top: 6
      }),
      topServices: byService
        .slice(0, 10)
        .map((r) => ({ key: r.key, amount: round(fromNano(r.nano), 2), share: billed ? round(fromNano(r.nano) / billed, 4) : 0 })),
      movers: this.deps.analysis.movers({
        a: { from: prevFrom, to: prevTo },
        b: { from: input.from, to: input.to },
        groupBy: 'service',
        basis: 'billed',
        limit: 8
      }),
      budgets: this.deps.budgets.budgets(),
      forecast: this.deps.analysis.forecast('billed', scope),
      recommendations: this.deps.savings.recommendations().slice(0, 10)
    }
  }

  reportCsv(input: ReportInput): { filename: string; csv: string } {
    if (input.to < input.from) throw invalid('to', 'must not be before from')
    const filters: Filters = {
      ...(input.scope.service ? { service: [input.scope.service] } : {}),
      ...(input.scope.tag ? { tag: input.scope.tag } : {})
    }
    const raw = this.deps.repo.usesRaw(null, filters)
    const w = filterSql(filters, input.from, input.to)
    const rows = (
      this.deps.db
        .prepare(
          `SELECT day, service, service_category, region, account, ${sumMoneySql('billed')}, ${sumMoneySql('effective')}
         FROM ${raw ? 'cost_rows_live' : 'cost_daily'} ${w.sql} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`
        )
        .safeIntegers(true)
        .all(...w.params) as Record<string, unknown>[]
    ).map((r) => ({
      day: r.day as string,
      service: r.service as string,
      service_category: r.service_category as string,
      region: r.region as string,
      account: r.account as string,
      billed: readMoney(r, 'billed'),
      effective: readMoney(r, 'effective')
    }))
    return { filename: `costs-${input.from}-${input.to}.csv`, csv: buildReportCsv(rows, currencyOf(this.deps.repo)) }
  }

  schedules() {
    return this.deps.repo.schedules().map((s) => ({
      id: s.id,
      name: s.name,
      cadence: s.cadence,
      cron: s.cron,
      timezone: s.timezone,
      recipients: JSON.parse(s.recipients) as string[],
      nextRunAt: s.next_run_at,
      lastRunAt: s.last_run_at
    }))
  }

  private nextRun(cadence: 'monthly' | 'weekly' | 'cron', cron: string | null, timezone: string, after: number): number {
    const expr = cadence === 'cron' ? (cron ?? '') : CADENCE_CRON[cadence]
    return nextRun({ cron: expr, timezone }, after) ?? after + 366 * DAY_MS
  }

  scheduleCreate(input: ScheduleInput) {
    const timezone = input.timezone?.trim() || systemTimeZone()
    const problem = cronProblem({ cron: input.cadence === 'cron' ? (input.cron ?? '') : CADENCE_CRON[input.cadence], timezone })
    if (problem) throw invalid(problem.field, problem.message)
    const next = this.nextRun(input.cadence, input.cron ?? null, timezone, this.deps.clock.now())
    const id = this.deps.repo.insertSchedule({
      name: input.name,
      cadence: input.cadence,
      cron: input.cadence === 'cron' ? input.cron! : null,
      timezone,
      recipients: JSON.stringify(input.recipients.filter(Boolean)),
      scope: JSON.stringify(input.scope),
      next_run_at: next,
      created_at: this.deps.clock.now()
    })
    return { id, nextRunAt: next }
  }

  /** Publish `costs:report` for each schedule that is due: last month (monthly), last week (weekly) or since the last run (cron). */
  runDueSchedules(now = this.deps.clock.now()): number {
    let sent = 0
    for (const s of this.deps.repo.schedules()) {
      if (s.next_run_at > now) continue
      const today = dayOf(now)
      let from: string
      let to: string
      if (s.cadence === 'monthly') {
        const prev = addMonths(monthOf(today), -1)
        from = `${prev}-01`
        to = monthEnd(from)
      } else if (s.cadence === 'weekly') {
        to = addDays(today, -1)
        from = addDays(to, -6)
      } else {
        to = addDays(today, -1)
        from = s.last_run_at ? dayOf(s.last_run_at) : addDays(to, -29)
        if (from > to) from = to
      }
      const scope = JSON.parse(s.scope) as { service?: string; tag?: { key: string; value: string } }
      const report = this.report({ from, to, scope })
      const csv = this.reportCsv({ from, to, scope }).csv
      this.deps.bus.publish('costs:report', {
        scheduleId: s.id,
        subject: `${s.name}: ${report.title}`,
        csv,
        html: buildReportHtml(report),
        recipients: JSON.parse(s.recipients) as string[]
      })
      this.deps.repo.markScheduleRun(s.id, now, this.nextRun(s.cadence, s.cron, s.timezone, now))
      this.deps.bus.publish('costs:reportSent', { scheduleId: s.id, at: now })
      sent++
    }
    return sent
  }
}

function filterSql(filters: Filters, from: string, to: string): { sql: string; params: unknown[] } {
  const parts = ['day BETWEEN ? AND ?']
  const params: unknown[] = [from, to]
  if (filters.service?.length) {
    parts.push('service = ?')
    params.push(filters.service[0])
  }
  if (filters.tag) {
    parts.push('json_extract(tags, ?) = ?')
    params.push(`$."${filters.tag.key.replace(/["\\]/g, '')}"`, filters.tag.value)
  }
  return { sql: `WHERE ${parts.join(' AND ')}`, params }
}
