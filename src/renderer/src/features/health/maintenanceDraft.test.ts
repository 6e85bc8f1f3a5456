import { describe, expect, it } from 'vitest'
import { describeScope, describeSchedule, draftOfWindow, emptyMaintenance, maintenanceInputOf, toLocalInput } from './maintenanceDraft'

describe('maintenanceInputOf', () => {
  it('builds a one-off window from local date-times', () => {
    const input = maintenanceInputOf({
      ...emptyMaintenance(3),
      title: ' Upgrade ',
      startsAt: '2026-03-01T14:30',
      endsAt: '2026-03-01T16:00'
    })
    expect(input).toEqual({
      title: 'Upgrade',
      scope: 'services',
      serviceIds: [3],
      kind: 'once',
      startsAt: new Date('2026-03-01T14:30').getTime(),
      endsAt: new Date('2026-03-01T16:00').getTime()
    })
  })
  it('leaves missing one-off times out so the contract names them', () => {
    const input = maintenanceInputOf({ ...emptyMaintenance(), title: 'x', startsAt: '', endsAt: '' })
    expect(input).toEqual({ title: 'x', scope: 'all', kind: 'once' })
  })
  it('builds a weekly window with sorted days', () => {
    const input = maintenanceInputOf({
      ...emptyMaintenance(),
      title: 'Patch',
      kind: 'weekly',
      days: [3, 1],
      startTime: '02:00',
      durationMin: '90',
      timeZone: 'Europe/Berlin'
    })
    expect(input).toEqual({
      title: 'Patch',
      scope: 'all',
      kind: 'weekly',
      days: [1, 3],
      startTime: '02:00',
      durationMin: 90,
      timeZone: 'Europe/Berlin'
    })
  })
})

describe('new and edited windows', () => {
  it('prefills a new window from now to an hour later, in local time', () => {
    const now = new Date(2026, 2, 1, 14, 30, 45).getTime()
    const d = emptyMaintenance(undefined, now)
    expect([d.startsAt, d.endsAt]).toEqual(['2026-03-01T14:30', '2026-03-01T15:30'])
    expect(toLocalInput(new Date(2026, 11, 31, 23, 59).getTime())).toBe('2026-12-31T23:59')
  })
  it('sends the scope with its value: environment, tag or the chosen services', () => {
    const base = { ...emptyMaintenance(), title: 'w' }
    expect(maintenanceInputOf({ ...base, scope: 'environment', environment: ' staging ' })).toMatchObject({
      scope: 'environment',
      environment: 'staging'
    })
    expect(maintenanceInputOf({ ...base, scope: 'tag', tag: 'team=payments' })).toMatchObject({ scope: 'tag', tag: 'team=payments' })
    expect(maintenanceInputOf({ ...base, scope: 'services', serviceIds: [1, 4] })).toMatchObject({ scope: 'services', serviceIds: [1, 4] })
    expect(maintenanceInputOf({ ...base, scope: 'all', serviceIds: [1], tag: 'x' })).not.toHaveProperty('serviceIds')
  })
  it('edits a window from what the list shows', () => {
    const w = {
      id: 7,
      title: 'Patch',
      scope: 'tag' as const,
      serviceIds: [],
      serviceNames: [],
      scopeValue: 'tier=gold',
      kind: 'once' as const,
      startsAt: new Date(2026, 0, 2, 3, 4).getTime(),
      endsAt: new Date(2026, 0, 2, 5, 0).getTime(),
      days: null,
      startTime: null,
      durationMin: null,
      timeZone: null,
      activeNow: false,
      nextStart: null
    }
    const d = draftOfWindow(w)
    expect(d).toMatchObject({ title: 'Patch', scope: 'tag', tag: 'tier=gold', startsAt: '2026-01-02T03:04', endsAt: '2026-01-02T05:00' })
    expect(maintenanceInputOf(d)).toEqual({
      title: 'Patch',
      scope: 'tag',
      tag: 'tier=gold',
      kind: 'once',
      startsAt: w.startsAt,
      endsAt: w.endsAt
    })
    expect(describeScope(w)).toBe('tag tier=gold')
    expect(describeScope({ scope: 'services', serviceNames: ['a', 'b'], scopeValue: null })).toBe('a, b')
  })
})

describe('describeSchedule', () => {
  const base = { startsAt: null, endsAt: null, days: null, startTime: null, durationMin: null, timeZone: null }
  it('describes weekly windows Monday first', () => {
    expect(
      describeSchedule({ ...base, kind: 'weekly', days: [0, 1, 3], startTime: '02:00', durationMin: 90, timeZone: 'UTC' }, String)
    ).toBe('Mon, Wed, Sun at 02:00 for 1 h 30 min (UTC)')
    expect(
      describeSchedule(
        { ...base, kind: 'weekly', days: [0, 1, 2, 3, 4, 5, 6], startTime: '23:00', durationMin: 60, timeZone: 'Asia/Tokyo' },
        String
      )
    ).toBe('Every day at 23:00 for 1 h (Asia/Tokyo)')
  })
  it('describes one-off windows with the given time format', () => {
    expect(describeSchedule({ ...base, kind: 'once', startsAt: 1, endsAt: 2 }, (t) => `t${t}`)).toBe('t1 → t2')
  })
})
