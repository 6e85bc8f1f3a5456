import type { RuleCondition } from '../../../shared/contract'
import { failingComponents, type FailureDetail } from './failure'
import type { SampleWindow } from './window'

/** What one evaluation says: does the condition hold, with which value, and a human summary. */
export interface Verdict {
  holds: boolean
  value: number | null
  summary: string
  /** Health signals: the failing check and components, kept on the alert for its incident page and notifications. */
  failure?: FailureDetail
}

export interface HealthSample {
  at: number
  failed: boolean
  latencyMs: number
  components:
    | { key: string; name?: string; status: 'pass' | 'warn' | 'fail'; observedValue?: unknown; observedUnit?: string; output?: string }[]
    | undefined
  error: string | undefined
  checkName: string
  checkId?: number
}

const OP: Record<string, (a: number, b: number) => boolean> = {
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b
}
const RANK = { pass: 0, warn: 1, fail: 2 } as const
const pct = (v: number): string => `${(v * 100).toFixed(1)} %`
const TESTING_LABEL = {
  scan: 'new high scan findings',
  verification: 'failed deploy verifications',
  drill: 'failed recovery drills',
  breaker: 'failed circuit-breaker tests'
} as const

/** Plain-language description of a condition, for rule lists and notifications. */
export function describeCondition(c: RuleCondition): string {
  switch (c.signal) {
    case 'down':
      return `down after ${c.failuresToFire} failed checks in a row, resolved after ${c.successesToResolve} good ones`
    case 'error_rate':
      return `error rate above ${pct(c.above)} over ${c.windowS} s`
    case 'latency':
      return `p${c.percentile} latency above ${c.aboveMs} ms over ${c.windowS} s`
    case 'component':
      return `component ${c.component} worse than ${c.worstAllowed}`
    case 'value':
      return `${c.component} ${c.op} ${c.threshold}`
    case 'drift':
      return `data drift in at least ${pct(c.minShare)} of columns${c.model ? ` of ${c.model}` : ''}`
    case 'budget':
      return `budget ${c.basis === 'any' ? 'actual or forecast' : c.basis} spend reaches ${pct(c.minThreshold)}`
    case 'model':
      return `model registry changes: ${c.kinds.join(', ')}`
    case 'study':
      return 'a tuning study finished'
    case 'ensemble':
      return 'an ensemble beats its champion'
    case 'metric':
      return c.rule ? `metrics rule "${c.rule}" fires` : 'any metrics rule fires'
    case 'experiment':
      return `experiment problems: ${c.kinds.map((k) => (k === 'srm' ? 'sample-ratio mismatch' : 'guardrail significantly worse')).join(', ')}`
    case 'testing':
      return `testing: ${c.kinds.map((k) => TESTING_LABEL[k]).join(', ')}`
    case 'log_count':
      return `${c.measure === 'rate' ? 'rate (lines/s)' : 'count'} of ${c.query} over ${c.windowS} s above ${c.above}`
    case 'log_issue':
      return `a ${c.kinds.join(' or ')} error issue${c.service ? ` in ${c.service}` : ''}`
    case 'extension':
      return `${c.extension ? `the extension ${c.extension}` : 'an extension'} signals (${c.minSeverity} or worse)`
  }
}

/** Window-based and component-based conditions over health samples (down rules count results instead). */
export function evaluateHealth(c: RuleCondition, window: SampleWindow, s: HealthSample): Verdict | null {
  switch (c.signal) {
    case 'error_rate': {
      const r = window.errorRate(s.at - c.windowS * 1000, c.minSamples)
      if (!r) return null
      return {
        holds: r.value > c.above,
        value: r.value,
        summary: `error rate ${pct(r.value)} over the last ${c.windowS} s (${r.samples} checks; threshold ${pct(c.above)})`
      }
    }
    case 'latency': {
      const r = window.percentile(s.at - c.windowS * 1000, c.percentile, c.minSamples)
      if (!r) return null
      return {
        holds: r.value > c.aboveMs,
        value: r.value,
        summary: `p${c.percentile} latency ${r.value.toFixed(0)} ms over the last ${c.windowS} s (threshold ${c.aboveMs} ms)`
      }
    }
    case 'component': {
      const comp = s.components?.find((x) => x.key === c.component || x.key.startsWith(`${c.component}[`))
      if (!comp) return null
      const holds = RANK[comp.status] > RANK[c.worstAllowed]
      const output = comp.status !== 'pass' && comp.output?.trim() ? `: ${comp.output.trim()}` : ''
      const failing = failingComponents([comp])
      return {
        holds,
        value: RANK[comp.status],
        summary: `${s.checkName}: component ${comp.key} is ${comp.status}${output}`,
        ...(holds && { failure: { checkId: s.checkId ?? null, checkName: s.checkName, error: s.error ?? null, components: failing } })
      }
    }
    case 'value': {
      const comp = s.components?.find((x) => x.key === c.component || x.key.startsWith(`${c.component}[`))
      const v = typeof comp?.observedValue === 'number' ? comp.observedValue : Number(comp?.observedValue)
      if (!comp || !Number.isFinite(v)) return null
      return {
        holds: OP[c.op]!(v, c.threshold),
        value: v,
        summary: `${comp.key} = ${v}${comp.observedUnit ? ` ${comp.observedUnit}` : ''} (${c.op} ${c.threshold})`
      }
    }
    default:
      return null
  }
}
