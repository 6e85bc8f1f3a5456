/** The evaluator's vector matching and aggregations on hand-computable samples (rates are checked against Prometheus in prometheus.test.ts). */
import { describe, expect, it } from 'vitest'
import { matches } from '../store'
import { evalInstant, evalRange } from './eval'
import type { SeriesSource, StoredSeries } from './values'

const T = 1_000_000
const one = (labels: Record<string, string>, v: number): StoredSeries => ({ labels, t: [T - 1000], v: [v] })
const data: StoredSeries[] = [
  one({ __name__: 'req', job: 'a', code: '200' }, 10),
  one({ __name__: 'req', job: 'a', code: '500' }, 2),
  one({ __name__: 'req', job: 'b', code: '200' }, 5),
  one({ __name__: 'limit', job: 'a' }, 20),
  one({ __name__: 'limit', job: 'b' }, 4)
]
const source: SeriesSource = { select: (m) => data.filter((s) => m.every((x) => matches(s.labels, x))) }
const values = (q: string): Record<string, number> => {
  const v = evalInstant(q, source, T)
  if (v.type !== 'vector') throw new Error(`not a vector: ${v.type}`)
  return Object.fromEntries(v.samples.map((s) => [JSON.stringify(s.labels), s.value]))
}

describe('evalInstant', () => {
  it('aggregates by and without labels', () => {
    expect(values('sum by (job) (req)')).toEqual({ '{"job":"a"}': 12, '{"job":"b"}': 5 })
    expect(values('sum without (code) (req)')).toEqual({ '{"job":"a"}': 12, '{"job":"b"}': 5 })
    expect(values('count(req)')).toEqual({ '{}': 3 })
    expect(Object.values(values('topk(1, req)'))).toEqual([10])
  })

  it('matches vectors one-to-one on labels and many-to-one with group_left', () => {
    expect(values('sum by (job) (req) / on (job) limit')).toEqual({ '{"job":"a"}': 0.6, '{"job":"b"}': 1.25 })
    expect(values('req / on (job) group_left limit')).toEqual({
      '{"job":"a","code":"200"}': 0.5,
      '{"job":"a","code":"500"}': 0.1,
      '{"job":"b","code":"200"}': 1.25
    })
    expect(() => values('req / on (job) limit')).toThrow(/many-to-many/)
  })

  it('filters with comparisons, keeps 0/1 with bool, and applies set operators', () => {
    expect(values('req > 4')).toEqual({ '{"__name__":"req","job":"a","code":"200"}': 10, '{"__name__":"req","job":"b","code":"200"}': 5 })
    expect(values('req > bool 4')['{"job":"a","code":"500"}']).toBe(0)
    expect(Object.keys(values('req{code="200"} unless on (job) limit > 10'))).toEqual(['{"__name__":"req","job":"b","code":"200"}'])
    expect(Object.keys(values('limit and on (job) req{code="500"}'))).toEqual(['{"__name__":"limit","job":"a"}'])
  })

  it('forgets a sample older than the 5-minute lookback', () => {
    expect(values('req')).not.toEqual({})
    const later = evalInstant('req', source, T + 300_000)
    expect(later.type === 'vector' && later.samples).toEqual([])
  })
})

describe('evalRange', () => {
  it('evaluates at every step and keys series by labels', () => {
    const r = evalRange('sum(req) * 2', source, T - 1000, T + 1000, 1000)
    expect(r).toEqual([
      {
        labels: {},
        points: [
          [T - 1000, 34],
          [T, 34],
          [T + 1000, 34]
        ]
      }
    ])
  })
})

describe('subqueries and linear regression', () => {
  // a gauge rising 2 per second from 0 at t = 0, one sample every 10 s up to T
  const line: StoredSeries = { labels: { __name__: 'g', job: 'a' }, t: [], v: [] }
  for (let ts = 0; ts <= T; ts += 10_000) {
    ;(line.t as number[]).push(ts)
    ;(line.v as number[]).push(ts / 500)
  }
  const src: SeriesSource = {
    select: (m, from, to) =>
      [line]
        .filter((s) => m.every((x) => matches(s.labels, x)))
        .map((s) => {
          const idx = Array.from(s.t).flatMap((tt, i) => (tt >= from && tt <= to ? [i] : []))
          return { ...s, t: idx.map((i) => s.t[i]!), v: idx.map((i) => s.v[i]!) }
        })
  }
  const at = T + 5_000
  const only = (q: string, t = at): number => {
    const v = evalInstant(q, src, t)
    if (v.type !== 'vector' || v.samples.length !== 1) throw new Error(`not one sample: ${JSON.stringify(v)}`)
    return v.samples[0]!.value
  }

  it('predicts a line and takes its slope', () => {
    // the last sample is 2000 at T; the line at at + 100 s is 2000 + 2 × 105
    expect(only('predict_linear(g[60s], 100)')).toBeCloseTo(2000 + 2 * 105, 9)
    expect(only('deriv(g[60s])')).toBeCloseTo(2, 12)
    // with an offset the line is still taken at the evaluation time (Prometheus' enh.Ts)
    expect(only('predict_linear(g[60s] offset 1m, 0)')).toBeCloseTo(2000 + 2 * 5, 9)
  })

  it('evaluates a subquery at multiples of its step within [t − range, t]', () => {
    // g at multiples of 20 s within [at − 60 s, at]: 940, 960, 980, 1000 s → 1880 … 2000; the first is on the edge
    expect(only('count_over_time(g[60s:20s])', T)).toBe(4)
    expect(only('count_over_time(g[60s:20s])')).toBe(3)
    expect(only('min_over_time(g[60s:20s])')).toBe(1920)
    expect(only('max_over_time(deriv(g[30s])[2m:10s])')).toBeCloseTo(2, 12)
    expect(only('sum_over_time(g[40s:20s] offset 20s)')).toBe(1920 + 1960)
    expect(only('count_over_time(vector(1)[1m:])', 1_020_000)).toBe(2) // the default step is 1 minute: 960 s and 1020 s
  })

  it('refuses ranges of expressions without a step, and ranges inside a subquery', () => {
    expect(() => evalInstant('sum(g)[5m]', src, at)).toThrow(/use a subquery/)
    expect(() => evalInstant('(g[5m])[10m:1m]', src, at)).toThrow(/not a range/)
  })

  it('answers subqueries in range queries too', () => {
    const r = evalRange('max_over_time(g[30s:10s])', src, T - 20_000, T, 10_000)
    expect(r[0]!.points).toEqual([
      [T - 20_000, 1960],
      [T - 10_000, 1980],
      [T, 2000]
    ])
  })
})
