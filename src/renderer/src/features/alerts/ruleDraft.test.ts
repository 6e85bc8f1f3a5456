import { describe, expect, it } from 'vitest'
import { RuleInput } from '../../../../shared/contract'
import { draftOf, emptyRule, ruleFieldKeys, ruleInputOf } from './ruleDraft'

const view = {
  id: 4,
  name: 'checkout slow',
  serviceId: 2,
  serviceName: 'checkout',
  checkId: 7,
  checkName: 'GET /health',
  condition: { signal: 'latency', windowS: 600, percentile: 99, aboveMs: 800, minSamples: 5 },
  description: 'p99 latency above 800 ms over 600 s',
  forS: 300,
  severity: 'critical' as const,
  labels: { team: 'payments' },
  runbook: '# Steps',
  channelIds: [1, 3],
  reminderS: 3600,
  notifyResolve: false,
  enabled: true,
  builtin: false,
  openAlerts: 0
}

describe('rule drafts', () => {
  it('turns a stored rule into a draft and back into the same input', () => {
    const input = ruleInputOf(draftOf(view))
    expect(input).toEqual({
      name: 'checkout slow',
      serviceId: 2,
      checkId: 7,
      condition: { signal: 'latency', windowS: 600, percentile: 99, aboveMs: 800, minSamples: 5 },
      forS: 300,
      severity: 'critical',
      labels: { team: 'payments' },
      runbook: '# Steps',
      channelIds: [1, 3],
      reminderS: 3600,
      notifyResolve: false,
      enabled: true
    })
    expect(RuleInput.safeParse(input).success).toBe(true)
  })

  it('converts percentages and durations for an error-rate rule', () => {
    const d = { ...emptyRule('5'), name: 'errors', signal: 'error_rate' as const, abovePct: '2.5', window: '10m', forDuration: '1m' }
    const input = ruleInputOf(d)
    expect(input.condition).toEqual({ signal: 'error_rate', windowS: 600, above: 0.025, minSamples: 3 })
    expect(input.forS).toBe(60)
    expect(input.serviceId).toBe(5)
    expect(RuleInput.safeParse(input).success).toBe(true)
  })

  it('drops the health target for signals that are not about a service', () => {
    const input = ruleInputOf({
      ...emptyRule('5'),
      checkId: '9',
      name: 'budget',
      signal: 'budget',
      minThresholdPct: '90',
      basis: 'forecast'
    })
    expect(input).toMatchObject({ serviceId: null, checkId: null, condition: { signal: 'budget', minThreshold: 0.9, basis: 'forecast' } })
  })

  it('keeps a metrics rule name through the draft and back', () => {
    const input = ruleInputOf({ ...emptyRule('5'), name: 'cpu', signal: 'metric', metricRule: ' checkout CPU high ', forDuration: '2m' })
    expect(input).toMatchObject({ serviceId: null, forS: 120, condition: { signal: 'metric', rule: 'checkout CPU high' } })
    expect(RuleInput.safeParse(input).success).toBe(true)
    const back = draftOf({ ...view, serviceId: null, checkId: null, condition: input.condition, forS: 120 })
    expect(back).toMatchObject({ signal: 'metric', metricRule: 'checkout CPU high', forDuration: '2m' })
  })

  it('lets the contract name a field that was left unreadable', () => {
    const parsed = RuleInput.safeParse(ruleInputOf({ ...emptyRule(), name: 'x', signal: 'latency', aboveMs: 'fast' }))
    expect(parsed.success).toBe(false)
    expect(parsed.error!.issues[0]!.path.join('.')).toBe('condition.aboveMs')
  })

  it('lists the condition inputs for the chosen signal', () => {
    expect(ruleFieldKeys({ ...emptyRule(), signal: 'value' })).toEqual(
      expect.arrayContaining(['condition.component', 'condition.op', 'condition.threshold'])
    )
    expect(ruleFieldKeys({ ...emptyRule(), signal: 'value' })).not.toContain('condition.failuresToFire')
  })
})
