import fs from 'node:fs'
import path from 'node:path'
import type { App } from '../app'
import { addDays, dayOf, writeFocusBill } from './focusBill'
import { followJob } from './follow'

export const TOTAL_BUDGET = 'Cloud spend (all accounts)'
export const ML_BUDGET = 'Amazon SageMaker'
const BILL_PREFIX = 'demo-focus-'

/** Imports a year of FOCUS rows ending yesterday, and two monthly budgets sized against the forecast. */
export async function populateCosts(app: App, dir: string, opts: { now: number; signal?: AbortSignal }): Promise<{ imported: boolean }> {
  let imported = false
  if (!app.costs.imports().some((i) => path.basename(i.file).startsWith(BILL_PREFIX))) {
    const lastDay = addDays(dayOf(opts.now), -1)
    for (const f of fs.readdirSync(dir)) if (f.startsWith(BILL_PREFIX)) fs.rmSync(path.join(dir, f))
    const bill = await writeFocusBill(path.join(dir, `${BILL_PREFIX}${lastDay}.csv`), { lastDay })
    await followJob(app, app.costs.startImport({ path: bill.file }), opts.signal)
    imported = true
  }
  const names = new Set(app.costs.budgets().map((b) => b.name))
  // near the line: the month's forecast at about 96 % of the whole budget (past its 90 % forecast threshold)
  if (!names.has(TOTAL_BUDGET)) sizeBudget(app, { name: TOTAL_BUDGET, scope: { kind: 'all' }, forecastThresholds: [90, 100] }, 0.96, 1000)
  // and over it: SageMaker grows 6 % a month and has no headroom left
  if (!names.has(ML_BUDGET))
    sizeBudget(app, { name: ML_BUDGET, scope: { kind: 'service', service: 'Amazon SageMaker' }, forecastThresholds: [100] }, 1.08, 100)
  if (!app.costs.savingsGoal().baselineMonth) {
    const last = app.costs.range().last
    if (last) app.costs.setSavingsGoal(`${addDays(`${last.slice(0, 7)}-01`, -1).slice(0, 7)}`, 10)
  }
  return { imported }
}

type Scope = { kind: 'all' } | { kind: 'service'; service: string }

/** Creates the budget, reads its month-end forecast and sets the amount so that forecast / amount ≈ ratio. */
function sizeBudget(app: App, b: { name: string; scope: Scope; forecastThresholds: number[] }, ratio: number, roundTo: number): void {
  const input = { name: b.name, period: 'monthly' as const, scope: b.scope, basis: 'billed' as const, thresholds: [50, 80, 100] }
  const { id } = app.costs.budgetCreate({ ...input, amount: '1000000', forecastThresholds: b.forecastThresholds })
  const status = app.costs.budgets().find((x) => x.id === id)?.status
  const expected = status?.forecast?.mean ?? status?.actual ?? 0
  const amount = Math.max(roundTo, Math.round(expected / ratio / roundTo) * roundTo)
  app.costs.budgetUpdate({ id, ...input, amount: String(amount), forecastThresholds: b.forecastThresholds })
}
