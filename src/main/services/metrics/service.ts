/** The metrics area's facade: sources, queries (Prometheus API or the built-in store), scraping, dashboards, forecasts. */
import type { z } from 'zod'
import type {
  Dashboard,
  DashboardLabels,
  Forecast,
  ForecastInput,
  MetricSource,
  QueryResult,
  MetricRecommendation,
  Rule,
  MetricSeries,
  Target,
  metricsChannels
} from '../../../shared/contract/metrics'
import { AppError, invalid, notFound } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import type { PollerRegistry } from '../../core/pollers'
import type { SecretBox } from '../../core/secrets'
import type { Db } from '../../db/open'
import type { CostsPrices } from '../costs/api'
import type { HealthReader } from '../health/api'
import { analyze, deployRegressions, toRecommendation } from './advice'
import { DEFAULT_LABELS, deployQuery, deploysOf, fleetQueries, panelQueries } from './dashboards'
import { forecastSeries } from './forecasting'
import {
  chooseStep,
  PromApiError,
  promLabels,
  promLabelValues,
  promQuery,
  promQueryRange,
  promSeries,
  type PromConnection,
  type PromResult
} from './promClient'
import { evalInstant, evalRange, matchersOf } from './promql/eval'
import { PromQLError } from './promql/lexer'
import { parse } from './promql/parser'
import { METRIC_NAME, type Labels } from './promql/values'
import { MetricsRepo, type SourceRow, type TargetRow } from './repo'
import { evaluateRule, saveRule, toRule } from './rules'
import { coreHourPrice } from './savings'
import { scrapeTarget } from './scraper'
import { SelfMetrics } from './selfMetrics'
import { StoreSource } from './store'

export interface MetricsDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  pollers: PollerRegistry
  secrets: SecretBox
  health: HealthReader | null
  /** Unit prices from the imported bills (the costs area), for estimated savings. */
  costs: CostsPrices | null
}

type In<C extends keyof typeof metricsChannels> = z.output<(typeof metricsChannels)[C]['input']>

/** How long the built-in store keeps samples. */
export const RETENTION_MS = 15 * 86_400_000
const TICK_MS = 1000
const RULES_EVERY_MS = 15_000
/** Series-days rolled up per tick (a day of a 15 s scrape is 5,760 samples). */
const ROLLUP_PER_TICK = 4

const toSource = (r: SourceRow): MetricSource => ({
  id: r.id,
  name: r.name,
  url: r.url,
  auth: r.auth,
  username: r.username,
  hasSecret: r.secret !== null,
  tenant: r.tenant,
  createdAt: r.created_at
})

const toTarget = (r: TargetRow): Target => ({
  id: r.id,
  url: r.url,
  job: r.job,
  service: r.service,
  intervalS: r.interval_s,
  lastScrapeAt: r.last_scrape_at,
  lastError: r.last_error,
  lastSamples: r.last_samples,
  lastDurationMs: r.last_duration_ms
})

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null)

export class MetricsService {
  readonly repo: MetricsRepo
  readonly store: StoreSource
  readonly self: SelfMetrics
  private timer: NodeJS.Timeout | undefined
  private scraping = new Set<number>()
  private lastRetention = 0
  private lastRuleEval = 0

  constructor(readonly deps: MetricsDeps) {
    this.repo = new MetricsRepo(deps.db, () => deps.clock.now())
    this.store = new StoreSource(this.repo)
    this.self = new SelfMetrics(this.repo, deps.bus, deps.health)
  }

  private changed(what: 'sources' | 'targets' | 'samples' | 'rules' | 'recommendations'): void {
    this.deps.bus.publish('metrics:changed', { what, at: this.deps.clock.now() })
  }

  // ------------------------------------------------------------------ sources
  sources(): MetricSource[] {
    return this.repo.sources().map(toSource)
  }

  saveSource(input: In<'metrics:saveSource'>): MetricSource {
    const old = input.id ? this.repo.source(input.id) : undefined
    if (input.id && !old) throw notFound(`source ${input.id}`)
    if (input.auth === 'basic' && !input.username) throw invalid('username', 'basic auth needs a user name')
    const keep = old && old.auth === input.auth && input.secret === undefined
    if (input.auth !== 'none' && !keep && !input.secret)
      throw invalid('secret', `${input.auth === 'bearer' ? 'a token' : 'a password'} is needed`)
    if (this.repo.sources().some((s) => s.name === input.name && s.id !== input.id))
      throw invalid('name', `a source named "${input.name}" exists`)
    const row = {
      name: input.name,
      url: input.url.replace(/\/+$/, ''),
      auth: input.auth,
      username: input.auth === 'basic' ? (input.username ?? null) : null,
      secret: input.auth === 'none' ? null : keep ? old.secret : this.deps.secrets.encrypt(input.secret!),
      tenant: input.tenant || null
    }
    let id = input.id
    if (id) this.repo.updateSource({ id, ...row })
    else id = this.repo.insertSource({ ...row, created_at: this.deps.clock.now() })
    this.changed('sources')
    return toSource(this.repo.source(id)!)
  }

