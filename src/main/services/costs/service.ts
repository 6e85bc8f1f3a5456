import { randomUUID } from 'node:crypto'
import path from 'node:path'
import type { BudgetInput, BudgetView, CostSeries, ForecastView, CostImportReport, Recommendation, ReportView } from '../../../shared/contract/costs'
import { AppError, conflict, invalid, notFound } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import type { PollerRegistry } from '../../core/pollers'
import { inTransaction, type Db } from '../../db/open'
import { detectAnomalies } from './anomaly'
import { nextCron, parseCron } from './cron'
import { addDays, addMonths, dayMs, dayOf, daysBetween, daysInMonth, monthEnd, monthOf, periodOf, DAY_MS } from './dates'
import { backtestMape, fitHoltWinters, forecastDaily, holdoutFor, SEASON, simulateSums } from './forecast'
import { inlineExecutor, type CleanupResult, type CostsExecutor, type StagedImport } from './executor'
import { FOCUS_COLUMNS, readHeader, REQUIRED_COLUMNS } from './importer'
import { formatNano, fromNano, NANO, parseNano } from './money'
import { CostsRepo, type BudgetRow, type Filters, type ManualRow } from './repo'
import { buildReportCsv, buildReportHtml } from './report'

export interface CostsServiceDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  pollers: PollerRegistry
  /** Where imports are parsed and staged; the app passes the worker-thread executor (default: this thread). */
  executor?: CostsExecutor
  /** better_sqlite3.node for the jobs' own connections (Electron's build in the desktop app). */
  nativeBinding?: string
}

type Basis = 'billed' | 'effective'
type Scope = { kind: 'all' } | { kind: 'service'; service: string } | { kind: 'tag'; key: string; value: string }

const round = (v: number, digits = 6): number => {
  const f = 10 ** digits
  return Math.round(v * f) / f
}

const POLL_MS = 60_000

/** Cost analysis: imports, rollups, budgets, forecasts, recommendations and reports. */
export class CostsService {
  readonly repo: CostsRepo
  private jobs = new Map<string, AbortController>()
  /** Staging imports whose job runs now (the others are abandoned: clean-up deletes them). */
  private running = new Set<number>()
  private timer: NodeJS.Timeout | undefined
  readonly executor: CostsExecutor
  /** The clean-up job in flight (one at a time); stop() aborts it. */
  private cleaning: Promise<CleanupResult> | undefined
  private cleanAgain = false
  private stopping = new AbortController()

  private memo = new Map<string, unknown>()
  private memoVersion = -1

  constructor(private deps: CostsServiceDeps) {
    this.repo = new CostsRepo(deps.db)
    this.executor = deps.executor ?? inlineExecutor
    // rows of an import that crashed or was cancelled last time, or replaced rows not deleted yet
    if (this.repo.hasLeftovers()) void this.cleanUp().catch(() => undefined)
    // a restored workspace brings other rows: forget everything memoised
    deps.bus.subscribe((name) => {
      if (name === 'workspace:changed') this.repo.version++
    })
  }

  /** Memoise a read of the rollup until the rollup changes (imports, manual entries, deletes, restores). */
  private cached<T>(key: string, compute: () => T): T {
    if (this.memoVersion !== this.repo.version) {
      this.memo.clear()
      this.memoVersion = this.repo.version
    }
    if (this.memo.has(key)) return this.memo.get(key) as T
    const value = compute()
    if (this.memo.size > 200) this.memo.clear()
    this.memo.set(key, value)
    return value
  }

  // ------------------------------------------------------------------ lifecycle
  start(): void {
    if (this.timer) return
    this.deps.pollers.register('costs', POLL_MS)
    const tick = (): void => {
      try {
        this.tick()
      } catch (err) {
        this.deps.logger.error(`costs tick failed: ${(err as Error).message}`)
      }
    }
    this.timer = setInterval(tick, POLL_MS)
    this.timer.unref()
    setImmediate(tick)
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    this.deps.pollers.stop('costs')
    for (const ac of this.jobs.values()) ac.abort()
    this.stopping.abort()
    await this.cleaning?.catch(() => undefined)
  }

  /**
   * Delete retired rows (replaced periods, deleted imports) and abandoned staging imports in small batches, on the
   * executor. One job at a time; a request while one runs runs another pass after it. Resolves when done.
   */
  cleanUp(): Promise<CleanupResult> {
    if (this.cleaning) {
      this.cleanAgain = true
      return this.cleaning
    }
    const pass = async (): Promise<CleanupResult> => {
      let deletedRows = 0
      do {
        this.cleanAgain = false
        if (this.stopping.signal.aborted) break
        const abandoned = this.repo.stagingImports().filter((id) => !this.running.has(id))
        const r = (await this.executor.run({ type: 'cleanup', db: this.dbRef(), abandoned }, () => {}, this.stopping.signal)) as CleanupResult
        deletedRows += r.deletedRows
      } while (this.cleanAgain)
      return { deletedRows }
    }
    const p = pass().finally(() => {
      if (this.cleaning === p) this.cleaning = undefined
    })
    this.cleaning = p
    return p
  }

  private dbRef() {
    return { file: this.deps.db.name, nativeBinding: this.deps.nativeBinding }
  }

  private lastBudgetDay: string | null = null

  /**
   * Once a minute: send due reports; once a day: extend recurring manual entries and check budgets against
   * the new day (imports, manual entries and budget changes check them at once themselves).
   */
  tick(now = this.deps.clock.now()): void {
    this.deps.pollers.tick('costs', now)
    const today = dayOf(now)
    if (today !== this.lastBudgetDay) {
      this.lastBudgetDay = today
      this.refreshManual()
      this.evaluateBudgets()
    }
    this.runDueSchedules(now)
  }

