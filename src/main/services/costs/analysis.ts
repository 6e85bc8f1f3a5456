/** Cost analysis reads: data range, dimensions, daily totals, series with anomalies, movers, unit costs and the forecast. */
import type { CostSeries, ForecastView } from '../../../shared/contract/costs'
import { invalid, notFound } from '../../../shared/errors'
import type { Clock } from '../../core/clock'
import { detectAnomalies } from './anomaly'
import { likeForLike } from '../../../shared/costs/periods'
import { addDays, addMonths, dayMs, dayOf, daysBetween, monthEnd, monthOf, DAY_MS } from './dates'
import {
  backtestMape,
  fitHoltWinters,
  forecastDaily,
  forecastReliability,
  holdoutFor,
  SEASON,
  simulateSums,
  type TrendKind
} from './forecast'
import { fromNano, round } from './money'
import type { HealthReader } from '../health/api'
import type { CostsRepo, Filters } from './repo'
import { currencyOf, readSettings } from './settings'

export type Basis = 'billed' | 'effective'
export type Scope = { kind: 'all' } | { kind: 'service'; service: string } | { kind: 'tag'; key: string; value: string }

export type SeriesInput = {
  from: string
  to: string
  granularity: 'day' | 'week' | 'month'
  groupBy: string
  basis: Basis
  filters: Filters
  top: number
  anomalyK?: number | undefined
}
export type MoversInput = { a: { from: string; to: string }; b: { from: string; to: string }; groupBy: string; basis: Basis; limit: number }

export function scopeLabel(scope: Scope): string {
  return scope.kind === 'service' ? `service ${scope.service}` : scope.kind === 'tag' ? `tag ${scope.key}=${scope.value}` : 'all costs'
}

export function scopeFilters(scope: Scope): Filters {
  return scope.kind === 'service'
    ? { service: [scope.service] }
    : scope.kind === 'tag'
      ? { tag: { key: scope.key, value: scope.value } }
      : {}
}

/** Reads of the rollup (memoised until it changes) that budgets, savings and reports build on. */
export class CostsAnalysis {
  private memo = new Map<string, unknown>()
  private memoVersion = -1

  constructor(
    private readonly repo: CostsRepo,
    private readonly clock: Clock,
    /** Health's read port: names of monitored services and how often their checks ran (unit costs). */
    private readonly health?: HealthReader
  ) {}

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

  range(): { first: string | null; last: string | null } {
    return this.cached('range', () => this.repo.dataRange())
  }

  /** The day analysis is relative to: the latest day with costs (else today). */
  asOf(): string {
    return this.range().last ?? dayOf(this.clock.now())
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
    return [
      ...this.cached(`daily|${from}|${to}|${basis}|${JSON.stringify(filters)}`, () => this.dailyUncached(from, to, basis, filters, n))
    ]
  }

  private dailyUncached(from: string, to: string, basis: Basis, filters: Filters, n: number): number[] {
    const out = new Array<number>(n).fill(0)
    for (const r of this.repo.grouped({ from, to, bucket: 'day', groupBy: null, basis, filters })) {
      const i = daysBetween(from, r.bucket)
      if (i >= 0 && i < n) out[i] = fromNano(r.nano)
    }
    return out
  }

