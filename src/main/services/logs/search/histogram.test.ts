import { afterEach, describe, expect, it } from 'vitest'
import { logsHarness, type LogsHarness } from '../__fixtures__/harness'
import { Buckets, wholeMinutes } from './buckets'
import { textHistogram } from './histogram'
import { minuteKey } from './reader'
import { sampledHistogram } from './sampled'
import { parseText, wordTest, type WordQuery } from './text'

let h: LogsHarness
afterEach(() => h?.close())

const t0 = Date.UTC(2026, 0, 5, 10)
const N = 6000
const stamp = (i: number): number => t0 + i * 1700
/** Two streams with different shares of lines holding "order": every error line, a third of the info lines. */
const lineOf = (i: number): string => (i % 10 === 0 ? `order ${i} failed` : i % 3 === 0 ? `order ${i} shipped` : `cart ${i} viewed`)
const levelOf = (i: number): string => (i % 10 === 0 ? 'error' : 'info')

async function seed(): Promise<void> {
  h = logsHarness()
  const src = h.addSource({ name: 'push', kind: 'push' })
  const streams = ['info', 'error'].map((level) => ({
    stream: { service: 'shop', level },
    values: Array.from({ length: N }, (_, i) => i)
      .filter((i) => levelOf(i) === level)
      .map((i) => [`${BigInt(stamp(i)) * 1_000_000n}`, lineOf(i)])
  }))
  await h.ingest.push('loki', src, new TextEncoder().encode(JSON.stringify({ streams })), undefined)
  h.search.streams.refresh()
}

/** The reference: every generated line scanned, counted per bucket and level. */
function scanned(b: Buckets, from: number, to: number, test: (line: string) => boolean): Record<string, number[]> {
  const out: Record<string, number[]> = {}
  for (let i = 0; i < N; i++) {
    const ts = stamp(i)
    if (ts < from || ts > to || !test(lineOf(i))) continue
    ;(out[levelOf(i)] ??= new Array<number>(b.n).fill(0))[b.of(minuteKey(ts))]! += 1
  }
  return out
}

const linesIn = (b: Buckets, i: number, level: string): number =>
  Array.from({ length: N }, (_, j) => j).filter((j) => levelOf(j) === level && b.of(minuteKey(stamp(j))) === i).length

/** The range both describes query: most of the seeded lines, not whole minutes; the word "order". */
const rawFrom = t0 + 600_000
const rawTo = t0 + N * 1700 - 300_000
const { from, to } = wholeMinutes(rawFrom, rawTo)
const q = parseText('order', 'auto') as WordQuery

describe('histograms of queries many lines match', () => {
  it('are exact, and not marked approximate, when the sample holds every line of the range', async () => {
    await seed()
    const b = new Buckets(rawFrom, rawTo, 120)
    const viaSample = textHistogram(h.search, q, [], rawFrom, rawTo, 120, 0)
    const viaIndex = textHistogram(h.search, q, [], rawFrom, rawTo)
    const ref = scanned(b, from, to, (l) => l.includes('order'))
    expect(viaSample.approximate).toBe(false)
    expect(viaSample.levels).toEqual(ref)
    expect(viaIndex.levels).toEqual(ref)
    expect(viaSample.total).toBeGreaterThan(1000)
  })

  it('are estimated per bucket and level from a sample, marked approximate, close to the scanned counts', async () => {
    await seed()
    const b = new Buckets(rawFrom, rawTo, 120)
    const ref = scanned(b, from, to, (l) => l.includes('order'))
    const streams = h.search.streams.select([]).map((s) => s.id)
    const est = sampledHistogram(
      h.search,
      new Buckets(rawFrom, rawTo, 120),
      streams,
      h.search.reader.idBounds(from, to)!,
      { line: (r) => wordTest(q)(r.line) },
      8
    )
    expect(est.approximate).toBe(true)
    for (const level of ['info', 'error']) {
      const want = ref[level]!.reduce((a, x) => a + x, 0)
      const got = est.levels[level]!.reduce((a, x) => a + x, 0)
      expect(Math.abs(got - want) / want).toBeLessThan(0.2)
      // an estimate only in buckets holding lines of the level
      ref[level]!.forEach((_, i) => {
        if (est.levels[level]![i]! > 0) expect(linesIn(b, i, level)).toBeGreaterThan(0)
      })
    }
  })
})