  // ------------------------------------------------------------------ settings
  settings(): { anomalyK: number; anomalyWindow: number; currency: string | null } {
    return {
      anomalyK: this.repo.getSetting<number>('anomalyK') ?? 3,
      anomalyWindow: this.repo.getSetting<number>('anomalyWindow') ?? 28,
      currency: this.repo.getSetting<string>('currency') ?? null
    }
  }

  setSettings(patch: { anomalyK?: number | undefined; anomalyWindow?: number | undefined }): ReturnType<CostsService['settings']> {
    if (patch.anomalyK !== undefined) this.repo.setSetting('anomalyK', patch.anomalyK)
    if (patch.anomalyWindow !== undefined) this.repo.setSetting('anomalyWindow', patch.anomalyWindow)
    return this.settings()
  }

  currency(): string {
    return this.settings().currency ?? 'USD'
  }

  // ------------------------------------------------------------------ import
  async importFile(input: { path: string; source?: string | undefined; jobId?: string | undefined; rates?: Record<string, number> }, signal?: AbortSignal): Promise<CostImportReport> {
    const jobId = input.jobId ?? randomUUID()
    if (this.jobs.has(jobId)) throw conflict(`import job ${jobId} is already running`)
    const source = input.source ? this.repo.sourceByName(input.source) : undefined
    if (input.source && !source) throw new AppError('NOT_FOUND', `source "${input.source}" not found; save its column mapping first`, 'source')
    const ac = new AbortController()
    this.jobs.set(jobId, ac)
    const onAbort = (): void => ac.abort()
    signal?.addEventListener('abort', onAbort)
    const started = this.deps.clock.now()
    const t0 = performance.now()
    const base = path.basename(input.path)
    const publish = (state: 'running' | 'done' | 'failed' | 'cancelled', done: number, total: number | null, message: string): void =>
      this.deps.bus.publish('job:progress', { jobId, kind: 'costs:import', done, total, message, state })
    publish('running', 0, null, `reading ${base}`)
    const currency = this.settings().currency
    let importId = 0
    try {
      importId = this.repo.insertImport({
        source_id: source?.id ?? null,
        file: input.path,
        format: 'csv',
        rows: 0,
        billed_nano: 0,
        effective_nano: 0,
        currency: currency ?? 'USD',
        periods: '[]',
        replaced_rows: 0,
        started_at: started,
        finished_at: 0
      })
      this.running.add(importId)
      // parsing and writing the rows (invisible until published) run on the executor: a worker thread in the app
      const staged = (await this.executor.run(
        {
          type: 'import',
          db: this.dbRef(),
          importId,
          file: input.path,
          ...(source && source.kind === 'mapped' ? { mapping: JSON.parse(source.mapping) as Record<string, string> } : {}),
          defaultAccount: source?.name ?? 'default',
          currency,
          rates: input.rates ?? {}
        },
        (done, total, message) => publish('running', done, total, message ?? ''),
        ac.signal
      )) as StagedImport
      if (ac.signal.aborted) throw new AppError('CANCELLED', `${base}: import cancelled; nothing was imported`)
      // one short transaction: the import becomes visible and the periods it replaces are retired
      const report = inTransaction(this.deps.db, () => {
        if (this.settings().currency === null && staged.rows > 0) this.repo.setSetting('currency', staged.currency)
        const published = this.repo.publishImport(importId, {
          format: staged.format,
          rows: staged.rows,
          billed_nano: staged.billed,
          effective_nano: staged.effective,
          currency: staged.currency,
          finished_at: this.deps.clock.now()
        })
        return {
          importId,
          file: input.path,
          format: staged.format,
          rows: staged.rows,
          billed: formatNano(staged.billed, 9),
          effective: formatNano(staged.effective, 9),
          currency: staged.currency,
          periods: published.periods,
          replacedRows: published.replacedRows,
          durationMs: 0
        }
      })
      this.running.delete(importId)
      if (report.replacedRows > 0) {
        publish('running', staged.bytes, staged.bytes, `${report.rows.toLocaleString('en-US')} rows imported; deleting ${report.replacedRows.toLocaleString('en-US')} replaced rows`)
        await this.cleanUp().catch((err: unknown) => this.deps.logger.error(`costs clean-up failed: ${(err as Error).message}`))
      }
      report.durationMs = Math.round(performance.now() - t0)
      publish('done', staged.bytes, staged.bytes, `${report.rows.toLocaleString('en-US')} rows imported`)
      this.evaluateBudgets()
      return report
    } catch (err) {
      const cancelled = ac.signal.aborted || (err instanceof AppError && err.code === 'CANCELLED')
      publish(cancelled ? 'cancelled' : 'failed', 0, null, cancelled ? `${base}: import cancelled; nothing was imported` : (err as Error).message)
      // the staged rows were never visible; delete them before answering, so nothing is left behind
      this.running.delete(importId)
      if (importId && !this.repo.dropUnwrittenImport(importId)) await this.cleanUp().catch((e: unknown) => this.deps.logger.error(`costs clean-up failed: ${(e as Error).message}`))
      if (cancelled && !(err instanceof AppError && err.code === 'CANCELLED')) throw new AppError('CANCELLED', `${base}: import cancelled; nothing was imported`)
      throw err
    } finally {
      this.running.delete(importId)
      signal?.removeEventListener('abort', onAbort)
      this.jobs.delete(jobId)
    }
  }

  cancelImport(jobId: string): { cancelled: boolean } {
    const ac = this.jobs.get(jobId)
    if (!ac) return { cancelled: false }
    ac.abort()
    return { cancelled: true }
  }

