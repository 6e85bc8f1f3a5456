/**
 * Every query form against answers computed independently in Python (scripts/reference/logs_reference.py, whose
 * output is __fixtures__/logs-reference.json): selectors, line filters, json/logfmt with label filters, metric queries
 * from counts and from lines, sums by and without, word search ranked by bm25, substring search and histograms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import reference from '../__fixtures__/logs-reference.json'
import { logsHarness, type LogsHarness } from '../__fixtures__/harness'

interface Entry {
  ts: number
  labels: Record<string, string>
  line: string
}
type Case =
  | { name: string; kind: 'lines' | 'substring'; query: string; mode?: 'substring'; from: number; to: number; expect: number[] }
  | { name: string; kind: 'terms'; query: string; from: number; to: number; total: number; expect: [number, number][] }
  | {
      name: string
      kind: 'matrix'
      query: string
      from: number
      to: number
      stepMs: number
      t: number[]
      expect: { labels: Record<string, string>; v: (number | null)[] }[]
    }
  | {
      name: string
      kind: 'histogram'
      query: string
      from: number
      to: number
      expect: { bucketMs: number; t: number[]; levels: Record<string, number[]> }
    }

const ref = reference as unknown as { entries: Entry[]; cases: Case[] }
let h: LogsHarness

beforeAll(async () => {
  h = logsHarness(ref.entries[0]!.ts)
  const src = h.addSource({ name: 'push', kind: 'push' })
  const body = { streams: ref.entries.map((e) => ({ stream: e.labels, values: [[`${BigInt(e.ts) * 1_000_000n}`, e.line]] })) }
  const r = await h.ingest.push('loki', src, new TextEncoder().encode(JSON.stringify(body)), undefined)
  expect(r.accepted).toBe(ref.entries.length)
})
afterAll(() => h.close())

const search = (c: Case, extra: Record<string, unknown> = {}) =>
  h.search.search({
    query: c.query,
    mode: 'mode' in c && c.mode ? c.mode : 'auto',
    from: c.from,
    to: c.to,
    limit: 1000,
    order: 'relevance',
    ...extra
  })

/** Counts exactly; rates (sums of per-stream rates) to 1e-12. */
const sameValues = (got: (number | null)[], want: (number | null)[]): void => {
  expect(got.length).toBe(want.length)
  got.forEach((g, i) => {
    const w = want[i]!
    if (w === null || g === null) expect(g).toBe(w)
    else expect(Math.abs(g - w)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w)))
  })
}

describe('queries against the Python reference', () => {
  for (const c of ref.cases) {
    it(`${c.kind}: ${c.name} — ${c.query}`, () => {
      if (c.kind === 'histogram') {
        const got = h.search.histogram(c.query, 'auto', c.from, c.to)
        expect(got.bucketMs).toBe(c.expect.bucketMs)
        expect(got.t).toEqual(c.expect.t)
        expect(got.levels).toEqual(c.expect.levels)
        return
      }
      if (c.kind === 'matrix') {
        const got = search(c, { stepMs: c.stepMs })
        expect(got.kind).toBe('matrix')
        if (got.kind !== 'matrix') return
        expect(got.series.map((s) => s.labels)).toEqual(c.expect.map((s) => s.labels))
        for (let i = 0; i < c.expect.length; i++) {
          expect(got.series[i]!.t).toEqual(c.t)
          sameValues(got.series[i]!.v, c.expect[i]!.v)
        }
        return
      }
      const got = search(c)
      expect(got.kind).toBe('lines')
      if (got.kind !== 'lines') return
      if (c.kind === 'terms') {
        expect(got.mode).toBe('terms')
        const top = got.lines.slice(0, c.expect.length)
        expect(top.map((l) => l.id)).toEqual(c.expect.map(([id]) => id))
        for (let i = 0; i < top.length; i++) expect(top[i]!.score!).toBeCloseTo(c.expect[i]![1], 9)
        expect(got.lines.length).toBe(Math.min(1000, c.total))
        return
      }
      expect(got.mode).toBe(c.kind === 'substring' ? 'substring' : 'logql')
      expect(got.lines.map((l) => l.id)).toEqual(c.expect)
    })
  }

  it('pages of a log query join up to the whole answer, without gaps or repeats', () => {
    const c = ref.cases.find((x) => x.name === 'selector =')! as Extract<Case, { expect: number[] }>
    const ids: number[] = []
    let cursor: string | undefined
    for (let page = 0; page < 20; page++) {
      const r = search(c, { limit: 97, ...(cursor ? { cursor } : {}) })
      if (r.kind !== 'lines') throw new Error('expected lines')
      ids.push(...r.lines.map((l) => l.id))
      if (!r.next) break
      cursor = r.next
    }
    expect(ids).toEqual(c.expect)
  })

  it('pages of a substring search and of ranked words join up too', () => {
    for (const name of ['substring with punctuation', 'one word']) {
      const c = ref.cases.find((x) => x.name === name)!
      const all = search(c)
      if (all.kind !== 'lines') throw new Error('expected lines')
      const ids: number[] = []
      let cursor: string | undefined
      for (let page = 0; page < 50; page++) {
        const r = search(c, { limit: 25, ...(cursor ? { cursor } : {}) })
        if (r.kind !== 'lines') throw new Error('expected lines')
        ids.push(...r.lines.map((l) => l.id))
        if (!r.next) break
        cursor = r.next
      }
      expect(ids).toEqual(all.lines.map((l) => l.id))
    }
  })

  it('marks what matched in each line', () => {
    const r = search({ kind: 'lines', name: '', query: '{service="api"} |= "timeout" |~ "gate[a-z]+"', from: 0, to: 8.64e15, expect: [] })
    if (r.kind !== 'lines') throw new Error('expected lines')
    for (const l of r.lines) {
      const marked = l.marks.map(([a, b]) => l.line.slice(a, b))
      expect(marked).toContain('timeout')
      expect(marked.some((m) => /^gate[a-z]+$/.test(m))).toBe(true)
    }
  })
})
