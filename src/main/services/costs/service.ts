/** The costs area's facade: wires imports, manual entries, analysis, budgets, savings and reports, and runs the minute tick. */
import type {
  BudgetInput,
  BudgetView,
  CostSeries,
  ForecastView,
  CostImportReport,
  Recommendation,
  ReportView
} from '../../../shared/contract/costs'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import type { PollerRegistry } from '../../core/pollers'
import type { HealthReader } from '../health/api'
import type { CostsPrices, ExternalCostImporters } from './api'
import { costsPrices } from './prices'
import { startedOf, type JobService } from '../../core/jobs'
import type { JobStarted } from '../../../shared/contract/jobs'
import type { Db } from '../../db/open'
import { CostsAnalysis, type Basis, type MoversInput, type Scope, type SeriesInput } from './analysis'
import { CostsBudgets } from './budgets'
import { addMonths, dayOf, monthEnd, monthOf } from './dates'
import { inlineExecutor, type CleanupResult, type CostsExecutor } from './executor'
import { CostsImports, type ImportInput } from './imports'
import { CostsManual, type ManualInput } from './manual'
import { fromNano, round, sumNano } from './money'
import { CostsReports, type ReportInput, type ScheduleInput } from './report'
import { CostsRepo, type BudgetRow, type Filters } from './repo'
import { CostsSavings } from './savings'
import type { TrendKind } from './forecast'
import { currencyOf, readSettings, writeSettings, type CostsSettings } from './settings'

export { scopeLabel } from './analysis'

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
  /** Health's read port (linking cost services to monitored ones, cost per check). */
  health?: HealthReader
  /** The one job model: imports are jobs. */
  jobs: JobService
}

const POLL_MS = 60_000

/** Cost analysis: imports, rollups, budgets, forecasts, recommendations and reports. Each part lives in its own file; this class delegates. */
export class CostsService {
  readonly repo: CostsRepo
  readonly executor: CostsExecutor
  private readonly importing: CostsImports
  private readonly manual: CostsManual
  private readonly analysis: CostsAnalysis
  private readonly budgeting: CostsBudgets
  private readonly savings: CostsSavings
  private readonly reporting: CostsReports
  private timer: NodeJS.Timeout | undefined
  private lastBudgetDay: string | null = null

  /** Bill formats extensions add (set through the costImporters port). */
  externalImporters: ExternalCostImporters | null = null

  constructor(private deps: CostsServiceDeps) {
    const { db, clock, bus, logger } = deps
    const repo = (this.repo = new CostsRepo(db))
    this.executor = deps.executor ?? inlineExecutor
    const analysis = (this.analysis = new CostsAnalysis(repo, clock, deps.health))
    const budgets = (this.budgeting = new CostsBudgets({ repo, clock, bus, analysis }))
    const savings = (this.savings = new CostsSavings(repo, analysis))
    this.reporting = new CostsReports({ db, clock, bus, repo, analysis, budgets, savings })
    this.manual = new CostsManual({ db, clock, repo })
    this.importing = new CostsImports({
      db,
      clock,
      bus,
      logger,
      repo,
      executor: this.executor,
      nativeBinding: deps.nativeBinding,
      onImported: () => void budgets.evaluateBudgets(),
      external: () => this.externalImporters
    })
    // rows of an import that crashed or was cancelled last time, or replaced rows not deleted yet
    if (repo.hasLeftovers()) void this.cleanUp().catch(() => undefined)
    // a restored workspace brings other rows: forget everything memoised
    bus.on('workspace:changed', () => void repo.version++)
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
    await this.importing.stop()
  }

  /** Delete retired rows and abandoned staging imports in the background (see CostsImports.cleanUp). */
  cleanUp(): Promise<CleanupResult> {
    return this.importing.cleanUp()
  }

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
  settings(): CostsSettings {
    return readSettings(this.repo)
  }

  setSettings(patch: {
    anomalyK?: number | undefined
    anomalyWindow?: number | undefined
    forecastMaxMape?: number | undefined
  }): CostsSettings {
    return writeSettings(this.repo, patch)
  }

  currency(): string {
    return currencyOf(this.repo)
  }

  // ------------------------------------------------------------------ import (imports.ts)
  /** Import a bill and wait for it (tests, the demo). */
  importFile(input: ImportInput): Promise<CostImportReport> {
    return this.deps.jobs.run(() => this.importing.importJob(input))
  }

  /** Import a bill as a job: answers at once with the job to follow. */
  startImport(input: ImportInput): JobStarted {
    return startedOf(this.deps.jobs.start(this.importing.importJob(input)))
  }

  imports() {
    return this.importing.imports()
  }

  importFormats() {
    return this.importing.externalFormats()
  }

  deleteImport(id: number): { deletedRows: number } {
    return this.importing.deleteImport(id)
  }

  header(file: string) {
    return this.importing.header(file)
  }

  sources() {
    return this.importing.sources()
  }

  saveSource(name: string, mapping: Record<string, string>): { id: number } {
    return this.importing.saveSource(name, mapping)
  }

