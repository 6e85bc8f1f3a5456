/** The 5-minute rollup answers range queries (step ≥ 5 min) exactly as the raw per-step lookups do, and stays right after late writes. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { ManualClock } from '../../core/clock'
import { BUCKET_MS } from './rollup'
import { seriesKey } from './store'

const DAY = 86_400_000
const T0 = Date.UTC(2026, 10, 5, 7, 12, 30) // mid-day: today is not rolled up, the three days before are
let t: TestApp
let clock: ManualClock

beforeEach(() => {
  clock = new ManualClock(T0)
  t = tempApp({ clock })
})
afterEach(async () => t.cleanup())

/** A deterministic pseudo-random sequence (mulberry32). */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let x = Math.imul(a ^ (a >>> 15), 1 | a)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

/** Samples every ~`everyMs` with jitter, gaps of up to an hour, NaNs, and some exactly on bucket and day edges. */
function seed(name: string, everyMs: number, rnd: () => number): number {
  const labels = { __name__: name, job: 'x' }
  const id = t.app.metrics.repo.seriesId(name, seriesKey(labels))
  const rows: { seriesId: number; t: number; v: number }[] = []
  for (let ts = T0 - 4 * DAY; ts <= T0;) {
    const edge = rnd() < 0.05 ? Math.ceil(ts / BUCKET_MS) * BUCKET_MS : ts
    rows.push({ seriesId: id, t: edge, v: rnd() < 0.02 ? NaN : Math.round(rnd() * 1e6) / 1e3 })
    ts = edge + Math.max(1, Math.round(everyMs * (0.5 + rnd()))) + (rnd() < 0.01 ? Math.round(rnd() * 3_600_000) : 0)
  }
  t.app.metrics.repo.insertSamples(rows)
  return id
}

function compare(id: number, rnd: () => number, rounds: number): number {
  const repo = t.app.metrics.repo
  let points = 0
  for (let i = 0; i < rounds; i++) {
    const stepMs = [300_000, 420_000, 3_600_000, 7_200_000, 86_400_000][Math.floor(rnd() * 5)]!
    const widthMs = rnd() < 0.8 ? 300_000 : 1 + Math.floor(rnd() * 300_000)
    const start = T0 - 4 * DAY + Math.floor(rnd() * 3 * DAY)
    const end = Math.min(T0 + 3_600_000, start + Math.floor(rnd() * 3 * DAY))
    const from = start - widthMs
    const base = rnd() < 0.5 ? start : Math.ceil(start / BUCKET_MS) * BUCKET_MS
    const raw = repo.lastPerStep(id, from, end, base, stepMs, widthMs, true)
    expect(repo.lastPerStep(id, from, end, base, stepMs, widthMs)).toEqual(raw)
    points += raw.length
  }
  return points
}

describe('the 5-minute rollup', () => {
  it('answers exactly as the raw lookups for scraper-like and sparse series, any start, step and width', () => {
    const rnd = random(42)
    const dense = seed('dense', 15_000, rnd)
    const sparse = seed('sparse', 300_000, rnd)
    const rollup = t.app.metrics.repo.rollup
    compare(dense, rnd, 20) // nothing rolled up yet: raw
    // whole past days are rolled up in the background, a few series-days at a time; today is not over and stays raw
    expect(rollup.catchUp(T0 - 10 * DAY, 3)).toBe(3)
    expect(rollup.catchUp(T0 - 10 * DAY, 100)).toBe(5)
    expect(rollup.catchUp(T0 - 10 * DAY, 100)).toBe(0)
    expect(rollup.days(dense)).toBe(4)
    expect(rollup.days(sparse)).toBe(4)
    expect(compare(dense, rnd, 150)).toBeGreaterThan(1000)
    expect(compare(sparse, rnd, 150)).toBeGreaterThan(1000)
  })

  it('serves query_range with a 5-minute step or more, with the same series as the raw path', async () => {
    const rnd = random(7)
    const id = seed('load', 15_000, rnd)
    for (let i = 0; i < 2; i++) t.app.metrics.tick() // the metrics tick rolls up a few series-days each time
    const r = await t.app.metrics.queryRange({ sourceId: 0, query: 'load', start: T0 - 3 * DAY, end: T0, stepS: 600 })
    expect(t.app.metrics.repo.rollup.days(id)).toBeGreaterThan(0)
    const raw = t.app.metrics.repo.lastPerStep(id, T0 - 3 * DAY - 300_000, T0, T0 - 3 * DAY, 600_000, 300_000, true)
    expect(r.series[0]!.points).toEqual(raw.map((s) => [expect.any(Number), s.v]))
  })

  it('drops rolled-up days written into late, and days retention cut', () => {
    const rnd = random(3)
    const id = seed('late', 60_000, rnd)
    const repo = t.app.metrics.repo
    repo.rollup.catchUp(T0 - 10 * DAY, 100)
    expect(repo.rollup.days(id)).toBe(4)
    const late = T0 - 2 * DAY + 123_456
    repo.insertSamples([{ seriesId: id, t: late, v: -1 }])
    expect(repo.rollup.days(id)).toBe(3)
    expect(repo.rollup.catchUp(T0 - 10 * DAY, 100)).toBe(1)
    expect(repo.lastPerStep(id, late - 300_000, late, late, 300_000, 300_000).at(-1)).toEqual({ t: late, v: -1 })
    compare(id, rnd, 40)
    clock.advance(DAY)
    repo.deleteSamplesBefore(T0 - 2.5 * DAY)
    expect(repo.rollup.days(id)).toBe(2) // the day retention cut into and the one before it went
    expect(repo.rollup.catchUp(T0 - 2.5 * DAY, 100)).toBe(1) // the day that has ended since; the cut day stays raw
    compare(id, rnd, 40)
  })
})