  imports() {
    return this.repo.imports().map((i) => ({
      id: i.id,
      file: i.file,
      format: i.format,
      source: i.source,
      rows: i.rows,
      liveRows: i.live_rows,
      billed: formatNano(i.billed_nano, 2),
      currency: i.currency,
      periods: JSON.parse(i.periods) as string[],
      finishedAt: i.finished_at
    }))
  }

  /** Hides the import at once (one short transaction); its rows are deleted in the background, in batches. */
  deleteImport(id: number): { deletedRows: number } {
    const r = inTransaction(this.deps.db, () => {
      const d = this.repo.deleteImport(id)
      if (d.rows < 0) throw notFound(`import ${id}`)
      if (d.from && d.to) this.repo.rebuildRollup(d.from, d.to)
      else this.repo.version++
      return d
    })
    void this.cleanUp().catch((err: unknown) => this.deps.logger.error(`costs clean-up failed: ${(err as Error).message}`))
    return { deletedRows: r.rows }
  }

  async header(file: string) {
    return { columns: await readHeader(file), focusColumns: [...FOCUS_COLUMNS], required: [...REQUIRED_COLUMNS] }
  }

  sources() {
    return this.repo.sources().map((s) => ({ ...s, mapping: JSON.parse(s.mapping) as Record<string, string> }))
  }

  saveSource(name: string, mapping: Record<string, string>): { id: number } {
    const known = new Set<string>(FOCUS_COLUMNS)
    const clean: Record<string, string> = {}
    for (const [k, v] of Object.entries(mapping)) {
      if (!known.has(k)) throw invalid(`mapping.${k}`, `${k} is not a FOCUS column the importer reads (${FOCUS_COLUMNS.join(', ')})`)
      if (v.trim()) clean[k] = v.trim()
    }
    return { id: this.repo.saveSource(name, clean, this.deps.clock.now()) }
  }

  // ------------------------------------------------------------------ manual entries
  manualList() {
    return this.repo.manual().map((m) => ({
      id: m.id,
      service: m.service,
      description: m.description,
      category: m.category,
      amount: formatNano(m.amount_nano, 2),
      currency: m.currency,
      recurrence: m.recurrence,
      startDay: m.start_day,
      endDay: m.end_day
    }))
  }

  manualCreate(input: { service: string; description: string; category: string; amount: string; currency?: string | undefined; recurrence: 'once' | 'monthly'; startDay: string; endDay?: string | undefined }): { id: number; rows: number } {
    const nano = parseNano(input.amount)
    if (nano === null) throw invalid('amount', 'must be a decimal amount')
    const ws = this.settings().currency
    const currency = input.currency ?? ws ?? 'USD'
    if (ws && currency !== ws) throw invalid('currency', `the workspace keeps costs in ${ws}; enter the amount in ${ws}`)
    if (input.endDay && input.endDay < input.startDay) throw invalid('endDay', 'must not be before startDay')
    if (input.recurrence === 'once' && input.endDay && daysBetween(input.startDay, input.endDay) > 3660) throw invalid('endDay', 'a one-off entry spans at most ten years')
    return inTransaction(this.deps.db, () => {
      if (!ws) this.repo.setSetting('currency', currency)
      const id = this.repo.insertManual({
        service: input.service,
        description: input.description,
        category: input.category,
        amount_nano: nano,
        currency,
        recurrence: input.recurrence,
        start_day: input.startDay,
        end_day: input.endDay ?? null,
        tags: '{}',
        created_at: this.deps.clock.now()
      })
      const rows = this.materialize(this.repo.manualById(id)!)
      return { id, rows }
    })
  }

  manualDelete(id: number): { deleted: boolean } {
    return inTransaction(this.deps.db, () => {
      const span = this.repo.manualSpan(id)
      this.repo.deleteManualRows(id)
      const deleted = this.repo.deleteManual(id)
      if (span.lo && span.hi) this.repo.rebuildRollup(span.lo, span.hi)
      return { deleted }
    })
  }

  /** Spread an entry evenly over its days (remainder nano-units to the first days, so sums are exact). */
  private materialize(m: ManualRow): number {
    const before = this.repo.manualSpan(m.id)
    this.repo.deleteManualRows(m.id)
    const days: { day: string; nano: number }[] = []
    const spread = (from: string, to: string, nano: number): void => {
      const n = daysBetween(from, to) + 1
      const each = Math.trunc(nano / n)
      let rest = nano - each * n
      for (let i = 0; i < n; i++) {
        const extra = rest > 0 ? 1 : rest < 0 ? -1 : 0
        rest -= extra
        days.push({ day: addDays(from, i), nano: each + extra })
      }
    }
    if (m.recurrence === 'once') spread(m.start_day, m.end_day ?? m.start_day, m.amount_nano)
    else {
      const today = dayOf(this.deps.clock.now())
      const last = m.end_day ?? monthEnd(today > m.start_day ? today : m.start_day)
      for (let month = monthOf(m.start_day); month <= monthOf(last); month = addMonths(month, 1)) {
        const from = `${month}-01` < m.start_day ? m.start_day : `${month}-01`
        const end = monthEnd(`${month}-01`)
        const to = end > last ? last : end
        // a partial first or last month costs its share of the month
        const share = Math.round((m.amount_nano * (daysBetween(from, to) + 1)) / daysInMonth(month))
        spread(from, to, share)
      }
    }
    this.repo.insertManualRows(m.id, m, days)
    const lo = [before.lo, days[0]?.day].filter(Boolean).sort()[0]
    const hi = [before.hi, days[days.length - 1]?.day].filter(Boolean).sort().pop()
    if (lo && hi) this.repo.rebuildRollup(lo, hi)
    return days.length
  }