  series(input: SeriesInput): CostSeries {
    if (input.to < input.from) throw invalid('to', 'must not be before from')
    if (daysBetween(input.from, input.to) > 3 * 366) throw invalid('from', 'a series spans at most three years')
    // buckets are formed in SQL: a year by month and service is a few hundred rows out of the rollup
    const rows = this.repo.grouped({
      from: input.from,
      to: input.to,
      bucket: input.granularity,
      groupBy: input.groupBy,
      basis: input.basis,
      filters: input.filters
    })
    const buckets: string[] = []
    if (input.granularity === 'day') for (let d = input.from; d <= input.to; d = addDays(d, 1)) buckets.push(d)
    else if (input.granularity === 'month') for (let m = monthOf(input.from); m <= monthOf(input.to); m = addMonths(m, 1)) buckets.push(m)
    else {
      const first = dayOf(dayMs(input.from) - ((new Date(dayMs(input.from)).getUTCDay() + 6) % 7) * DAY_MS)
      for (let w = first; w <= input.to; w = addDays(w, 7)) buckets.push(w)
    }
    const index = new Map(buckets.map((b, i) => [b, i]))
    const totalsByKey = new Map<string, bigint>()
    for (const r of rows) totalsByKey.set(r.key, (totalsByKey.get(r.key) ?? 0n) + r.nano)
    const ranked = [...totalsByKey.entries()]
      .sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0])))
      .map(([k]) => k)
    const keep = new Set(ranked.slice(0, input.top))
    const hasOther = ranked.length > input.top
    const names = [...ranked.slice(0, input.top), ...(hasOther ? ['Other'] : [])]
    const nano = new Map(names.map((n) => [n, new Array<bigint>(buckets.length).fill(0n)]))
    const totals = new Array<bigint>(buckets.length).fill(0n)
    for (const r of rows) {
      const i = index.get(r.bucket)
      if (i === undefined) continue
      const arr = nano.get(keep.has(r.key) ? r.key : 'Other')!
      arr[i] = arr[i]! + r.nano
      totals[i] = totals[i]! + r.nano
    }
    const { anomalyK, anomalyWindow } = readSettings(this.repo)
    const k = input.anomalyK ?? anomalyK
    // history runs over the days with data only: days before the first and after the last are unknown, not "zero
    // cost" (the rest of the current month is not a row of anomalously cheap days)
    const { first, last } = this.range()
    let histFrom = addDays(input.from, -anomalyWindow)
    if (first && first > histFrom) histFrom = first
    const histTo = last && last < input.to ? last : input.to
    const daily = first && histFrom <= histTo ? this.daily(histFrom, histTo, input.basis, input.filters) : []
    const anomalies = detectAnomalies(daily, k, anomalyWindow)
      .map((a) => ({
        day: addDays(histFrom, a.index),
        value: round(a.value),
        median: round(a.median),
        mad: round(a.mad),
        direction: a.direction
      }))
      .filter((a) => a.day >= input.from)
    return {
      currency: currencyOf(this.repo),
      buckets,
      series: names.map((name) => ({ name, values: nano.get(name)!.map((v) => round(fromNano(v))) })),
      totals: totals.map((v) => round(fromNano(v))),
      anomalies,
      fromRollup: !this.repo.usesRaw(input.groupBy, input.filters)
    }
  }

  /** Movers between two periods, like for like: a partial later period is compared with as many days of the earlier one. */
  movers(input: MoversInput) {
    const { a: ra, b: rb } = likeForLike(input.a, input.b, this.range().last)
    const sum = (r: { from: string; to: string }): Map<string, bigint> => {
      const m = new Map<string, bigint>()
      for (const x of this.repo.grouped({ from: r.from, to: r.to, bucket: null, groupBy: input.groupBy, basis: input.basis, filters: {} }))
        m.set(x.key, (m.get(x.key) ?? 0n) + x.nano)
      return m
    }
    const a = sum(ra)
    const b = sum(rb)
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

  /** Cost services linked to monitored services, with the monitored service's name (from health's port). */
  links(): { costService: string; serviceId: number; serviceName: string }[] {
    return this.repo
      .links()
      .map((l) => ({ ...l, serviceName: this.health?.service(l.serviceId)?.name ?? `service ${l.serviceId}` }))
      .sort((a, b) => a.costService.localeCompare(b.costService) || a.serviceName.localeCompare(b.serviceName))
  }

  link(costService: string, serviceId: number): { ok: true } {
    if (!this.health?.service(serviceId)) throw notFound(`monitored service ${serviceId}`)
    this.repo.link(costService, serviceId)
    return { ok: true }
  }

  unitCosts(from: string, to: string) {
    if (to < from) throw invalid('to', 'must not be before from')
    const byService = new Map<string, bigint>()
    for (const r of this.repo.grouped({ from, to, bucket: null, groupBy: 'service', basis: 'effective', filters: {} }))
      byService.set(r.key, r.nano)
    return this.links().map((l) => {
      const cost = fromNano(byService.get(l.costService) ?? 0)
      const checks = this.health?.checkRuns(l.serviceId, dayMs(from), dayMs(to) + DAY_MS) ?? 0
      return { ...l, cost: round(cost), checks, costPer1000: checks > 0 ? round((cost / checks) * 1000) : null }
    })
  }

  /** The daily forecast (damped trend unless asked otherwise), and whether it can be trusted (see forecastReliability). */
  forecast(basis: Basis = 'billed', scope: Scope = { kind: 'all' }, trend: TrendKind = 'damped'): ForecastView {
    const { first, last } = this.range()
    const currency = currencyOf(this.repo)
    const empty: ForecastView = {
      currency,
      basis,
      method: 'none',
      trend,
      reliable: false,
      unreliableReason: 'no cost data yet: import a bill first',
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
    const y = this.daily(from, last, basis, scopeFilters(scope))
    const month = monthOf(last)
    const horizonEnd = monthEnd(`${addMonths(month, 3)}-01`)
    const horizon = daysBetween(last, horizonEnd)
    const fit = y.length >= 2 * SEASON ? fitHoltWinters(y, SEASON, trend) : undefined
    const daily = forecastDaily(y, horizon, 1.96, fit, trend)
    const days = Array.from({ length: y.length }, (_, i) => addDays(from, i))
    const fitted = fit ? fit.run.fitted.map((v) => (Number.isFinite(v) ? round(v) : null)) : y.map(() => null)
    const restOfMonth = daysBetween(last, monthEnd(last))
    const ranges = [{ from: 0, to: restOfMonth }]
    const months = [1, 2, 3].map((k) => addMonths(month, k))
    for (const m of months) ranges.push({ from: daysBetween(last, `${m}-01`) - 1, to: daysBetween(last, monthEnd(`${m}-01`)) })
    const sums = simulateSums(y, ranges, 400, 1.96, fit, trend)
    const actualToDate = y.slice(Math.max(0, daysBetween(from, `${month}-01`))).reduce((s, v) => s + v, 0)
    const holdout = holdoutFor(y.length)
    const mape = backtestMape(y, holdout, trend)
    const trust = forecastReliability(y.length, mape, readSettings(this.repo).forecastMaxMape)
    return {
      currency,
      basis,
      method: daily.method,
      trend,
      reliable: trust.reliable,
      unreliableReason: trust.reason,
      params: daily.params && { ...daily.params, phi: daily.params.phi ?? 1 },
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
      nextMonths: months.map((m, i) => ({
        month: m,
        mean: round(sums[i + 1]!.mean),
        lo: round(sums[i + 1]!.lo),
        hi: round(sums[i + 1]!.hi)
      })),
      backtest: { mape: mape === null ? null : round(mape, 4), holdoutDays: mape === null ? 0 : holdout },
      sigma: round(daily.sigma)
    }
  }
}
