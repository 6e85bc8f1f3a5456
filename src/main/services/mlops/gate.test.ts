/** The gate against MLflow's MetricThreshold semantics (mlflow/models/evaluation/validation.py), case by case. */
import { expect, it } from 'vitest'
import { GateRule } from '../../../shared/contract/mlops'
import { runGate } from './gate'

const rule = (r: Partial<GateRule> & { metric: string }): GateRule => GateRule.parse(r)

it('threshold: reached at equality, higher or lower is better', () => {
  expect(runGate([rule({ metric: 'auc', threshold: 0.8 })], { auc: 0.8 }, null).passed).toBe(true)
  expect(runGate([rule({ metric: 'auc', threshold: 0.8 })], { auc: 0.79 }, null).passed).toBe(false)
  expect(runGate([rule({ metric: 'rmse', threshold: 2, greaterIsBetter: false })], { rmse: 1.5 }, null).passed).toBe(true)
  expect(runGate([rule({ metric: 'rmse', threshold: 2, greaterIsBetter: false })], { rmse: 2.5 }, null).passed).toBe(false)
})

it('minimum absolute and relative change over the champion are strict, in the better direction', () => {
  const abs = [rule({ metric: 'auc', minAbsoluteChange: 0.05 })]
  expect(runGate(abs, { auc: 0.86 }, { auc: 0.8 }).passed).toBe(true)
  expect(runGate(abs, { auc: 0.85 }, { auc: 0.8 }).passed).toBe(false) // 0.05 is not more than 0.05
  const rel = [rule({ metric: 'loss', minRelativeChange: 0.1, greaterIsBetter: false })]
  expect(runGate(rel, { loss: 0.85 }, { loss: 1 }).passed).toBe(true) // 15 % lower
  expect(runGate(rel, { loss: 0.95 }, { loss: 1 }).passed).toBe(false)
  // a champion at 0: any move in the better direction
  expect(runGate([rule({ metric: 'gain', minRelativeChange: 0.5 })], { gain: 0.01 }, { gain: 0 }).passed).toBe(true)
})

it('a missing candidate metric fails; without a champion the change rules are not applied', () => {
  const g = runGate([rule({ metric: 'f1', threshold: 0.5 })], { accuracy: 0.9 }, null)
  expect(g.passed).toBe(false)
  expect(g.summary).toContain('the candidate has no f1')
  const first = runGate([rule({ metric: 'auc', threshold: 0.7, minAbsoluteChange: 0.01 })], { auc: 0.75 }, null)
  expect(first.passed).toBe(true)
  expect(first.checks.map((c) => c.reason)).toContain('no champion yet: change rules not applied')
})
