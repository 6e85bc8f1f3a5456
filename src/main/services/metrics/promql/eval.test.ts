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
