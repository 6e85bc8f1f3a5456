/** Savings: recommendations (idle resources, fast growth, untagged spend) and the savings goal against a baseline month. */
import type { Recommendation } from '../../../shared/contract/costs'
import type { CostsAnalysis } from './analysis'
import { addDays, addMonths, daysBetween, monthEnd, monthOf } from './dates'
import { fromNano, round, sumNano } from './money'
import type { CostsRepo } from './repo'
import { currencyOf } from './settings'

export class CostsSavings {
  constructor(
    private readonly repo: CostsRepo,
    private readonly analysis: CostsAnalysis
  ) {}

  recommendations(): Recommendation[] {
    const last = this.analysis.range().last
    if (!last) return []
    const from = addDays(last, -29)
    const scale = 30 / Math.min(30, daysBetween(this.analysis.range().first!, last) + 1)
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
    const growth = this.analysis.movers({
      a: { from: prevFrom, to: addDays(from, -1) },
      b: { from, to: last },
      groupBy: 'service',
      basis: 'effective',
      limit: 100
    })
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
    return `${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currencyOf(this.repo)}`
  }

  savingsGoal() {
    const goal = this.repo.getSetting<{ baselineMonth: string; targetPct: number }>('savingsGoal')
    const last = this.analysis.range().last
    if (!goal) return { baselineMonth: null, targetPct: 20, baseline: 0, target: 0, months: [] }
    const total = (m: string): number =>
      fromNano(
        sumNano(
          this.repo.grouped({ from: `${m}-01`, to: monthEnd(`${m}-01`), bucket: null, groupBy: null, basis: 'effective', filters: {} })
        )
      )
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
}
