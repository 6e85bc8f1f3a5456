import { describe, expect, it } from 'vitest'
import { describeSchedule, emptyMaintenance, maintenanceInputOf } from './maintenanceDraft'

describe('maintenanceInputOf', () => {
  it('builds a one-off window from local date-times', () => {
    const input = maintenanceInputOf({
      ...emptyMaintenance('3'),
      title: ' Upgrade ',
      startsAt: '2026-03-01T14:30',
      endsAt: '2026-03-01T16:00'
    })
    expect(input).toEqual({
      title: 'Upgrade',
      serviceId: 3,
      kind: 'once',
      startsAt: new Date('2026-03-01T14:30').getTime(),
      endsAt: new Date('2026-03-01T16:00').getTime()
    })
  })
  it('leaves missing one-off times out so the contract names them', () => {
    const input = maintenanceInputOf({ ...emptyMaintenance(), title: 'x' })
    expect(input).toEqual({ title: 'x', serviceId: null, kind: 'once' })
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
      serviceId: null,
      kind: 'weekly',
      days: [1, 3],
      startTime: '02:00',
      durationMin: 90,
      timeZone: 'Europe/Berlin'
    })
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
