import { describe, expect, it } from 'vitest'
import { loadReference } from '../__fixtures__/reference'
import { ArrivalSchedule, vusAt } from './arrival'

const ref = loadReference().arrivals

describe('arrival schedule (k6 ramping-arrival-rate)', () => {
  it('starts each iteration when the integral of the rate reaches its number (reference: scipy brentq)', () => {
    const s = new ArrivalSchedule(ref.startRate, ref.stages)
    const got: number[] = []
    for (let t = s.nextDue(); t !== null; t = s.nextDue()) got.push(t)
    expect(got.length).toBe(ref.expected)
    expect(s.expected).toBe(ref.expected)
    got.forEach((t, i) => expect(Math.abs(t - ref.timesS[i]!), `iteration ${i}`).toBeLessThan(1e-9))
    ref.rateAtMid.forEach((r, i) => expect(s.rateAt(i + 0.5, ref.startRate)).toBeCloseTo(r, 9))
  })

  it('spaces a constant rate evenly and stops before the end', () => {
    const s = new ArrivalSchedule(50, [{ durationS: 2, target: 50 }])
    const got: number[] = []
    for (let t = s.nextDue(); t !== null; t = s.nextDue()) got.push(t)
    expect(got.length).toBe(100)
    expect(got[1]).toBeCloseTo(0.02, 12)
    expect(got.at(-1)).toBeCloseTo(1.98, 12)
  })

  it('ramps virtual users linearly between stage targets', () => {
    const stages = [
      { durationS: 10, target: 10 },
      { durationS: 5, target: 10 },
      { durationS: 10, target: 0 }
    ]
    expect([0, 2.5, 9.99, 10, 14, 20, 25, 30].map((t) => vusAt(t, 0, stages))).toEqual([0, 2, 9, 10, 10, 5, 0, 0])
  })
})
