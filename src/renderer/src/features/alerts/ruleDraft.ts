import type { ChannelOutput, RuleCondition, RuleInput } from '../../../../shared/contract'
import { OPS, SIGNALS, TESTING_KINDS } from '../../../../shared/contract'
import { formatDurationShort, parseDuration } from '../../../../shared/duration'
import { contractErrors, type FieldErrors } from '../../lib/formErrors'

export type Signal = (typeof SIGNALS)[number]
export type Op = (typeof OPS)[number]
export const MODEL_KINDS = ['stage', 'alias', 'version', 'import', 'evaluation'] as const
export type ModelKind = (typeof MODEL_KINDS)[number]
export const EXPERIMENT_KINDS = ['srm', 'guardrail'] as const
export type ExperimentKind = (typeof EXPERIMENT_KINDS)[number]
export type TestingKind = (typeof TESTING_KINDS)[number]
type RuleView = ChannelOutput<'alerts:rules'>[number]

/** What the rule editor holds: strings as typed (durations like "5m", percentages as 0–100), converted on submit. */
export interface RuleDraft {
  name: string
  serviceId: string
  checkId: string
  signal: Signal
  failuresToFire: string
  successesToResolve: string
  window: string
  abovePct: string
  minSamples: string
  percentile: '50' | '90' | '95' | '99'
  aboveMs: string
  component: string
  worstAllowed: 'pass' | 'warn'
  op: Op
  threshold: string
  minSharePct: string
  model: string
  minThresholdPct: string
  basis: 'actual' | 'forecast' | 'any'
  kinds: ModelKind[]
  experimentKinds: ExperimentKind[]
  testingKinds: TestingKind[]
  logQuery: string
  logMeasure: 'count' | 'rate'
  logAbove: string
  every: string
  issueService: string
  issueKinds: ('new' | 'regressed')[]
  metricRule: string
  extensionId: string
  minSeverity: 'info' | 'warning' | 'critical'
  forDuration: string
  severity: 'critical' | 'warning' | 'info'
  labels: { key: string; value: string }[]
  runbook: string
  channelIds: number[]
  reminder: string
  notifyResolve: boolean
  enabled: boolean
}

export const HEALTH_SIGNALS: readonly Signal[] = ['down', 'error_rate', 'latency', 'component', 'value']

export const emptyRule = (serviceId = ''): RuleDraft => ({
  name: '',
  serviceId,
  checkId: '',
  signal: 'down',
  failuresToFire: '3',
  successesToResolve: '2',
  window: '5m',
  abovePct: '5',
  minSamples: '3',
  percentile: '95',
  aboveMs: '1000',
  component: '',
  worstAllowed: 'pass',
  op: '>',
  threshold: '',
  minSharePct: '50',
  model: '',
  minThresholdPct: '80',
  basis: 'any',
  kinds: ['stage', 'alias'],
  experimentKinds: ['srm', 'guardrail'],
  testingKinds: [...TESTING_KINDS],
  logQuery: '',
  logMeasure: 'count',
  logAbove: '',
  every: '1m',
  issueService: '',
  issueKinds: ['new', 'regressed'],
  metricRule: '',
  extensionId: '',
  minSeverity: 'info',
  forDuration: '0s',
  severity: 'warning',
  labels: [],
  runbook: '',
  channelIds: [],
  reminder: '0s',
  notifyResolve: true,
  enabled: true
})

/** Numbers as typed; NaN when not a number, which the contract rejects with the field's name. */
const num = (s: string): number => (s.trim() === '' ? NaN : Number(s.trim()))
const pct = (s: string): number => num(s) / 100
const dur = (s: string): number => parseDuration(s) ?? NaN
const ratio = (v: unknown, fallback: string): string => (typeof v === 'number' ? String(Math.round(v * 10_000) / 100) : fallback)
const str = (v: unknown, fallback: string): string => (v === undefined || v === null ? fallback : String(v))