  /** Recurring entries without an end grow month by month. */
  refreshManual(): void {
    const month = monthOf(dayOf(this.deps.clock.now()))
    for (const m of this.repo.manual()) {
      if (m.recurrence !== 'monthly' || m.end_day) continue
      const span = this.repo.manualSpan(m.id)
      if (span.hi && monthOf(span.hi) >= month) continue
      inTransaction(this.deps.db, () => this.materialize(m))
    }
  }

  // ------------------------------------------------------------------ analysis
  range(): { first: string | null; last: string | null } {
    return this.cached('range', () => this.repo.dataRange())
  }

  /** The day analysis is relative to: the latest day with costs (else today). */
  asOf(): string {
    return this.range().last ?? dayOf(this.deps.clock.now())
  }

  dimensions() {
    return {
      service: this.repo.distinct('service'),
      category: this.repo.distinct('service_category'),
      region: this.repo.distinct('region'),
      account: this.repo.distinct('account'),
      tagKeys: this.repo.tagKeys()
    }
  }

  /** Daily totals over [from, to], zero-filled. */
  daily(from: string, to: string, basis: Basis, filters: Filters = {}): number[] {
    const n = daysBetween(from, to) + 1
    if (n <= 0) return []
    return [...this.cached(`daily|${from}|${to}|${basis}|${JSON.stringify(filters)}`, () => this.dailyUncached(from, to, basis, filters, n))]
  }

  private dailyUncached(from: string, to: string, basis: Basis, filters: Filters, n: number): number[] {
    const out = new Array<number>(n).fill(0)
    for (const r of this.repo.grouped({ from, to, bucket: 'day', groupBy: null, basis, filters })) {
      const i = daysBetween(from, r.bucket)
      if (i >= 0 && i < n) out[i] = fromNano(r.nano)
    }
    return out
  }

  series(input: { from: string; to: string; granularity: 'day' | 'week' | 'month'; groupBy: string; basis: Basis; filters: Filters; top: number; anomalyK?: number | undefined }): CostSeries {
    if (input.to < input.from) throw invalid('to', 'must not be before from')
    if (daysBetween(input.from, input.to) > 3 * 366) throw invalid('from', 'a series spans at most three years')
    // buckets are formed in SQL: a year by month and service is a few hundred rows out of the rollup
    const rows = this.repo.grouped({ from: input.from, to: input.to, bucket: input.granularity, groupBy: input.groupBy, basis: input.basis, filters: input.filters })
    const buckets: string[] = []
    if (input.granularity === 'day') for (let d = input.from; d <= input.to; d = addDays(d, 1)) buckets.push(d)
    else if (input.granularity === 'month') for (let m = monthOf(input.from); m <= monthOf(input.to); m = addMonths(m, 1)) buckets.push(m)
    else {
      const first = dayOf(dayMs(input.from) - ((new Date(dayMs(input.from)).getUTCDay() + 6) % 7) * DAY_MS)
      for (let w = first; w <= input.to; w = addDays(w, 7)) buckets.push(w)
    }
    const index = new Map(buckets.map((b, i) => [b, i]))
    const totalsByKey = new Map<string, number>()
    for (const r of rows) totalsByKey.set(r.key, (totalsByKey.get(r.key) ?? 0) + r.nano)
    const ranked = [...totalsByKey.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k)
    const keep = new Set(ranked.slice(0, input.top))
    const hasOther = ranked.length > input.top
    const names = [...ranked.slice(0, input.top), ...(hasOther ? ['Other'] : [])]
    const nano = new Map(names.map((n) => [n, new Array<number>(buckets.length).fill(0)]))
    const totals = new Array<number>(buckets.length).fill(0)
    for (const r of rows) {
      const i = index.get(r.bucket)
      if (i === undefined) continue
      const arr = nano.get(keep.has(r.key) ? r.key : 'Other')!
      arr[i] = arr[i]! + r.nano
      totals[i] = totals[i]! + r.nano
    }
    const { anomalyK, anomalyWindow } = this.settings()
    const k = input.anomalyK ?? anomalyK
    // history starts at the first day with data: days before it are not "zero cost", they are unknown
    const first = this.range().first
    let histFrom = addDays(input.from, -anomalyWindow)
    if (first && first > histFrom) histFrom = first
    const daily = first && histFrom <= input.to ? this.daily(histFrom, input.to, input.basis, input.filters) : []
    const anomalies = detectAnomalies(daily, k, anomalyWindow)
      .map((a) => ({ day: addDays(histFrom, a.index), value: round(a.value), median: round(a.median), mad: round(a.mad), direction: a.direction }))
      .filter((a) => a.day >= input.from)
    return {
      currency: this.currency(),
      buckets,
      series: names.map((name) => ({ name, values: nano.get(name)!.map((v) => round(fromNano(v))) })),
      totals: totals.map((v) => round(fromNano(v))),
      anomalies,
      fromRollup: !this.repo.usesRaw(input.groupBy, input.filters)
    }
  }

