import { describe, expect, it } from 'vitest'
import { RuleEvaluator } from './evaluator'
import { SampleWindow } from './window'

const sample = (checkId: number, failed: boolean, at: number, error?: string) => ({
  at,
  failed,
  latencyMs: 10,
  components: undefined,
  error,
  checkName: `check-${checkId}`,
  checkId,
  maintenance: false
})

describe('down rule state machine', () => {
  it('describes the tripped check even when another check reports last', () => {
    const e = new RuleEvaluator({ signal: 'down', failuresToFire: 2, successesToResolve: 2 }, 0)
    const w = new SampleWindow(0)
    expect(e.health(sample(1, true, 1, 'refused'), w)).toBeNull()
    expect(e.health(sample(1, true, 2, 'refused'), w)).toMatchObject({
      kind: 'fire',
      verdict: { summary: 'check-1 failed 2 times in a row: refused' }
    })
    expect(e.health(sample(2, false, 3), w)).toMatchObject({
      kind: 'update',
      verdict: { summary: 'check-1 failed 2 times in a row: refused' }
    })
    expect(e.health(sample(1, false, 4), w)).toMatchObject({
      kind: 'update',
      verdict: { summary: 'check-1 is recovering (last error: refused)' }
    })
    expect(e.health(sample(1, false, 5), w)).toMatchObject({ kind: 'resolve' })
  })

  it('ignores results taken during maintenance', () => {
    const e = new RuleEvaluator({ signal: 'down', failuresToFire: 1, successesToResolve: 1 }, 0)
    expect(e.health({ ...sample(1, true, 1), maintenance: true }, new SampleWindow(0))).toBeNull()
    expect(e.phase).toBe('ok')
  })
})
