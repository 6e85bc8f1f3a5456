/**
 * LogQL metric queries: `count_over_time` and `rate` over a range, at each step t counting the lines in (t − range, t],
 * and `sum` with `by`/`without`. A query with no pipeline and minute-aligned range, step and start is answered from
 * the per-minute counts; any other is answered by reading the lines (up to a budget).
 */
import type { MetricQuery, RangeQuery } from '../../../../shared/logs/logql/ast'
import { compilePipeline, type Labels } from '../../../../shared/logs/logql/pipeline'
import { labelsKey } from '../labels'
import { labelsOf, type SearchContext } from './context'
import type { MatrixResult, Series } from './types'

export const METRIC_SCAN_BUDGET = 5_000_000
const MIN = 60_000

export function stepsOf(start: number, end: number, stepMs: number): number[] {
  const out: number[] = []
  for (let t = start; t <= end && out.length < 11_000; t += stepMs) out.push(t)
  return out
}

interface Eval {
  series: Series[]
  capped: boolean
}

/** Counts in (t − range, t] of sorted timestamps, per step; null for an empty window. */
function windowCounts(ts: number[], steps: number[], rangeMs: number): (number | null)[] {
  const out: (number | null)[] = []
  let lo = 0
  let hi = 0
  for (const t of steps) {
    while (hi < ts.length && ts[hi]! <= t) hi++
    while (lo < hi && ts[lo]! <= t - rangeMs) lo++
    out.push(hi - lo > 0 ? hi - lo : null)
  }
  return out
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))

function rangeFromCounts(ctx: SearchContext, q: RangeQuery, steps: number[]): Eval {
  const streams = ctx.streams.select(q.query.matchers)
  const kFrom = (steps[0]! - q.rangeMs) / MIN + 1
  const kTo = steps[steps.length - 1]! / MIN
  // windows (t − range, t] at a fixed step are unions of blocks of gcd(range, step) minutes from kFrom
  const rangeMin = q.rangeMs / MIN
  const stepMin = steps.length > 1 ? (steps[1]! - steps[0]!) / MIN : rangeMin
  const g = gcd(rangeMin, stepMin)
  const series: Series[] = []
  for (const s of streams) {
    const blocks = ctx.reader.blockSeries(s.id, kFrom, kTo, g)
    const prefix = new Float64Array(blocks.length + 1)
    for (let j = 0; j < blocks.length; j++) prefix[j + 1] = prefix[j]! + blocks[j]!
    if (prefix[blocks.length] === 0) continue
    const v = steps.map((_, i) => {
      const a = (i * stepMin) / g
      const n = prefix[Math.min(blocks.length, a + rangeMin / g)]! - prefix[a]!
      return n > 0 ? n : null
    })
    series.push({ labels: s.labels, t: steps, v })
  }
  return { series, capped: false }
}

function rangeFromLines(ctx: SearchContext, q: RangeQuery, steps: number[]): Eval {
  const streams = ctx.streams.select(q.query.matchers).map((s) => s.id)
  const pipeline = compilePipeline(q.query)
  const bySeries = new Map<string, { labels: Labels; ts: number[] }>()
  let read = 0
  let capped = false
  const from = steps[0]! - q.rangeMs + 1
  const to = steps[steps.length - 1]!
  for (const r of ctx.reader.scan(streams, from, to, 'asc')) {
    if (++read > METRIC_SCAN_BUDGET) {
      capped = true
      break
    }
    const labels = pipeline(r.line, labelsOf(ctx, r))
    if (!labels) continue
    const key = labelsKey(labels)
    let s = bySeries.get(key)
    if (!s) bySeries.set(key, (s = { labels, ts: [] }))
    s.ts.push(r.ts)
  }
  const series = [...bySeries.values()].map((s) => ({ labels: s.labels, t: steps, v: windowCounts(s.ts, steps, q.rangeMs) }))
  return { series, capped }
}

function evaluate(ctx: SearchContext, q: MetricQuery, steps: number[]): Eval {
  if (q.type === 'range') {
    const aligned = q.rangeMs % MIN === 0 && steps.every((t) => t % MIN === 0)
    const r = q.query.stages.length === 0 && aligned ? rangeFromCounts(ctx, q, steps) : rangeFromLines(ctx, q, steps)
    if (q.fn === 'rate') for (const s of r.series) s.v = s.v.map((x) => (x === null ? null : x / (q.rangeMs / 1000)))
    return r
  }
  const inner = evaluate(ctx, q.inner, steps)
  const groups = new Map<string, Series>()
  for (const s of inner.series) {
    const g = q.grouping
    const labels: Labels = {}
    for (const [k, v] of Object.entries(s.labels)) {
      const inBy = g?.labels.includes(k) ?? false
      if (g && (g.mode === 'by' ? inBy : !inBy)) labels[k] = v
    }
    const key = labelsKey(labels)
    let out = groups.get(key)
    if (!out) groups.set(key, (out = { labels, t: steps, v: steps.map(() => null) }))
    for (let i = 0; i < steps.length; i++) {
      const x = s.v[i]
      if (x !== null && x !== undefined) out.v[i] = (out.v[i] ?? 0) + x
    }
  }
  return { series: [...groups.values()], capped: inner.capped }
}

/** A metric query over [start, end] at `stepMs` (an instant query: start = end). */
export function runMetric(ctx: SearchContext, q: MetricQuery, start: number, end: number, stepMs: number): MatrixResult {
  const steps = stepsOf(start, end, Math.max(1, stepMs))
  const r = evaluate(ctx, q, steps)
  const series = r.series.filter((s) => s.v.some((x) => x !== null)).sort((a, b) => (labelsKey(a.labels) < labelsKey(b.labels) ? -1 : 1))
  return {
    kind: 'matrix',
    stepMs,
    series,
    capped: r.capped,
    note: r.capped ? `stopped after reading ${METRIC_SCAN_BUDGET.toLocaleString('en')} lines: narrow the selector or the range` : null
  }
}
