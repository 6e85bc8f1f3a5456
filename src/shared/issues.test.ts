import { describe, expect, it } from 'vitest'
import { channels } from './contract'
import { fieldIssues } from './issues'

const errorOf = (channel: keyof typeof channels, input: unknown) => {
  const parsed = channels[channel].input.safeParse(input)
  if (parsed.success) throw new Error('expected the input to be refused')
  return { issues: fieldIssues(parsed.error) }
}

describe('validation errors are whole and in plain words', () => {
  it('names every wrong field of an input at once', () => {
    const e = errorOf('services:create', {
      name: '',
      checks: [{ name: '', intervalS: 2, config: { kind: 'http', url: '' } }]
    })
    expect(e.issues[0]).toEqual({ field: 'name', message: 'must not be empty' })
    expect(e.issues).toEqual(
      expect.arrayContaining([
        { field: 'name', message: 'must not be empty' },
        { field: 'checks[0].name', message: 'must not be empty' },
        { field: 'checks[0].intervalS', message: 'must be at least 5 seconds' }
      ])
    )
    expect(e.issues.some((i) => i.field === 'checks[0].config.url')).toBe(true)
  })

  it('never passes schema text through', () => {
    const all = [
      errorOf('alerts:createChannel', { name: '', config: { kind: 'desktop' } }),
      errorOf('alerts:acknowledge', { id: 1.5 }),
      errorOf('alerts:snooze', { id: 1, minutes: 0 }),
      errorOf('alerts:snooze', { id: 1, minutes: 1e9 }),
      errorOf('alerts:list', { state: 'burning' }),
      errorOf('alerts:createRule', { name: 'x', condition: { signal: 'latency', aboveMs: 'fast' } }),
      errorOf('health:usage', { from: 10, to: 5 })
    ].flatMap((e) => e.issues ?? [])
    for (const i of all) expect(i.message).not.toMatch(/Too small|Too big|Invalid input|expected (string|number)|>=|<=|startsAt/)
    expect(all.map((i) => i.message)).toEqual(
      expect.arrayContaining([
        'must not be empty',
        'must be a whole number',
        'must be at least 1',
        'must be at most 10080',
        'must be one of pending, firing, resolved',
        'must be a number',
        'must be after the start of the range'
      ])
    )
  })
})
