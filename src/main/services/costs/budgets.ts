/** Budgets: create, update and delete them, their status for a period (actual and forecast) and the threshold signals they raise. */
import type { BudgetInput, BudgetView } from '../../../shared/contract/costs'
import { invalid, notFound } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import { scopeFilters, scopeLabel, type CostsAnalysis, type Scope } from './analysis'
import { addDays, dayOf, daysBetween, periodOf } from './dates'
import { backtestMape, fitHoltWinters, forecastReliability, holdoutFor, SEASON, simulateSums } from './forecast'
import { readSettings } from './settings'
import { fromNano, parseNano, round, sumNano, toNanoApprox } from './money'
import type { BudgetRow, CostsRepo } from './repo'
import { currencyOf } from './settings'

export interface BudgetsDeps {
  repo: CostsRepo
  clock: Clock
  bus: EventBus
  analysis: CostsAnalysis
}

function parseBudget(input: BudgetInput) {
  const amountNano = parseNano(input.amount)
  if (amountNano === null || amountNano <= 0n) throw invalid('amount', 'must be a positive amount')
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

export class CostsBudgets {
  constructor(private readonly deps: BudgetsDeps) {}

  private budgetRow(input: ReturnType<typeof parseBudget>, currency: string): Omit<BudgetRow, 'id' | 'created_at'> {
    return {
      name: input.name,
      period: input.period,
      amount: input.amountNano,
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
    const id = this.deps.repo.insertBudget({ ...this.budgetRow(b, currencyOf(this.deps.repo)), created_at: this.deps.clock.now() })
    this.evaluateBudgets()
    return { id }
  }

  budgetUpdate(input: BudgetInput & { id: number }): { id: number } {
    const b = parseBudget(input)
    if (!this.deps.repo.updateBudget(input.id, this.budgetRow(b, currencyOf(this.deps.repo)))) throw notFound(`budget ${input.id}`)
    this.evaluateBudgets()
    return { id: input.id }
  }

  budgetDelete(id: number): { deleted: boolean } {
    return { deleted: this.deps.repo.deleteBudget(id) }
  }

  private scopeOf(b: BudgetRow): Scope {
    return b.scope_kind === 'service'
      ? { kind: 'service', service: b.scope_value ?? '' }
      : b.scope_kind === 'tag'
        ? { kind: 'tag', key: b.scope_key ?? '', value: b.scope_value ?? '' }
        : { kind: 'all' }
  }

  budgetStatus(b: BudgetRow, asOf = this.deps.analysis.asOf()): BudgetView['status'] {
    const p = periodOf(b.period, asOf)
    const filters = scopeFilters(this.scopeOf(b))
    const actual = fromNano(
      sumNano(
        this.deps.repo.grouped({ from: p.start, to: asOf < p.end ? asOf : p.end, bucket: null, groupBy: null, basis: b.basis, filters })
      )
    )
    const budget = fromNano(b.amount)
    let forecast: { mean: number; lo: number; hi: number } | null = null
    let forecastUnreliable: string | null = null
    const remaining = daysBetween(asOf, p.end)
    const { first } = this.deps.analysis.range()
    if (first && remaining >= 0) {
      const from = daysBetween(first, asOf) > 365 ? addDays(asOf, -365) : first
      const y = this.deps.analysis.daily(from < asOf ? from : asOf, asOf, b.basis, filters)
      // the same rule as the dashboard's forecast: an untrustworthy one is not shown (nor alerted on), its reason is
      const trust =
        remaining > 0
          ? forecastReliability(y.length, backtestMape(y, holdoutFor(y.length), 'damped'), readSettings(this.deps.repo).forecastMaxMape)
          : null
      if (trust && !trust.reliable) forecastUnreliable = trust.reason
      else {
        const fit = y.length >= 2 * SEASON ? fitHoltWinters(y, SEASON, 'damped') : undefined
        const s = remaining > 0 ? simulateSums(y, [{ from: 0, to: remaining }], 400, 1.96, fit, 'damped')[0]! : { mean: 0, lo: 0, hi: 0 }
        forecast = { mean: round(actual + s.mean), lo: round(actual + s.lo), hi: round(actual + s.hi) }
      }
    }
    const pctActual = budget > 0 ? actual / budget : 0
    const pctForecast = forecast && budget > 0 ? forecast.mean / budget : null
    const state = pctActual >= 1 ? 'over' : pctForecast !== null && pctForecast >= 1 ? 'forecast-over' : pctActual >= 0.8 ? 'warning' : 'ok'
    return {
      period: p.label,
      start: p.start,
      end: p.end,
      actual: round(actual),
      forecast,
      pctActual: round(pctActual, 4),
      pctForecast: pctForecast === null ? null : round(pctForecast, 4),
      forecastUnreliable,
      state
    }
  }

  budgets(asOf?: string): BudgetView[] {
    return this.deps.repo.budgets().map((b) => ({
      id: b.id,
      name: b.name,
      period: b.period,
      amount: fromNano(b.amount),
      currency: b.currency,
      scope:
        b.scope_kind === 'service'
          ? { kind: 'service', service: b.scope_value ?? '' }
          : b.scope_kind === 'tag'
            ? { kind: 'tag', key: b.scope_key ?? '', value: b.scope_value ?? '' }
            : { kind: 'all' },
      scopeLabel: scopeLabel(this.scopeOf(b)),
      basis: b.basis,
      thresholds: JSON.parse(b.thresholds) as number[],
      forecastThresholds: JSON.parse(b.forecast_thresholds) as number[],
      status: this.budgetStatus(b, asOf),
      fired: this.deps.repo
        .alerts(b.id)
        .map((a) => ({ period: a.period, basis: a.basis, threshold: a.threshold, amount: fromNano(a.amount), firedAt: a.fired_at }))
    }))
  }

  /**
   * Check every budget for the period of the latest cost data and for the current period; each threshold
   * (on actual and on forecast spend) raises one `costs:budget` event per period, recorded in cost_budget_alerts.
   */
  evaluateBudgets(): { budgetId: number; threshold: number; basis: 'actual' | 'forecast'; period: string }[] {
    const fired: { budgetId: number; threshold: number; basis: 'actual' | 'forecast'; period: string }[] = []
    const days = new Set([this.deps.analysis.asOf(), dayOf(this.deps.clock.now())])
    for (const b of this.deps.repo.budgets()) {
      const seen = new Set<string>()
      for (const day of days) {
        const status = this.budgetStatus(b, day)
        if (seen.has(status.period)) continue
        seen.add(status.period)
        const budget = fromNano(b.amount)
        const check = (basis: 'actual' | 'forecast', amount: number | null, thresholds: number[]): void => {
          if (amount === null || budget <= 0) return
          for (const threshold of [...thresholds].sort((x, y) => x - y)) {
            if (amount < (budget * threshold) / 100) continue
            const at = this.deps.clock.now()
            if (
              this.deps.repo.recordAlert({
                budgetId: b.id,
                period: status.period,
                basis,
                threshold,
                amountNano: toNanoApprox(amount),
                budgetNano: b.amount,
                at
              })
            ) {
              fired.push({ budgetId: b.id, threshold, basis, period: status.period })
              // threshold as a fraction of the budget (0.8 = 80 %), as the alerting engine reads it
              this.deps.bus.publish('costs:budget', {
                budgetId: b.id,
                name: b.name,
                threshold: threshold / 100,
                basis,
                amount: round(amount, 2),
                budget: round(budget, 2),
                currency: b.currency,
                period: status.period
              })
            }
          }
        }
        check('actual', status.actual, JSON.parse(b.thresholds) as number[])
        check('forecast', status.forecast?.mean ?? null, JSON.parse(b.forecast_thresholds) as number[])
      }
    }
    return fired
  }
}
