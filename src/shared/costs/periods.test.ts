import { describe, expect, it } from 'vitest'
import { likeForLike } from './periods'

describe('movers compare like for like', () => {
  it('cuts a partial month and the month before it to the same days', () => {
    const r = likeForLike({ from: '2024-08-01', to: '2024-08-31' }, { from: '2024-09-01', to: '2024-09-30' }, '2024-09-15')
    expect(r).toEqual({ a: { from: '2024-08-01', to: '2024-08-15' }, b: { from: '2024-09-01', to: '2024-09-15' }, partial: true })
  })
  it('keeps a shorter earlier month whole (Feb against 30 days of March)', () => {
    const r = likeForLike({ from: '2024-02-01', to: '2024-02-29' }, { from: '2024-03-01', to: '2024-03-31' }, '2024-03-30')
    expect(r.a.to).toBe('2024-02-29')
    expect(r.b.to).toBe('2024-03-30')
  })
  it('leaves complete periods, and periods with no data yet, alone', () => {
    const a = { from: '2024-08-01', to: '2024-08-31' }
    const b = { from: '2024-09-01', to: '2024-09-30' }
    expect(likeForLike(a, b, '2024-09-30')).toEqual({ a, b, partial: false })
    expect(likeForLike(a, b, '2024-10-03')).toEqual({ a, b, partial: false })
    expect(likeForLike(a, b, null)).toEqual({ a, b, partial: false })
  })
})