  movers(input: { a: { from: string; to: string }; b: { from: string; to: string }; groupBy: string; basis: Basis; limit: number }) {
    const sum = (r: { from: string; to: string }): Map<string, number> => {
      const m = new Map<string, number>()
      for (const x of this.repo.grouped({ from: r.from, to: r.to, bucket: null, groupBy: input.groupBy, basis: input.basis, filters: {} })) m.set(x.key, (m.get(x.key) ?? 0) + x.nano)
      return m
    }
    const a = sum(input.a)
    const b = sum(input.b)
    const keys = new Set([...a.keys(), ...b.keys()])
    return [...keys]
      .map((key) => {
        const av = fromNano(a.get(key) ?? 0)
        const bv = fromNano(b.get(key) ?? 0)
        return { key, a: round(av), b: round(bv), delta: round(bv - av), pct: av !== 0 ? round((bv - av) / Math.abs(av), 4) : null }
      })
      .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.key.localeCompare(y.key))
      .slice(0, input.limit)
  }

  links() {
    return this.repo.links()
  }

  link(costService: string, serviceId: number): { ok: true } {
    if (!this.repo.serviceExists(serviceId)) throw notFound(`monitored service ${serviceId}`)
    this.repo.link(costService, serviceId)
    return { ok: true }
  }

  unitCosts(from: string, to: string) {
    if (to < from) throw invalid('to', 'must not be before from')
    const byService = new Map<string, number>()
    for (const r of this.repo.grouped({ from, to, bucket: null, groupBy: 'service', basis: 'effective', filters: {} })) byService.set(r.key, r.nano)
    return this.repo.links().map((l) => {
      const cost = fromNano(byService.get(l.costService) ?? 0)
      const checks = this.repo.checkCount(l.serviceId, dayMs(from), dayMs(to) + DAY_MS)
      return { ...l, cost: round(cost), checks, costPer1000: checks > 0 ? round((cost / checks) * 1000) : null }
    })
  }

  // ------------------------------------------------------------------ forecast
  private scopeFilters(scope: Scope): Filters {
    return scope.kind === 'service' ? { service: [scope.service] } : scope.kind === 'tag' ? { tag: { key: scope.key, value: scope.value } } : {}
  }

  forecast(basis: Basis = 'billed', scope: Scope = { kind: 'all' }): ForecastView {
    const { first, last } = this.range()
    const currency = this.currency()
    const empty: ForecastView = {
      currency,
      basis,
      method: 'none',
      params: null,
      history: { days: [], values: [], fitted: [] },
      forecast: { days: [], mean: [], lo: [], hi: [] },
      asOf: last,
      monthEnd: null,
      nextMonths: [],
      backtest: { mape: null, holdoutDays: 0 },
      sigma: 0
    }
    if (!first || !last) return empty
    const from = daysBetween(first, last) > 365 ? addDays(last, -365) : first
    const y = this.daily(from, last, basis, this.scopeFilters(scope))
    const month = monthOf(last)
    const horizonEnd = monthEnd(`${addMonths(month, 3)}-01`)
    const horizon = daysBetween(last, horizonEnd)
    const fit = y.length >= 2 * SEASON ? fitHoltWinters(y) : undefined
    const daily = forecastDaily(y, horizon, 1.96, fit)
    const days = Array.from({ length: y.length }, (_, i) => addDays(from, i))
    const fitted = fit ? fit.run.fitted.map((v) => (Number.isFinite(v) ? round(v) : null)) : y.map(() => null)
    const restOfMonth = daysBetween(last, monthEnd(last))
    const ranges = [{ from: 0, to: restOfMonth }]
    const months = [1, 2, 3].map((k) => addMonths(month, k))
    for (const m of months) ranges.push({ from: daysBetween(last, `${m}-01`) - 1, to: daysBetween(last, monthEnd(`${m}-01`)) })
    const sums = simulateSums(y, ranges, 400, 1.96, fit)
    const actualToDate = y.slice(Math.max(0, daysBetween(from, `${month}-01`))).reduce((s, v) => s + v, 0)
    const holdout = holdoutFor(y.length)
    const mape = backtestMape(y, holdout)
    return {
      currency,
      basis,
      method: daily.method,
      params: daily.params,
      history: { days, values: y.map((v) => round(v)), fitted },
      forecast: {
        days: Array.from({ length: horizon }, (_, i) => addDays(last, i + 1)),
        mean: daily.mean.map((v) => round(v)),
        lo: daily.lo.map((v) => round(v)),
        hi: daily.hi.map((v) => round(v))
      },
      asOf: last,
      monthEnd: {
        month,
        actualToDate: round(actualToDate),
        mean: round(actualToDate + sums[0]!.mean),
        lo: round(actualToDate + sums[0]!.lo),
        hi: round(actualToDate + sums[0]!.hi)
      },
      nextMonths: months.map((m, i) => ({ month: m, mean: round(sums[i + 1]!.mean), lo: round(sums[i + 1]!.lo), hi: round(sums[i + 1]!.hi) })),
      backtest: { mape: mape === null ? null : round(mape, 4), holdoutDays: mape === null ? 0 : holdout },
      sigma: round(daily.sigma)
    }
  }

  // ------------------------------------------------------------------ summary
  summary(input: { month?: string | undefined; basis: Basis } = { basis: 'billed' }) {
    const { first, last } = this.range()
    const month = input.month ?? monthOf(last ?? dayOf(this.deps.clock.now()))
    const total = (m: string): number => {
      const rows = this.repo.grouped({ from: `${m}-01`, to: monthEnd(`${m}-01`), bucket: null, groupBy: null, basis: input.basis, filters: {} })
      return round(fromNano(rows.reduce((s, r) => s + r.nano, 0)))
    }
    const budgets = this.budgets()
    let forecastMonthEnd = null
    let mape = null
    if (last && month === monthOf(last)) {
      const f = this.forecast(input.basis)
      if (f.monthEnd) forecastMonthEnd = { mean: f.monthEnd.mean, lo: f.monthEnd.lo, hi: f.monthEnd.hi }
      mape = f.backtest.mape
    }
    const series = last
      ? this.series({ from: `${month}-01`, to: monthEnd(`${month}-01`), granularity: 'day', groupBy: 'service', basis: input.basis, filters: {}, top: 1 })
      : null
    return {
      hasData: last !== null,
      currency: this.currency(),
      month,
      firstDay: first,
      lastDay: last,
      monthToDate: total(month),
      previousMonth: total(addMonths(month, -1)),
      forecastMonthEnd,
      mape,
      budgets: { total: budgets.length, over: budgets.filter((b) => b.status.state === 'over').length, warning: budgets.filter((b) => b.status.state === 'warning' || b.status.state === 'forecast-over').length },
      anomalies: series?.anomalies.length ?? 0,
      rows: this.repo.rowCount()
    }
  }

  // ------------------------------------------------------------------ budgets
  private budgetRow(input: ReturnType<typeof parseBudget>, currency: string): Omit<BudgetRow, 'id' | 'created_at'> {
    return {
      name: input.name,
      period: input.period,
      amount_nano: input.amountNano,
      currency,
      scope_kind: input.scope.kind,
      scope_key: input.scope.kind === 'tag' ? input.scope.key : null,
      scope_value: input.scope.kind === 'tag' ? input.scope.value : input.scope.kind === 'service' ? input.scope.service : null,
      basis: input.basis,
      thresholds: JSON.stringify(input.thresholds),
      forecast_thresholds: JSON.stringify(input.forecastThresholds)
    }
  }

  budgetCreate(input: BudgetInput): { id: number } {
    const b = parseBudget(input)
    const id = this.repo.insertBudget({ ...this.budgetRow(b, this.currency()), created_at: this.deps.clock.now() })
    this.evaluateBudgets()
    return { id }
  }

  budgetUpdate(input: BudgetInput & { id: number }): { id: number } {
    const b = parseBudget(input)
    if (!this.repo.updateBudget(input.id, this.budgetRow(b, this.currency()))) throw notFound(`budget ${input.id}`)
    this.evaluateBudgets()
    return { id: input.id }
  }

  budgetDelete(id: number): { deleted: boolean } {
    return { deleted: this.repo.deleteBudget(id) }
  }

  private scopeOf(b: BudgetRow): Scope {
    return b.scope_kind === 'service' ? { kind: 'service', service: b.scope_value ?? '' } : b.scope_kind === 'tag' ? { kind: 'tag', key: b.scope_key ?? '', value: b.scope_value ?? '' } : { kind: 'all' }
  }

  budgetStatus(b: BudgetRow, asOf = this.asOf()): BudgetView['status'] {
    const p = periodOf(b.period, asOf)
    const filters = this.scopeFilters(this.scopeOf(b))
    const actualNano = this.repo.grouped({ from: p.start, to: asOf < p.end ? asOf : p.end, bucket: null, groupBy: null, basis: b.basis, filters }).reduce((s, r) => s + r.nano, 0)
    const actual = fromNano(actualNano)
    const budget = fromNano(b.amount_nano)
    let forecast: { mean: number; lo: number; hi: number } | null = null
    const remaining = daysBetween(asOf, p.end)
    const { first } = this.range()
    if (first && remaining >= 0) {
      const from = daysBetween(first, asOf) > 365 ? addDays(asOf, -365) : first
      const y = this.daily(from < asOf ? from : asOf, asOf, b.basis, filters)
      const s = remaining > 0 ? simulateSums(y, [{ from: 0, to: remaining }])[0]! : { mean: 0, lo: 0, hi: 0 }
      forecast = { mean: round(actual + s.mean), lo: round(actual + s.lo), hi: round(actual + s.hi) }
    }
    const pctActual = budget > 0 ? actual / budget : 0
    const pctForecast = forecast && budget > 0 ? forecast.mean / budget : null
    const state = pctActual >= 1 ? 'over' : pctForecast !== null && pctForecast >= 1 ? 'forecast-over' : pctActual >= 0.8 ? 'warning' : 'ok'
    return { period: p.label, start: p.start, end: p.end, actual: round(actual), forecast, pctActual: round(pctActual, 4), pctForecast: pctForecast === null ? null : round(pctForecast, 4), state }
  }

  budgets(asOf?: string): BudgetView[] {
    return this.repo.budgets().map((b) => ({
      id: b.id,
      name: b.name,
      period: b.period,
      amount: fromNano(b.amount_nano),
      currency: b.currency,
      scope: b.scope_kind === 'service' ? { kind: 'service', service: b.scope_value ?? '' } : b.scope_kind === 'tag' ? { kind: 'tag', key: b.scope_key ?? '', value: b.scope_value ?? '' } : { kind: 'all' },
      scopeLabel: scopeLabel(this.scopeOf(b)),
      basis: b.basis,
      thresholds: JSON.parse(b.thresholds) as number[],
      forecastThresholds: JSON.parse(b.forecast_thresholds) as number[],
      status: this.budgetStatus(b, asOf),
      fired: this.repo.alerts(b.id).map((a) => ({ period: a.period, basis: a.basis, threshold: a.threshold, amount: fromNano(a.amount_nano), firedAt: a.fired_at }))
    }))
  }

  /**
   * Check every budget for the period of the latest cost data and for the current period; each threshold
   * (on actual and on forecast spend) raises one `costs:budget` event per period, recorded in cost_budget_alerts.
   */
  evaluateBudgets(): { budgetId: number; threshold: number; basis: 'actual' | 'forecast'; period: string }[] {
    const fired: { budgetId: number; threshold: number; basis: 'actual' | 'forecast'; period: string }[] = []
    const days = new Set([this.asOf(), dayOf(this.deps.clock.now())])
    for (const b of this.repo.budgets()) {
      const seen = new Set<string>()
      for (const day of days) {
        const status = this.budgetStatus(b, day)
        if (seen.has(status.period)) continue
        seen.add(status.period)
        const budget = fromNano(b.amount_nano)
        const check = (basis: 'actual' | 'forecast', amount: number | null, thresholds: number[]): void => {
          if (amount === null || budget <= 0) return
          for (const threshold of [...thresholds].sort((x, y) => x - y)) {
            if (amount < (budget * threshold) / 100) continue
            const at = this.deps.clock.now()
            if (this.repo.recordAlert({ budgetId: b.id, period: status.period, basis, threshold, amountNano: Math.round(amount * NANO), budgetNano: b.amount_nano, at })) {
              fired.push({ budgetId: b.id, threshold, basis, period: status.period })
              // threshold as a fraction of the budget (0.8 = 80 %), as the alerting engine reads it
              this.deps.bus.publish('costs:budget', { budgetId: b.id, name: b.name, threshold: threshold / 100, basis, amount: round(amount, 2), budget: round(budget, 2), currency: b.currency, period: status.period })
            }
          }
        }
        check('actual', status.actual, JSON.parse(b.thresholds) as number[])
        check('forecast', status.forecast?.mean ?? null, JSON.parse(b.forecast_thresholds) as number[])
      }
    }
    return fired
  }

  // ------------------------------------------------------------------ savings
  recommendations(): Recommendation[] {
    const last = this.range().last
    if (!last) return []
    const from = addDays(last, -29)
    const scale = 30 / Math.min(30, daysBetween(this.range().first!, last) + 1)
    const out: Recommendation[] = []
    for (const r of this.repo.idleResources(from, last)) {
      const monthly = fromNano(r.nano) * scale
      out.push({
        kind: 'idle-resource',
        title: `Idle resource in ${r.service}`,
        detail: `${r.resource} was billed ${this.money(monthly)} a month but consumed nothing (ConsumedQuantity 0) in the last 30 days. Stop or delete it if unused.`,
        target: r.resource,
        monthlyCost: round(monthly, 2),
        estimatedMonthlySavings: round(monthly, 2)
      })
    }
    const prevFrom = addDays(from, -30)
    const growth = this.movers({ a: { from: prevFrom, to: addDays(from, -1) }, b: { from, to: last }, groupBy: 'service', basis: 'effective', limit: 100 })
    const total = growth.reduce((s, g) => s + g.b, 0)
    for (const g of growth.filter((g) => g.a > 0 && g.delta > 0 && (g.pct ?? 0) >= 0.25 && g.delta >= total * 0.01).slice(0, 5)) {
      out.push({
        kind: 'fast-growth',
        title: `${g.key} grew ${Math.round((g.pct ?? 0) * 100)} %`,
        detail: `${g.key} cost ${this.money(g.b)} in the last 30 days against ${this.money(g.a)} the 30 days before. Bringing it back to the earlier level saves the difference.`,
        target: g.key,
        monthlyCost: round(g.b, 2),
        estimatedMonthlySavings: round(g.delta, 2)
      })
    }
    const untagged = this.repo.untagged(from, last)
    const untaggedTotal = untagged.reduce((s, u) => s + fromNano(u.nano), 0) * scale
    if (untaggedTotal > 0) {
      out.push({
        kind: 'untagged',
        title: 'Untagged spend',
        detail: `${this.money(untaggedTotal)} a month carries no tags (top: ${untagged
          .slice(0, 3)
          .map((u) => `${u.service} ${this.money(fromNano(u.nano) * scale)}`)
          .join(', ')}). Tag it to allocate it to an owner; savings cannot be estimated until it is.`,
        target: 'tags',
        monthlyCost: round(untaggedTotal, 2),
        estimatedMonthlySavings: 0
      })
    }
    return out.sort((a, b) => b.estimatedMonthlySavings - a.estimatedMonthlySavings || b.monthlyCost - a.monthlyCost)
  }

  private money(v: number): string {
    return `${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${this.currency()}`
  }

  savingsGoal() {
    const goal = this.repo.getSetting<{ baselineMonth: string; targetPct: number }>('savingsGoal')
    const last = this.range().last
    if (!goal) return { baselineMonth: null, targetPct: 20, baseline: 0, target: 0, months: [] }
    const total = (m: string): number =>
      fromNano(this.repo.grouped({ from: `${m}-01`, to: monthEnd(`${m}-01`), bucket: null, groupBy: null, basis: 'effective', filters: {} }).reduce((s, r) => s + r.nano, 0))
    const baseline = total(goal.baselineMonth)
    const target = baseline * (1 - goal.targetPct / 100)
    const months: { month: string; actual: number; target: number; met: boolean }[] = []
    const end = last ? monthOf(last) : goal.baselineMonth
    for (let m = goal.baselineMonth, i = 0; m <= end && i < 36; m = addMonths(m, 1), i++) {
      const actual = total(m)
      months.push({ month: m, actual: round(actual, 2), target: round(target, 2), met: actual <= target })
    }
    return { baselineMonth: goal.baselineMonth, targetPct: goal.targetPct, baseline: round(baseline, 2), target: round(target, 2), months }
  }

  setSavingsGoal(baselineMonth: string, targetPct: number) {
    this.repo.setSetting('savingsGoal', { baselineMonth, targetPct })
    return this.savingsGoal()
  }

  // ------------------------------------------------------------------ reports
  report(input: { from: string; to: string; scope: { service?: string | undefined; tag?: { key: string; value: string } | undefined } }): ReportView {
    if (input.to < input.from) throw invalid('to', 'must not be before from')
    const days = daysBetween(input.from, input.to) + 1
    if (days > 3 * 366) throw invalid('from', 'a report spans at most three years')
    const filters: Filters = { ...(input.scope.service ? { service: [input.scope.service] } : {}), ...(input.scope.tag ? { tag: input.scope.tag } : {}) }
    const scope: Scope = input.scope.service ? { kind: 'service', service: input.scope.service } : input.scope.tag ? { kind: 'tag', ...input.scope.tag } : { kind: 'all' }
    const sum = (from: string, to: string, basis: Basis): number => fromNano(this.repo.grouped({ from, to, bucket: null, groupBy: null, basis, filters }).reduce((s, r) => s + r.nano, 0))
    const prevTo = addDays(input.from, -1)
    const prevFrom = addDays(input.from, -days)
    const billed = sum(input.from, input.to, 'billed')
    const previous = sum(prevFrom, prevTo, 'billed')
    const rows = this.deps.db.prepare('SELECT COALESCE(SUM(rows), 0) AS n FROM cost_daily WHERE day BETWEEN ? AND ?').get(input.from, input.to) as { n: number }
    const byService = this.repo.grouped({ from: input.from, to: input.to, bucket: null, groupBy: 'service', basis: 'billed', filters }).sort((a, b) => b.nano - a.nano)
    const label = scopeLabel(scope)
    return {
      title: `Cost report ${input.from} – ${input.to}${scope.kind === 'all' ? '' : ` (${label})`}`,
      from: input.from,
      to: input.to,
      currency: this.currency(),
      scopeLabel: label,
      generatedAt: this.deps.clock.now(),
      summary: { billed: round(billed, 2), effective: round(sum(input.from, input.to, 'effective'), 2), previousBilled: round(previous, 2), changePct: previous ? round((billed - previous) / previous, 4) : null, rows: rows.n, days },
      series: this.series({ from: input.from, to: input.to, granularity: days > 92 ? 'month' : days > 31 ? 'week' : 'day', groupBy: 'service', basis: 'billed', filters, top: 6 }),
      topServices: byService.slice(0, 10).map((r) => ({ key: r.key, amount: round(fromNano(r.nano), 2), share: billed ? round(fromNano(r.nano) / billed, 4) : 0 })),
      movers: this.movers({ a: { from: prevFrom, to: prevTo }, b: { from: input.from, to: input.to }, groupBy: 'service', basis: 'billed', limit: 8 }),
      budgets: this.budgets(),
      forecast: this.forecast('billed', scope),
      recommendations: this.recommendations().slice(0, 10)
    }
  }

  reportCsv(input: { from: string; to: string; scope: { service?: string | undefined; tag?: { key: string; value: string } | undefined } }): { filename: string; csv: string } {
    if (input.to < input.from) throw invalid('to', 'must not be before from')
    const filters: Filters = { ...(input.scope.service ? { service: [input.scope.service] } : {}), ...(input.scope.tag ? { tag: input.scope.tag } : {}) }
    const raw = this.repo.usesRaw(null, filters)
    const w = filterSql(filters, input.from, input.to)
    const rows = this.deps.db
      .prepare(
        `SELECT day, service, service_category, region, account, SUM(billed_nano) AS billed, SUM(effective_nano) AS effective
         FROM ${raw ? 'cost_rows_live' : 'cost_daily'} ${w.sql} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`
      )
      .all(...w.params) as { day: string; service: string; service_category: string; region: string; account: string; billed: number; effective: number }[]
    return { filename: `costs-${input.from}-${input.to}.csv`, csv: buildReportCsv(rows, this.currency()) }
  }

  schedules() {
    return this.repo.schedules().map((s) => ({
      id: s.id,
      name: s.name,
      cadence: s.cadence,
      cron: s.cron,
      recipients: JSON.parse(s.recipients) as string[],
      nextRunAt: s.next_run_at,
      lastRunAt: s.last_run_at
    }))
  }

  private nextRun(cadence: 'monthly' | 'weekly' | 'cron', cron: string | null, after: number): number {
    if (cadence === 'cron') return nextCron(cron ?? '', after) ?? after + 366 * DAY_MS
    const d = new Date(after)
    if (cadence === 'monthly') {
      const t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1, 6)
      return t > after ? t : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1, 6)
    }
    const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7), 6)
    return monday > after ? monday : monday + 7 * DAY_MS
  }

  scheduleCreate(input: { name: string; cadence: 'monthly' | 'weekly' | 'cron'; cron?: string | undefined; recipients: string[]; scope: { service?: string | undefined; tag?: { key: string; value: string } | undefined } }) {
    if (input.cadence === 'cron' && (!input.cron || !parseCron(input.cron))) throw invalid('cron', 'must be a 5-field cron expression (minute hour day month weekday), in UTC')
    const next = this.nextRun(input.cadence, input.cron ?? null, this.deps.clock.now())
    const id = this.repo.insertSchedule({
      name: input.name,
      cadence: input.cadence,
      cron: input.cadence === 'cron' ? input.cron! : null,
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
    for (const s of this.repo.schedules()) {
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
      this.deps.bus.publish('costs:report', { scheduleId: s.id, subject: `${s.name}: ${report.title}`, csv, html: buildReportHtml(report) })
      this.repo.markScheduleRun(s.id, now, this.nextRun(s.cadence, s.cron, now))
      sent++
    }
    return sent
  }
}

function parseBudget(input: BudgetInput) {
  const amountNano = parseNano(input.amount)
  if (amountNano === null || amountNano <= 0) throw invalid('amount', 'must be a positive amount')
  return {
    name: input.name,
    period: input.period ?? 'monthly',
    amountNano,
    scope: input.scope ?? { kind: 'all' as const },
    basis: input.basis ?? 'billed',
    thresholds: [...new Set(input.thresholds ?? [50, 80, 100])].sort((a, b) => a - b),
    forecastThresholds: [...new Set(input.forecastThresholds ?? [100])].sort((a, b) => a - b)
  }
}

export function scopeLabel(scope: Scope): string {
  return scope.kind === 'service' ? `service ${scope.service}` : scope.kind === 'tag' ? `tag ${scope.key}=${scope.value}` : 'all costs'
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
