import { describe, expect, it } from 'vitest'
import { k6Percentile } from '../../../../shared/testing/percentile'
import { loadReference } from '../__fixtures__/reference'
import { bucketRange, countsIndex, Hdr } from './hdr'

const ref = loadReference()

describe('k6 percentiles (reference: numpy linear = k6 TrendSink.P)', () => {
  it('are exact over the raw values', () => {
    expect(ref.percentiles.map((c) => c.name)).toEqual(['small', 'medium', 'large'])
    for (const c of ref.percentiles) {
      const sorted = Float64Array.from(c.valuesUs).sort()
      c.ps.forEach((p, i) => expect(k6Percentile(sorted, p)).toBeCloseTo(c.k6[i]!, 6))
    }
  })

  it('from the HDR histogram are within its 0.05 % bucket width; min, max and mean are exact', () => {
    for (const c of ref.percentiles) {
      const h = new Hdr()
      for (const v of c.valuesUs) h.record(v)
      const got = h.percentiles(c.ps)
      c.ps.forEach((p, i) => {
        const want = c.k6[i]!
        expect(Math.abs(got[i]! - want), `${c.name} p${p}: ${got[i]} vs ${want}`).toBeLessThanOrEqual(Math.max(1, want * 0.0005))
      })
      expect(h.min).toBe(c.min)
      expect(h.max).toBe(c.max)
      expect(h.mean).toBeCloseTo(c.mean, 6)
      expect(h.count).toBe(c.valuesUs.length)
    }
  })

  it('merges and round-trips through JSON without changing a percentile', () => {
    const c = ref.percentiles[2]!
    const a = new Hdr()
    const b = new Hdr()
    c.valuesUs.forEach((v, i) => (i % 2 ? a : b).record(v))
    a.add(b)
    const back = Hdr.fromJSON(JSON.parse(JSON.stringify(a.toJSON())))
    expect(back.percentiles(c.ps)).toEqual(a.percentiles(c.ps))
    expect(back.count).toBe(c.valuesUs.length)
  })
})

describe('HDR layout', () => {
  it('keeps values below 2048 µs exact and every bucket within 1/1024 of its value', () => {
    for (const v of [0, 1, 2, 1023, 1024, 2047]) expect(bucketRange(countsIndex(v))).toEqual({ low: v, width: 1 })
    for (const v of [2048, 4095, 4096, 1_000_000, 123_456_789, 3_599_999_999]) {
      const { low, width } = bucketRange(countsIndex(v))
      expect(v).toBeGreaterThanOrEqual(low)
      expect(v).toBeLessThan(low + width)
      expect(width / v).toBeLessThanOrEqual(1 / 1024)
    }
  })

  it('counts values beyond an hour at the top and keeps their exact maximum', () => {
    const h = new Hdr()
    h.record(10)
    h.record(7_200_000_000)
    expect(h.max).toBe(7_200_000_000)
    expect(h.percentile(1)).toBe(7_200_000_000)
    expect(h.percentile(0)).toBe(10)
  })
})