  deleteSource(id: number): { deleted: boolean } {
    const deleted = this.repo.deleteSource(id)
    if (deleted) this.changed('sources')
    return { deleted }
  }

  connection(sourceId: number): PromConnection {
    const s = this.repo.source(sourceId)
    if (!s) throw notFound(`metric source ${sourceId}`)
    const secret = s.secret ? this.deps.secrets.decrypt(s.secret) : ''
    const auth: PromConnection['auth'] =
      s.auth === 'bearer'
        ? { kind: 'bearer', token: secret }
        : s.auth === 'basic'
          ? { kind: 'basic', username: s.username ?? '', password: secret }
          : { kind: 'none' }
    return { url: s.url, auth, tenant: s.tenant }
  }

  // ------------------------------------------------------------------ queries
  /** Errors of either backend as one plain VALIDATION (bad query) or UNAVAILABLE-like message. */
  private async guarded<T>(fn: () => Promise<T> | T): Promise<T> {
    try {
      return await fn()
    } catch (err) {
      if (err instanceof PromQLError) throw invalid('query', err.message)
      if (err instanceof PromApiError) {
        if (err.errorType === 'bad_data') throw invalid('query', err.message)
        throw new AppError('UNAVAILABLE', err.message)
      }
      throw err
    }
  }

  async query(sourceId: number, q: string, time?: number): Promise<QueryResult> {
    const t = time ?? this.deps.clock.now()
    return this.guarded(async () => {
      if (sourceId > 0) return fromProm(await promQuery(this.connection(sourceId), q, t), null)
      const v = evalInstant(q, this.store, t)
      if (v.type === 'scalar' || v.type === 'string') {
        return { resultType: v.type, series: [{ labels: {}, points: [[t, finite(Number(v.value))]] }], stepS: null, warnings: [] }
      }
      if (v.type === 'matrix') {
        const series = v.arg.series.map((s) => ({
          labels: s.labels,
          points: Array.from(s.t, (tt, i) => [tt, finite(s.v[i]!)] as [number, number | null])
        }))
        return { resultType: 'matrix', series, stepS: null, warnings: [] }
      }
      return {
        resultType: 'vector',
        series: v.samples.map((s) => ({ labels: s.labels, points: [[t, finite(s.value)]] })),
        stepS: null,
        warnings: []
      }
    })
  }

  async queryRange(input: In<'metrics:queryRange'>): Promise<QueryResult> {
    if (input.end < input.start) throw invalid('end', 'must not be before start')
    const stepS = Math.max(input.stepS ?? 0, chooseStep(input.start, input.end))
    return this.guarded(async () => {
      if (input.sourceId > 0)
        return fromProm(await promQueryRange(this.connection(input.sourceId), input.query, input.start, input.end, stepS), stepS)
      const series = evalRange(input.query, this.store, input.start, input.end, stepS * 1000).map((s) => ({
        labels: s.labels,
        points: s.points.map(([t, v]) => [t, finite(v)] as [number, number | null])
      }))
      return { resultType: 'matrix', series, stepS, warnings: [] }
    })
  }

  async labels(sourceId: number): Promise<string[]> {
    if (sourceId > 0) return this.guarded(() => promLabels(this.connection(sourceId)))
    const names = new Set<string>()
    for (const s of this.repo.seriesByName(null)) for (const k of Object.keys(JSON.parse(s.labels) as Labels)) names.add(k)
    return [...names].sort()
  }

  async labelValues(sourceId: number, name: string): Promise<string[]> {
    if (sourceId > 0) return this.guarded(() => promLabelValues(this.connection(sourceId), name))
    const values = new Set<string>()
    for (const s of this.repo.seriesByName(null)) {
      const v = (JSON.parse(s.labels) as Labels)[name]
      if (v !== undefined) values.add(v)
    }
    return [...values].sort()
  }

  async series(sourceId: number, match: string[], start: number, end: number): Promise<Labels[]> {
    if (sourceId > 0) return this.guarded(() => promSeries(this.connection(sourceId), match, start, end))
    return this.guarded(() => {
      const out = new Map<string, Labels>()
      for (const m of match) {
        const e = parse(m)
        if (e.kind !== 'vector') throw invalid('match', `"${m}" is not a series selector`)
        for (const s of this.store.select(matchersOf(e), start, end)) out.set(JSON.stringify(s.labels), s.labels)
      }
      return [...out.values()]
    })
  }

