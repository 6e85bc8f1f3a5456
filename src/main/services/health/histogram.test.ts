import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { Histogram } from './histogram'

const exactPercentile = (values: number[], p: number): number => {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!
}

describe('latency histogram', () => {
  it('estimates percentiles within 4 % of the exact value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.2, max: 100_000, noNaN: true }), { minLength: 1, maxLength: 500 }),
        fc.constantFrom(50, 95, 99),
        (values, p) => {
          const h = new Histogram()
          values.forEach((v) => h.add(v))
          const exact = exactPercentile(values, p)
          expect(Math.abs(h.percentile(p) - exact) / exact).toBeLessThanOrEqual(0.04)
        }
      )
    )
  })

  it('merges exactly like one histogram over all values, and survives encode/decode', () => {
    const a = new Histogram()
    const b = new Histogram()
    const all = new Histogram()
    for (let i = 1; i <= 1000; i++) {
      const v = (i * 37) % 900
      ;(i % 2 ? a : b).add(v)
      all.add(v)
    }
    const merged = Histogram.decode(a.encode())
    merged.merge(Histogram.decode(b.encode()))
    expect(merged.total).toBe(1000)
    expect([...merged.counts]).toEqual([...all.counts])
    expect(merged.percentile(95)).toBe(all.percentile(95))
  })

  it('is NaN when empty and compact when sparse', () => {
    const h = new Histogram()
    expect(h.percentile(50)).toBeNaN()
    h.add(12, 6)
    expect(h.encode().length).toBe(5)
  })
})