export function conditionOf(d: RuleDraft): RuleCondition {
  switch (d.signal) {
    case 'down':
      return { signal: 'down', failuresToFire: num(d.failuresToFire), successesToResolve: num(d.successesToResolve) }
    case 'error_rate':
      return { signal: 'error_rate', windowS: dur(d.window), above: pct(d.abovePct), minSamples: num(d.minSamples) }
    case 'latency':
      return {
        signal: 'latency',
        windowS: dur(d.window),
        percentile: Number(d.percentile) as 50 | 90 | 95 | 99,
        aboveMs: num(d.aboveMs),
        minSamples: num(d.minSamples)
      }
    case 'component':
      return { signal: 'component', component: d.component.trim(), worstAllowed: d.worstAllowed }
    case 'value':
      return { signal: 'value', component: d.component.trim(), op: d.op, threshold: num(d.threshold) }
    case 'drift':
      return d.model.trim()
        ? { signal: 'drift', minShare: pct(d.minSharePct), model: d.model.trim() }
        : { signal: 'drift', minShare: pct(d.minSharePct) }
    case 'budget':
      return { signal: 'budget', minThreshold: pct(d.minThresholdPct), basis: d.basis }
    case 'model':
      return { signal: 'model', kinds: d.kinds }
    case 'experiment':
      return { signal: 'experiment', kinds: d.experimentKinds }
    case 'study':
      return { signal: 'study' }
    case 'testing':
      return { signal: 'testing', kinds: d.testingKinds }
    case 'log_count':
      return {
        signal: 'log_count',
        query: d.logQuery.trim(),
        measure: d.logMeasure,
        windowS: dur(d.window),
        above: num(d.logAbove),
        everyS: dur(d.every)
      }
    case 'log_issue':
      return { signal: 'log_issue', service: d.issueService.trim(), kinds: d.issueKinds }
    case 'ensemble':
      return { signal: 'ensemble' }
    case 'metric':
      return { signal: 'metric', rule: d.metricRule.trim() }
    case 'extension':
      return { signal: 'extension', extension: d.extensionId.trim(), minSeverity: d.minSeverity }
  }
}

/** The contract's input for a draft. Health targets apply to health signals only. */
export function ruleInputOf(d: RuleDraft): RuleInput {
  const health = HEALTH_SIGNALS.includes(d.signal)
  return {
    name: d.name,
    serviceId: health && d.serviceId ? Number(d.serviceId) : null,
    checkId: health && d.serviceId && d.checkId ? Number(d.checkId) : null,
    condition: conditionOf(d),
    forS: dur(d.forDuration),
    severity: d.severity,
    labels: Object.fromEntries(d.labels.filter((l) => l.key.trim()).map((l) => [l.key.trim(), l.value])),
    runbook: d.runbook,
    channelIds: d.channelIds,
    reminderS: dur(d.reminder),
    notifyResolve: d.notifyResolve,
    enabled: d.enabled
  }
}

