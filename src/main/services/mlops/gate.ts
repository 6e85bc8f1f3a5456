/**
 * The promotion gate, with MLflow's MetricThreshold semantics (mlflow.models.MetricThreshold): a threshold the
 * candidate must reach (≥, or ≤ for lower-is-better), and a minimum absolute / relative improvement over the champion
 * (strictly more than). A metric the candidate lacks fails; without a champion the change rules are not applied.
 */
import type { GateCheck, GateRule } from '../../../shared/contract/mlops'

export type Metrics = Record<string, number | null | undefined>

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(4))

export function checkRule(rule: GateRule, candidate: Metrics, champion: Metrics | null): GateCheck[] {
  const c = candidate[rule.metric]
  const b = champion ? champion[rule.metric] : undefined
  const higher = rule.greaterIsBetter
  const base = { metric: rule.metric, candidate: c ?? null, champion: b ?? null }
  if (c === undefined || c === null || !Number.isFinite(c))
    return [{ ...base, rule: 'present', passed: false, reason: `the candidate has no ${rule.metric}` }]
  const out: GateCheck[] = []
  if (rule.threshold !== undefined) {
    const passed = higher ? c >= rule.threshold : c <= rule.threshold
    out.push({
      ...base,
      rule: `${higher ? '≥' : '≤'} ${fmt(rule.threshold)}`,
      passed,
      reason: passed
        ? `${rule.metric} ${fmt(c)} reaches ${fmt(rule.threshold)}`
        : `${rule.metric} ${fmt(c)} misses the threshold ${fmt(rule.threshold)}`
    })
  }
  const changeRules = rule.minAbsoluteChange !== undefined || rule.minRelativeChange !== undefined
  if (changeRules && (b === undefined || b === null || !Number.isFinite(b))) {
    out.push({
      ...base,
      rule: 'better than the champion',
      passed: true,
      reason: champion ? `the champion has no ${rule.metric}: change rules not applied` : 'no champion yet: change rules not applied'
    })
    return out
  }
  if (rule.minAbsoluteChange !== undefined) {
    const gain = higher ? c - b! : b! - c
    const passed = gain > rule.minAbsoluteChange
    out.push({
      ...base,
      rule: `improves by > ${fmt(rule.minAbsoluteChange)}`,
      passed,
      reason: `${rule.metric} ${fmt(c)} against the champion's ${fmt(b!)}: ${passed ? 'improves' : 'does not improve'} by more than ${fmt(rule.minAbsoluteChange)}`
    })
  }
  if (rule.minRelativeChange !== undefined) {
    // MLflow: with a baseline of 0, any move in the better direction counts
    const passed = b === 0 ? (higher ? c > 0 : c < 0) : (higher ? c - b! : b! - c) / Math.abs(b!) > rule.minRelativeChange
    out.push({
      ...base,
      rule: `improves by > ${fmt(rule.minRelativeChange * 100)} %`,
      passed,
      reason: `${rule.metric} ${fmt(c)} against the champion's ${fmt(b!)}: ${passed ? 'improves' : 'does not improve'} by more than ${fmt(rule.minRelativeChange * 100)} %`
    })
  }
  if (!out.length) out.push({ ...base, rule: 'present', passed: true, reason: `${rule.metric} = ${fmt(c)}` })
  return out
}

export function runGate(
  rules: GateRule[],
  candidate: Metrics,
  champion: Metrics | null
): { passed: boolean; checks: GateCheck[]; summary: string } {
  const checks = rules.flatMap((r) => checkRule(r, candidate, champion))
  const failed = checks.filter((c) => !c.passed)
  return {
    passed: failed.length === 0,
    checks,
    summary: failed.length
      ? `Gate failed: ${failed.map((f) => f.reason).join('; ')}`
      : rules.length
        ? 'Gate passed'
        : 'No gate rules: passed'
  }
}