  // ------------------------------------------------------------------ manual entries (manual.ts)
  manualList() {
    return this.manual.manualList()
  }

  manualCreate(input: ManualInput): { id: number; rows: number } {
    return this.manual.manualCreate(input)
  }

  manualDelete(id: number): { deleted: boolean } {
    return this.manual.manualDelete(id)
  }

  refreshManual(): void {
    this.manual.refreshManual()
  }

  // ------------------------------------------------------------------ analysis (analysis.ts)
  range(): { first: string | null; last: string | null } {
    return this.analysis.range()
  }

  asOf(): string {
    return this.analysis.asOf()
  }

  dimensions() {
    return this.analysis.dimensions()
  }

  daily(from: string, to: string, basis: Basis, filters?: Filters): number[] {
    return this.analysis.daily(from, to, basis, filters)
  }

  series(input: SeriesInput): CostSeries {
    return this.analysis.series(input)
  }

  movers(input: MoversInput) {
    return this.analysis.movers(input)
  }

  links() {
    return this.analysis.links()
  }

  link(costService: string, serviceId: number): { ok: true } {
    return this.analysis.link(costService, serviceId)
  }

  /** The port other areas read unit prices through. */
  prices(): CostsPrices {
    return costsPrices(this.repo, this.deps.health)
  }

  unitCosts(from: string, to: string) {
    return this.analysis.unitCosts(from, to)
  }

  forecast(basis?: Basis, scope?: Scope, trend?: TrendKind): ForecastView {
    return this.analysis.forecast(basis, scope, trend)
  }

  // ------------------------------------------------------------------ summary
  summary(input: { month?: string | undefined; basis: Basis } = { basis: 'billed' }) {
    const { first, last } = this.range()
    const month = input.month ?? monthOf(last ?? dayOf(this.deps.clock.now()))
    const total = (m: string): number => {
      const rows = this.repo.grouped({
        from: `${m}-01`,
        to: monthEnd(`${m}-01`),
        bucket: null,
        groupBy: null,
        basis: input.basis,
        filters: {}
      })
      return round(fromNano(sumNano(rows)))
    }
    const budgets = this.budgets()
    let forecastMonthEnd = null
    let mape = null
    if (last && month === monthOf(last)) {
      const f = this.forecast(input.basis)
      if (f.monthEnd)
        forecastMonthEnd = {
          mean: f.monthEnd.mean,
          lo: f.monthEnd.lo,
          hi: f.monthEnd.hi,
          reliable: f.reliable,
          unreliableReason: f.unreliableReason
        }
      mape = f.backtest.mape
    }
    const series = last
      ? this.series({
          from: `${month}-01`,
          to: monthEnd(`${month}-01`),
          granularity: 'day',
          groupBy: 'service',
          basis: input.basis,
          filters: {},
          top: 1
        })
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
      budgets: {
        total: budgets.length,
        over: budgets.filter((b) => b.status.state === 'over').length,
        warning: budgets.filter((b) => b.status.state === 'warning' || b.status.state === 'forecast-over').length
      },
      anomalies: series?.anomalies.length ?? 0,
      rows: this.repo.rowCount()
    }
  }

  // ------------------------------------------------------------------ budgets (budgets.ts)
  budgetCreate(input: BudgetInput): { id: number } {
    return this.budgeting.budgetCreate(input)
  }

  budgetUpdate(input: BudgetInput & { id: number }): { id: number } {
    return this.budgeting.budgetUpdate(input)
  }

  budgetDelete(id: number): { deleted: boolean } {
    return this.budgeting.budgetDelete(id)
  }

  budgetStatus(b: BudgetRow, asOf?: string): BudgetView['status'] {
    return this.budgeting.budgetStatus(b, asOf)
  }

  /** Budgets' names only (the palette searches them; no status computed). */
  budgetRows(): { id: number; name: string; period: string }[] {
    return this.repo.budgets().map((b) => ({ id: b.id, name: b.name, period: b.period }))
  }

  budgets(asOf?: string): BudgetView[] {
    return this.budgeting.budgets(asOf)
  }

  evaluateBudgets(): ReturnType<CostsBudgets['evaluateBudgets']> {
    return this.budgeting.evaluateBudgets()
  }

  // ------------------------------------------------------------------ savings (savings.ts)
  recommendations(): Recommendation[] {
    return this.savings.recommendations()
  }

  savingsGoal() {
    return this.savings.savingsGoal()
  }

  setSavingsGoal(baselineMonth: string, targetPct: number) {
    return this.savings.setSavingsGoal(baselineMonth, targetPct)
  }

  // ------------------------------------------------------------------ reports (report.ts)
  report(input: ReportInput): ReportView {
    return this.reporting.report(input)
  }

  reportCsv(input: ReportInput): { filename: string; csv: string } {
    return this.reporting.reportCsv(input)
  }

  schedules() {
    return this.reporting.schedules()
  }

  scheduleCreate(input: ScheduleInput) {
    return this.reporting.scheduleCreate(input)
  }

  runDueSchedules(now?: number): number {
    return this.reporting.runDueSchedules(now)
  }
}