/** The editor's draft for a stored rule. */
export function draftOf(r: RuleView): RuleDraft {
  const c = r.condition
  const base = emptyRule()
  return {
    ...base,
    name: r.name,
    serviceId: r.serviceId === null ? '' : String(r.serviceId),
    checkId: r.checkId === null ? '' : String(r.checkId),
    signal: (SIGNALS as readonly string[]).includes(String(c.signal)) ? (c.signal as Signal) : 'down',
    failuresToFire: str(c.failuresToFire, base.failuresToFire),
    successesToResolve: str(c.successesToResolve, base.successesToResolve),
    window: typeof c.windowS === 'number' ? formatDurationShort(c.windowS) : base.window,
    abovePct: ratio(c.above, base.abovePct),
    minSamples: str(c.minSamples, base.minSamples),
    percentile: (['50', '90', '95', '99'].includes(String(c.percentile))
      ? String(c.percentile)
      : base.percentile) as RuleDraft['percentile'],
    aboveMs: str(c.aboveMs, base.aboveMs),
    component: str(c.component, ''),
    worstAllowed: c.worstAllowed === 'warn' ? 'warn' : 'pass',
    op: (OPS as readonly string[]).includes(String(c.op)) ? (c.op as Op) : base.op,
    threshold: str(c.threshold, ''),
    minSharePct: ratio(c.minShare, base.minSharePct),
    model: str(c.model, ''),
    minThresholdPct: ratio(c.minThreshold, base.minThresholdPct),
    basis: c.basis === 'actual' || c.basis === 'forecast' ? c.basis : 'any',
    kinds:
      c.signal === 'model' && Array.isArray(c.kinds)
        ? (c.kinds.filter((k) => (MODEL_KINDS as readonly unknown[]).includes(k)) as ModelKind[])
        : base.kinds,
    experimentKinds:
      c.signal === 'experiment' && Array.isArray(c.kinds)
        ? (c.kinds.filter((k) => (EXPERIMENT_KINDS as readonly unknown[]).includes(k)) as ExperimentKind[])
        : base.experimentKinds,
    logQuery: str(c.query, ''),
    logMeasure: c.measure === 'rate' ? 'rate' : 'count',
    logAbove: str(c.above, ''),
    every: typeof c.everyS === 'number' ? formatDurationShort(c.everyS) : base.every,
    issueService: c.signal === 'log_issue' ? str(c.service, '') : '',
    issueKinds:
      c.signal === 'log_issue' && Array.isArray(c.kinds)
        ? (c.kinds.filter((k) => k === 'new' || k === 'regressed') as RuleDraft['issueKinds'])
        : base.issueKinds,
    metricRule: c.signal === 'metric' ? str(c.rule, '') : '',
    extensionId: c.signal === 'extension' ? str(c.extension, '') : '',
    minSeverity: c.signal === 'extension' && (c.minSeverity === 'warning' || c.minSeverity === 'critical') ? c.minSeverity : 'info',
    testingKinds:
      c.signal === 'testing' && Array.isArray(c.kinds)
        ? (c.kinds.filter((k) => (TESTING_KINDS as readonly unknown[]).includes(k)) as TestingKind[])
        : base.testingKinds,
    forDuration: formatDurationShort(r.forS),
    severity: r.severity,
    labels: Object.entries(r.labels).map(([key, value]) => ({ key, value })),
    runbook: r.runbook,
    channelIds: r.channelIds,
    reminder: formatDurationShort(r.reminderS),
    notifyResolve: r.notifyResolve,
    enabled: r.enabled
  }
}

/** Inputs the editor shows for a draft, as contract field paths, so a server error lands next to its input. */
export function ruleFieldKeys(d: RuleDraft): string[] {
  const cond = Object.keys(conditionOf(d))
    .filter((k) => k !== 'signal')
    .map((k) => `condition.${k}`)
  return [
    'name',
    'serviceId',
    'checkId',
    'condition',
    ...cond,
    'forS',
    'severity',
    'labels',
    'runbook',
    'channelIds',
    'reminderS',
    'notifyResolve',
    'enabled'
  ]
}

/** Where a draft key's error shows (its contract field): "window" → "condition.windowS". */
const ERROR_KEY: Partial<Record<keyof RuleDraft, string>> = {
  signal: 'condition',
  window: 'condition.windowS',
  abovePct: 'condition.above',
  minSharePct: 'condition.minShare',
  minThresholdPct: 'condition.minThreshold',
  forDuration: 'forS',
  reminder: 'reminderS'
}
const CONDITION_KEYS = [
  'failuresToFire',
  'successesToResolve',
  'minSamples',
  'percentile',
  'aboveMs',
  'component',
  'worstAllowed',
  'op',
  'threshold',
  'model',
  'basis',
  'kinds'
]

export const ruleErrorKey = (k: keyof RuleDraft): string => ERROR_KEY[k] ?? (CONDITION_KEYS.includes(k) ? `condition.${k}` : k)

/** Every problem of a rule draft at once: durations typed as text, then the contract's own rules. */
export function ruleDraftErrors(d: RuleDraft, local: Record<string, string>): FieldErrors {
  return { ...contractErrors('alerts:createRule', ruleInputOf(d), ruleFieldKeys(d)).placed, ...local }
}
