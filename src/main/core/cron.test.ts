import { describe, expect, it } from 'vitest'
import { cronProblem, isTimeZone, nextRun, nextRuns, systemTimeZone, timeZones } from './cron'

const utc = (cron: string) => ({ cron, timezone: 'UTC' })

describe('cron with a time zone per schedule', () => {
  it('finds the next run in UTC (5 and 6 fields, steps, weekdays)', () => {
    const t = Date.UTC(2026, 10, 25, 22, 7) // Wed 25 Nov 2026 22:07 UTC
    expect(nextRun(utc('0 6 1 * *'), t)).toBe(Date.UTC(2026, 11, 1, 6))
    expect(nextRun(utc('*/15 * * * *'), t)).toBe(Date.UTC(2026, 10, 25, 22, 15))
    expect(nextRun(utc('0 8 * * 1'), t)).toBe(Date.UTC(2026, 10, 30, 8))
    expect(nextRun(utc('30 0 8 * * *'), t)).toBe(Date.UTC(2026, 10, 26, 8, 0, 30))
    // strictly after: a run exactly at `after` is not the next one
    expect(nextRun(utc('*/15 * * * *'), Date.UTC(2026, 10, 25, 22, 15))).toBe(Date.UTC(2026, 10, 25, 22, 30))
    // day-of-month OR day-of-week when both are restricted
    expect(nextRuns(utc('0 0 13 * 5'), Date.UTC(2026, 1, 1), 3)).toEqual([
      Date.UTC(2026, 1, 6),
      Date.UTC(2026, 1, 13),
      Date.UTC(2026, 1, 20)
    ])
  })

  it('runs at the wall-clock time of its zone, across daylight-saving changes', () => {
    const paris = { cron: '0 6 * * *', timezone: 'Europe/Paris' }
    expect(nextRun(paris, Date.UTC(2026, 0, 10))).toBe(Date.UTC(2026, 0, 10, 5)) // CET = UTC+1
    expect(nextRun(paris, Date.UTC(2026, 6, 10))).toBe(Date.UTC(2026, 6, 10, 4)) // CEST = UTC+2
    const ny = { cron: '30 2 * * *', timezone: 'America/New_York' }
    // 8 March 2026: 02:00 → 03:00; the 02:30 that does not exist runs at the first valid time after the gap
    expect(nextRun(ny, Date.UTC(2026, 2, 8, 5))).toBe(Date.UTC(2026, 2, 8, 7))
    // and the next day at 02:30 EDT (UTC-4)
    expect(nextRun(ny, Date.UTC(2026, 2, 8, 8))).toBe(Date.UTC(2026, 2, 9, 6, 30))
    const tokyo = { cron: '0 9 * * 1-5', timezone: 'Asia/Tokyo' }
    expect(nextRun(tokyo, Date.UTC(2026, 10, 27, 23))).toBe(Date.UTC(2026, 10, 30, 0)) // Sat 08:00 JST → Mon 09:00 JST
  })

  it('names what is wrong: the expression or the zone', () => {
    expect(cronProblem(utc('0 6 * * 1'))).toBeNull()
    expect(cronProblem(utc('bad'))).toMatchObject({ field: 'cron', message: expect.stringMatching(/not a valid cron expression/) })
    expect(cronProblem(utc('61 * * * *'))).toMatchObject({ field: 'cron' })
    expect(cronProblem(utc('* * * * * * *'))).toMatchObject({ field: 'cron' })
    expect(cronProblem({ cron: '0 6 * * *', timezone: 'Mars/Olympus' })).toMatchObject({
      field: 'timezone',
      message: expect.stringMatching(/not a time zone this machine knows/)
    })
    expect(nextRun(utc('bad'), 0)).toBeNull()
  })

  it('knows the machine’s zone and the zones to pick from', () => {
    expect(isTimeZone(systemTimeZone())).toBe(true)
    expect(isTimeZone('Europe/Paris')).toBe(true)
    expect(isTimeZone('Nowhere/Else')).toBe(false)
    expect(isTimeZone('')).toBe(false)
    const zones = timeZones()
    expect(zones[0]).toBe('UTC')
    expect(zones).toContain('Europe/Paris')
    expect(isTimeZone('Asia/Kolkata')).toBe(true)
  })
})
