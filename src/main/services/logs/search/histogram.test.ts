import { afterEach, describe, expect, it } from 'vitest'
import { logsHarness, type LogsHarness } from '../__fixtures__/harness'
import { textHistogram } from './histogram'
import { parseText } from './text'

let h: LogsHarness
afterEach(() => h?.close())

describe('word histograms with many matches', () => {
  it('count index entries per bucket’s id range, matching the exact counts when lines arrive in time order', async () => {
    h = logsHarness()
    const src = h.addSource({ name: 'push', kind: 'push' })
    const t0 = Date.UTC(2026, 0, 5, 10)
    const values = Array.from({ length: 6000 }, (_, i) => [
      `${BigInt(t0 + i * 1700) * 1_000_000n}`,
      i % 3 === 0 ? `order ${i} shipped` : `cart ${i} viewed`
    ])
    await h.ingest.push(
      'loki',
      src,
      new TextEncoder().encode(JSON.stringify({ streams: [{ stream: { service: 'shop' }, values }] })),
      undefined
    )
    h.search.streams.refresh()
    const q = parseText('order', 'auto')
    const from = t0 + 600_000
    const to = t0 + 6000 * 1700 - 300_000
    const exact = textHistogram(h.search, q, [], from, to)
    const approx = textHistogram(h.search, q, [], from, to, 120, 0)
    expect(exact.approximate).toBe(false)
    expect(approx.approximate).toBe(true)
    expect(approx.t).toEqual(exact.t)
    const exactTotals = exact.t.map((_, i) => Object.values(exact.levels).reduce((a, l) => a + l[i]!, 0))
    expect(approx.levels.matches).toEqual(exactTotals)
    expect(approx.total).toBe(exact.total)
    expect(exact.total).toBeGreaterThan(1000)
  })
})