  // ------------------------------------------------------------------ dashboards
  async dashboard(input: In<'metrics:dashboard'>): Promise<Dashboard> {
    const labels: DashboardLabels = { ...DEFAULT_LABELS, ...input.labels }
    const stepS = chooseStep(input.start, input.end, 240, 15)
    const panels = await Promise.all(
      panelQueries(input.service, labels, stepS).map(async (p) => {
        const series: MetricSeries[] = []
        let error: string | null = null
        for (const q of p.queries) {
          try {
            const r = await this.queryRange({ sourceId: input.sourceId, query: q.expr, start: input.start, end: input.end, stepS })
            series.push(...r.series.map((s) => (q.legend ? { ...s, labels: { ...s.labels, legend: q.legend } } : s)))
          } catch (err) {
            error = (err as Error).message
          }
        }
        return { id: p.id, title: p.title, unit: p.unit, query: p.queries.map((q) => q.expr).join('\n'), series, error }
      })
    )
    let deploys: { t: number; version: string }[] = []
    try {
      const r = await this.queryRange({
        sourceId: input.sourceId,
        query: deployQuery(input.service, labels),
        start: input.start,
        end: input.end,
        stepS
      })
      deploys = deploysOf(r.series, labels.version)
    } catch {
      // no build-info metric: no markers
    }
    return { service: input.service, stepS, panels, deploys }
  }

  async fleet(
    input: In<'metrics:fleet'>
  ): Promise<{ service: string; rate: number | null; errorRatio: number | null; p95: number | null }[]> {
    const labels: DashboardLabels = { ...DEFAULT_LABELS, ...input.labels }
    const q = fleetQueries(labels, input.windowS)
    const rows = new Map<string, { service: string; rate: number | null; errorRatio: number | null; p95: number | null }>()
    const take = async (expr: string, field: 'rate' | 'errorRatio' | 'p95'): Promise<void> => {
      for (const s of (await this.query(input.sourceId, expr)).series) {
        const name = s.labels[labels.service]
        if (name === undefined) continue
        const row = rows.get(name) ?? { service: name, rate: null, errorRatio: null, p95: null }
        row[field] = s.points[0]?.[1] ?? null
        rows.set(name, row)
      }
    }
    await take(q.rate, 'rate')
    await take(q.errors, 'errorRatio')
    await take(q.p95, 'p95')
    return [...rows.values()].sort((a, b) => (b.errorRatio ?? -1) - (a.errorRatio ?? -1) || (b.p95 ?? -1) - (a.p95 ?? -1))
  }

  // ------------------------------------------------------------------ forecasts
  async forecast(input: z.output<typeof ForecastInput>): Promise<Forecast[]> {
    const r = await this.queryRange(input)
    const stepS = r.stepS!
    const out: Forecast[] = []
    for (const s of r.series.slice(0, 10)) {
      const f = forecastSeries(s, { ...input, stepS })
      if (f) out.push(f)
    }
    if (r.series.length && !out.length) throw invalid('start', 'too few points to forecast: widen the range or shorten the step')
    return out
  }

  // ------------------------------------------------------------------ rules
  rules(): Rule[] {
    return this.repo.rules().map(toRule)
  }

  saveRule(input: In<'metrics:saveRule'>): Rule {
    const r = saveRule(this, input)
    this.changed('rules')
    return r
  }

  deleteRule(id: number): { deleted: boolean } {
    const deleted = this.repo.deleteRule(id)
    if (deleted) this.changed('rules')
    return { deleted }
  }

  async evaluateRules(): Promise<Rule[]> {
    for (const r of this.repo.rules()) {
      const before = r.state
      const after = await evaluateRule(this, r)
      if (after === 'firing' && before !== 'firing') this.deps.logger.info(`metrics: rule "${r.name}" fires`)
      const e = this.repo.rule(r.id)!
      this.deps.bus.publish('metrics:ruleEvaluated', {
        ruleId: e.id,
        name: e.name,
        kind: e.kind,
        query: e.query,
        op: e.op,
        threshold: e.threshold,
        state: e.state,
        value: e.last_value,
        message: e.last_message,
        at: e.last_eval_at ?? this.deps.clock.now()
      })
    }
    this.changed('rules')
    return this.rules()
  }

  // ------------------------------------------------------------------ advice
  recommendations(state?: MetricRecommendation['state']): MetricRecommendation[] {
    this.repo.wakeSnoozed(this.deps.clock.now())
    return this.repo.recommendations(state).map(toRecommendation)
  }

  async analyze(input: In<'metrics:analyze'>): Promise<MetricRecommendation[]> {
    const options = {
      sourceId: input.sourceId,
      labels: { ...DEFAULT_LABELS, ...input.labels },
      windowS: input.windowS,
      coreHourPrice: coreHourPrice(this.deps.costs, input.coreHourPrice ?? null)
    }
    await analyze(this, options)
    await deployRegressions(this, options)
    this.changed('recommendations')
    return this.recommendations()
  }