describe('sampled histograms read', () => {
  it('words through the word index, with the same result as testing each line', async () => {
    await seed()
    const streams = h.search.streams.select([]).map((s) => s.id)
    const bounds = h.search.reader.idBounds(from, to)!
    for (const perBucket of [4, 40])
      expect(
        sampledHistogram(
          h.search,
          new Buckets(rawFrom, rawTo, 120),
          streams,
          bounds,
          { line: (r) => wordTest(q)(r.line), fts: q.fts },
          perBucket
        )
      ).toEqual(
        sampledHistogram(h.search, new Buckets(rawFrom, rawTo, 120), streams, bounds, { line: (r) => wordTest(q)(r.line) }, perBucket)
      )
  })

  it('a selector keeping few lines by time through its index: exact when every bucket is read whole, else close', async () => {
    await seed()
    const errors = h.search.streams.select([{ label: 'level', op: '=', value: 'error' }]).map((s) => s.id)
    expect(errors).toHaveLength(1) // a tenth of the lines: sampled by time
    const bounds = h.search.reader.idBounds(from, to)!
    const b = new Buckets(rawFrom, rawTo, 120)
    const ref = scanned(b, from, to, (l) => l.includes('order') && l.includes('failed'))
    const whole = sampledHistogram(h.search, new Buckets(rawFrom, rawTo, 120), errors, bounds, { line: (r) => wordTest(q)(r.line) }, 1000)
    expect(whole.approximate).toBe(false)
    expect(whole.levels).toEqual({ error: ref.error })
    const est = sampledHistogram(h.search, new Buckets(rawFrom, rawTo, 120), errors, bounds, { line: (r) => r.line.includes('failed') }, 2)
    expect(est.approximate).toBe(true)
    const want = ref.error!.reduce((a, x) => a + x, 0)
    expect(Math.abs(est.total - want) / want).toBeLessThan(0.2)
  })
})

describe('a word query tested on a line', () => {
  it('agrees with the word index on words, phrases, prefixes, exclusions, case, diacritics and underscores', async () => {
    h = logsHarness()
    const src = h.addSource({ name: 'push', kind: 'push' })
    const lines = [
      'Order 42 shipped to Zürich',
      'order_id=42 status=shipped',
      'the ORDERS were late',
      'cart viewed, no order',
      'café closed; orders reopened',
      'shipped order later',
      'ordering failed: timeout'
    ]
    const values = lines.map((l, i) => [`${BigInt(t0 + i * 1000) * 1_000_000n}`, l])
    await h.ingest.push(
      'loki',
      src,
      new TextEncoder().encode(JSON.stringify({ streams: [{ stream: { service: 's' }, values }] })),
      undefined
    )
    const queries = [
      'order',
      'ORDER shipped',
      '"order shipped"',
      'order*',
      'order -shipped',
      'zurich',
      'cafe',
      'order_id',
      '"shipped order"',
      'timeout -cart'
    ]
    for (const text of queries) {
      const q = parseText(text, 'terms') as WordQuery
      const fromIndex = new Set(h.db.prepare('SELECT rowid FROM logs_fts WHERE logs_fts MATCH ?').pluck().all(q.fts) as number[])
      const rows = h.db.prepare('SELECT id, line FROM logs_lines ORDER BY id').all() as { id: number; line: string }[]
      const test = wordTest(q)
      for (const r of rows) expect([text, r.line, test(r.line)]).toEqual([text, r.line, fromIndex.has(r.id)])
    }
  })
})
