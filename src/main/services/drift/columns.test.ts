import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { distinctF64 } from './columns'

/** The plain definition: sort, skip NaN, count changes. */
function bySorting(values: number[]): number {
  const s = Float64Array.from(values).sort()
  let k = 0
  for (let i = 0; i < s.length; i++) {
    if (Number.isNaN(s[i]!)) break
    if (i === 0 || s[i] !== s[i - 1]) k++
  }
  return k
}

describe('distinctF64', () => {
  it('counts distinct non-NaN values as sorting does (0 and -0 are one value)', () => {
    expect(distinctF64(Float64Array.from([]))).toBe(0)
    expect(distinctF64(Float64Array.from([Number.NaN, Number.NaN]))).toBe(0)
    expect(distinctF64(Float64Array.from([0, -0, 1, 1, Number.NaN, Infinity, -Infinity, 2 ** 53, 2 ** 53 + 2]))).toBe(6)
    const pool = fc.constantFrom(0, -0, 1, -1, 0.1, 0.2, 1e-300, 5e-324, 1e300, Number.NaN, Infinity, 2 ** 40)
    fc.assert(
      fc.property(fc.array(fc.oneof(pool, fc.double(), fc.integer({ min: -5, max: 5 })), { maxLength: 300 }), (xs) => {
        expect(distinctF64(Float64Array.from(xs))).toBe(bySorting(xs))
      }),
      { numRuns: 500 }
    )
    const big = Float64Array.from({ length: 200_000 }, (_, i) => Math.round(Math.sin(i) * 1e4) / 1e4)
    expect(distinctF64(big)).toBe(bySorting(Array.from(big)))
  })
})