  decide(id: number, decision: MetricRecommendation['state'], snoozeDays: number): MetricRecommendation {
    if (!this.repo.recommendation(id)) throw notFound(`recommendation ${id}`)
    const now = this.deps.clock.now()
    this.repo.decide(id, decision, decision === 'snoozed' ? now + snoozeDays * 86_400_000 : null, now)
    this.changed('recommendations')
    return toRecommendation(this.repo.recommendation(id)!)
  }

  // ------------------------------------------------------------------ scraping
  targets(): Target[] {
    return this.repo.targets().map(toTarget)
  }

  saveTarget(input: In<'metrics:saveTarget'>): Target {
    if (input.id && !this.repo.target(input.id)) throw notFound(`target ${input.id}`)
    if (this.repo.targets().some((t) => t.url === input.url && t.id !== input.id)) throw invalid('url', 'this endpoint is scraped already')
    const id = this.repo.saveTarget(
      {
        ...(input.id ? { id: input.id } : {}),
        url: input.url,
        job: input.job,
        service: input.service || null,
        interval_s: input.intervalS
      },
      this.deps.clock.now()
    )
    this.changed('targets')
    return toTarget(this.repo.target(id)!)
  }

  deleteTarget(id: number): { deleted: boolean } {
    const deleted = this.repo.deleteTarget(id)
    if (deleted) this.changed('targets')
    return { deleted }
  }

  async scrapeNow(id: number): Promise<Target> {
    const t = this.repo.target(id)
    if (!t) throw notFound(`target ${id}`)
    await this.scrape(t)
    return toTarget(this.repo.target(id)!)
  }

  private async scrape(t: TargetRow): Promise<void> {
    if (this.scraping.has(t.id)) return
    this.scraping.add(t.id)
    try {
      const now = this.deps.clock.now()
      const r = await scrapeTarget(this.repo, t, now)
      this.repo.recordScrape(t.id, now, r.error, r.error ? null : r.samples, r.durationMs)
      this.changed('samples')
    } finally {
      this.scraping.delete(t.id)
    }
  }

  /** Scrapes every due target; drops samples past retention once an hour. */
  tick(): void {
    const now = this.deps.clock.now()
    this.deps.pollers.tick('metrics', now)
    for (const t of this.repo.targets()) {
      if (t.last_scrape_at === null || now - t.last_scrape_at >= t.interval_s * 1000) {
        void this.scrape(t).catch((err: Error) => this.deps.logger.warn(`metrics: scrape of ${t.url} failed: ${err.message}`))
      }
    }
    if (now - this.lastRuleEval >= RULES_EVERY_MS && this.repo.rules().length) {
      this.lastRuleEval = now
      void this.evaluateRules().catch((err: Error) => this.deps.logger.warn(`metrics: rules failed: ${err.message}`))
    }
    this.repo.rollup.catchUp(now - RETENTION_MS, ROLLUP_PER_TICK)
    if (now - this.lastRetention > 3_600_000) {
      this.lastRetention = now
      this.repo.deleteSamplesBefore(now - RETENTION_MS)
    }
  }

  start(): void {
    if (this.timer) return
    this.deps.pollers.register('metrics', TICK_MS)
    this.timer = setInterval(() => {
      try {
        this.tick()
      } catch (err) {
        this.deps.logger.error(`metrics tick failed: ${(err as Error).message}`)
      }
    }, TICK_MS)
    this.timer.unref()
  }

  /** The console's own metrics (OpenMetrics text), served at /metrics in serve mode. */
  exposition(): string {
    return this.self.exposition()
  }

  stop(): void {
    this.self.stop()
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    this.deps.pollers.stop('metrics')
  }

  palette(q: string, limit: number) {
    const needle = q.toLowerCase()
    return this.repo
      .targets()
      .filter((t) => (t.service ?? t.job).toLowerCase().includes(needle))
      .slice(0, limit)
      .map((t) => ({
        kind: 'metrics-target',
        id: String(t.id),
        title: t.service ?? t.job,
        subtitle: `Metrics: RED/USE dashboard (${t.url})`,
        route: `/metrics/service/${encodeURIComponent(t.service ?? t.job)}`
      }))
  }
}

function fromProm(r: PromResult, stepS: number | null): QueryResult {
  return {
    resultType: r.resultType,
    series: r.series.map((s) => ({ labels: s.labels, points: s.points.map(([t, v]) => [t, finite(v)] as [number, number | null]) })),
    stepS,
    warnings: r.warnings
  }
}

export { METRIC_NAME }
