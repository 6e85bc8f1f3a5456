import { parseDuration } from '../../../../shared/duration'
import type { RuleDraft, Signal } from './ruleDraft'

/** What every part of the rule editor receives. */
export interface RuleFieldsProps {
  draft: RuleDraft
  set: (patch: Partial<RuleDraft>) => void
  errorOf: (key: string) => string | undefined
}

export const SIGNAL_LABELS: Record<Signal, string> = {
  down: 'Service down',
  error_rate: 'Error rate',
  latency: 'Latency percentile',
  component: 'Health component status',
  value: 'Health component value',
  drift: 'Data drift',
  budget: 'Cost budget',
  model: 'Model registry change',
  experiment: 'Experiment problem',
  study: 'Tuning study finished',
  testing: 'Testing (scans, verifications, drills)',
  log_count: 'Log lines (LogQL count or rate)',
  log_issue: 'New error issue in the logs',
  ensemble: 'Ensemble beats the champion',
  metric: 'Metrics rule (PromQL threshold, forecast, CPU/memory/disk)',
  extension: 'Extension signal (alerts:write)'
}

/** Local checks the contract cannot phrase well: durations typed as text. */
export function localRuleErrors(d: RuleDraft): Record<string, string> {
  const errors: Record<string, string> = {}
  const bad = (s: string): boolean => parseDuration(s) === null
  const hint = 'use e.g. 30s, 5m, 1h30m or 0'
  if (bad(d.forDuration)) errors.forS = hint
  if (bad(d.reminder)) errors.reminderS = hint
  if ((d.signal === 'error_rate' || d.signal === 'latency' || d.signal === 'log_count') && bad(d.window)) errors['condition.windowS'] = hint
  if (d.signal === 'log_count' && bad(d.every)) errors['condition.everyS'] = hint
  return errors
}
