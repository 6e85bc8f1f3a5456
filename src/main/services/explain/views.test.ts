import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { kolmogorovSf, ksTwoSample } from './stats'
import { beeswarmJitter, colorScale, compare, type Loaded } from './views'

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__/treeshap')

describe('the attribution drift check', () => {
  const ref = JSON.parse(fs.readFileSync(path.join(FIX, 'ks.expected.json'), 'utf8')) as {
    cases: { a: number[]; b: number[]; statistic: number; pValue: number }[]
    kolmogorovSf: [number, number][]
  }
  it('KS statistic as scipy.stats.ks_2samp, p-value as kstwobign.sf (scripts/reference)', () => {
    for (const c of ref.cases) {
      const r = ksTwoSample(c.a, c.b)!
      expect(r.statistic).toBeCloseTo(c.statistic, 12)
      expect(Math.abs(r.pValue - c.pValue)).toBeLessThan(1e-10 + 1e-8 * c.pValue)
    }
    for (const [x, p] of ref.kolmogorovSf) expect(Math.abs(kolmogorovSf(x) - p)).toBeLessThan(1e-10)
  })

  it('flags features whose attributions moved, after Bonferroni correction', () => {
    const mk = (shiftFeature1: number): Loaded => {
      const n = 400
      const phi = new Float64Array(n * 2)
      for (let i = 0; i < n; i++) {
        phi[i * 2] = Math.sin(i) // same in both
        phi[i * 2 + 1] = Math.cos(i * 1.7) + shiftFeature1
      }
      return {
        n,
        M: 2,
        K: 1,
        features: ['a', 'b'],
        rowIds: Int32Array.from({ length: n }, (_, i) => i),
        x: new Float64Array(n * 2),
        phi,
        fx: new Float64Array(n),
        se: null,
        expected: [0],
        link: 'identity',
        meanAbs: [[0.6, 0.6 + shiftFeature1]],
        interactionAbs: null
      }
    }
    const summary = { id: 1, name: 'a', dataSha256: 'x' } as never
    const c = compare({ summary, data: mk(0) }, { summary, data: mk(0.5) }, 0, 0.05)
    expect(c.features.find((f) => f.feature === 'a')!.drifted).toBe(false)
    expect(c.features.find((f) => f.feature === 'b')!).toMatchObject({ drifted: true, rankA: 2, rankB: 1 })
    expect(c.drifted).toBe(1)
  })
})

describe('beeswarm layout', () => {
  it('colours values between the 5th and 95th percentiles and leaves missing values uncoloured', () => {
    const v = Array.from({ length: 101 }, (_, i) => i)
    const c = colorScale([...v, NaN])
    expect(c[0]).toBe(0)
    expect(c[100]).toBe(1)
    expect(c[50]).toBeCloseTo(0.5, 12)
    expect(c[101]).toBeNull()
  })

  it('stacks points that share a bin above and below the line, within ±0.4', () => {
    const phi = [0, 0, 0, 0, 0, 1]
    const j = beeswarmJitter(phi)
    expect(j[5]).toBe(0)
    expect(j.slice(0, 5).sort()).toEqual([-0.4 * (2 / 3), -0.4 / 3, 0, 0.4 / 3, 0.4 * (2 / 3)].sort())
  })
})
