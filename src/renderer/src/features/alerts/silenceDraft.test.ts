import { describe, expect, it } from 'vitest'
import { SilenceInput } from '../../../../shared/contract'
import { emptySilence, endOf, matchersFromLabels, matcherText, silenceInputOf } from './silenceDraft'

const NOW = Date.UTC(2026, 0, 5, 12)

describe('silence drafts', () => {
  it('builds a valid input that ends after the chosen duration', () => {
    const d = {
      ...emptySilence(matchersFromLabels({ service: 'checkout', team: 'payments' })),
      duration: '90m',
      comment: ' deploy ',
      createdBy: 'ana'
    }
    const input = silenceInputOf(d, NOW)
    expect(input).toEqual({
      matchers: [
        { label: 'service', op: '=', value: 'checkout' },
        { label: 'team', op: '=', value: 'payments' }
      ],
      endsAt: NOW + 90 * 60_000,
      comment: 'deploy',
      createdBy: 'ana'
    })
    expect(SilenceInput.safeParse(input).success).toBe(true)
  })

  it('leaves out empty matcher rows, and the contract refuses a silence without matchers', () => {
    const input = silenceInputOf(emptySilence(), NOW)
    expect(input.matchers).toEqual([])
    expect(SilenceInput.safeParse(input).success).toBe(false)
  })

  it('reads an end time in local time, and NaN when nothing is usable', () => {
    expect(endOf({ ...emptySilence(), until: 'time', endsAt: '2026-01-06T08:30' }, NOW)).toBe(new Date('2026-01-06T08:30').getTime())
    expect(endOf({ ...emptySilence(), until: 'time', endsAt: '' }, NOW)).toBeNaN()
    expect(endOf({ ...emptySilence(), duration: 'soon' }, NOW)).toBeNaN()
  })

  it('writes matchers the way Alertmanager shows them', () => {
    expect(matcherText({ label: 'team', op: '=', value: 'payments' })).toBe('team=payments')
    expect(matcherText({ label: 'service', op: '=~', value: 'check.*' })).toBe('service=~"check.*"')
  })
})
