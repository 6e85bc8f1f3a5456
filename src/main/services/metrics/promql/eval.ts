/**
 * Evaluates a parsed expression against a SeriesSource at one time (instant query) or at every step of a range,
 * as Prometheus does: instant selectors take the last sample within the lookback (5 min), range selectors the
 * samples in (t − range, t], aggregations group by/without labels, binary operators match vectors by label sets.
 */
import type { AggregateOp, BinaryOp, Expr, LabelMatcher, VectorSelector } from './ast'
import { lookbackOf, selectorsOf } from './ast'
import { FUNCTIONS, quantileOf } from './functions'
import { PromQLError } from './lexer'
import { parse } from './parser'
import {
  dropName,
  labelsKey,
  METRIC_NAME,
  upperBound,
  type Labels,
  type Sample,
  type SeriesSource,
  type StoredSeries,
  type Value
} from './values'

export const DEFAULT_LOOKBACK_MS = 300_000

export interface RangeResult {
  labels: Labels
  points: [number, number][]
}

/** A selector's matchers with its metric name as a __name__ matcher. */
export function matchersOf(sel: VectorSelector): LabelMatcher[] {
  if (sel.name === null || sel.matchers.some((m) => m.name === METRIC_NAME && m.op === '=')) return sel.matchers
  return [{ name: METRIC_NAME, op: '=', value: sel.name }, ...sel.matchers]
}

/** Loads each selector's series once for the whole evaluation window, then slices in memory. */
class Preloaded {
  private cache = new Map<string, StoredSeries[]>()
  private instantKeys = new Set<string>()
  constructor(
    source: SeriesSource,
    expr: Expr,
    from: number,
    to: number,
    range: { start: number; stepMs: number; lookbackMs: number } | null
  ) {
    const inMatrix = new Set<VectorSelector>()
    const walk = (e: Expr): void => {
      if (e.kind === 'matrix') inMatrix.add(e.vector)
      // a subquery evaluates its selectors at its own steps: they read every sample
      else if (e.kind === 'subquery') selectorsOf(e.expr).forEach((sel) => inMatrix.add(sel))
      else if (e.kind === 'call') e.args.forEach(walk)
      else if (e.kind === 'aggregate') [e.expr, ...(e.param ? [e.param] : [])].forEach(walk)
      else if (e.kind === 'binary') [e.lhs, e.rhs].forEach(walk)
      else if (e.kind === 'unary' || e.kind === 'paren') walk(e.expr)
    }
    walk(expr)
    for (const sel of selectorsOf(expr)) {
      const thin =
        range && !inMatrix.has(sel) ? { base: range.start - sel.offsetMs, stepMs: range.stepMs, lookbackMs: range.lookbackMs } : null
      const key = this.key(sel, thin !== null)
      if (this.cache.has(key)) continue
      this.cache.set(key, thin ? source.select(matchersOf(sel), from, to, thin) : source.select(matchersOf(sel), from, to))
      if (thin) this.instantKeys.add(key)
    }
  }
  private key(sel: VectorSelector, thin: boolean): string {
    return `${thin ? `i${sel.offsetMs}` : 'm'}${JSON.stringify(matchersOf(sel))}`
  }
  /** The series of a selector: thinned ones for instant use when loaded so, else the full ones. */
  series(sel: VectorSelector, instant = false): StoredSeries[] {
    if (instant) {
      const thin = this.cache.get(this.key(sel, true))
      if (thin) return thin
    }
    return this.cache.get(this.key(sel, false)) ?? []
  }
}

function instantSelect(sel: VectorSelector, data: Preloaded, t: number, lookbackMs: number): Sample[] {
  const at = t - sel.offsetMs
  const out: Sample[] = []
  for (const s of data.series(sel, true)) {
    const i = upperBound(s.t, at) - 1
    if (i < 0 || s.t[i]! <= at - lookbackMs) continue
    if (s.staleAt && upperBound(s.staleAt, at) > upperBound(s.staleAt, s.t[i]!)) continue
    out.push({ labels: s.labels, value: s.v[i]!, t: s.t[i]! })
  }
  return out
}

function rangeSelect(sel: VectorSelector, rangeMs: number, data: Preloaded, t: number): Value {
  const end = t - sel.offsetMs
  const start = end - rangeMs
  const series = data
    .series(sel)
    .map((s) => {
      const lo = upperBound(s.t, start)
      const hi = upperBound(s.t, end)
      return {
        labels: s.labels,
        t: Array.prototype.slice.call(s.t, lo, hi) as number[],
        v: Array.prototype.slice.call(s.v, lo, hi) as number[]
      }
    })
    .filter((s) => s.t.length > 0)
  return { type: 'matrix', arg: { series, start, end, rangeMs } }
}

/** The inner expression at every multiple of the step in [t − offset − range, t − offset], as Prometheus 2.x does. */
function subquery(e: Extract<Expr, { kind: 'subquery' }>, data: Preloaded, t: number, lookbackMs: number): Value {
  const end = t - e.offsetMs
  const start = end - e.rangeMs
  const bySeries = new Map<string, { labels: Labels; t: number[]; v: number[] }>()
  for (let p = Math.ceil(start / e.stepMs) * e.stepMs; p <= end; p += e.stepMs) {
    const v = evalAt(e.expr, data, p, lookbackMs)
    const samples = v.type === 'scalar' ? [{ labels: {}, value: v.value }] : v.type === 'vector' ? v.samples : []
    if (v.type === 'matrix' || v.type === 'string') throw new PromQLError('a subquery needs an instant vector or scalar inside')
    for (const s of samples) {
      const k = labelsKey(s.labels)
      let r = bySeries.get(k)
      if (!r) bySeries.set(k, (r = { labels: s.labels, t: [], v: [] }))
      r.t.push(p)
      r.v.push(s.value)
    }
  }
  return { type: 'matrix', arg: { series: [...bySeries.values()], start, end, rangeMs: e.rangeMs } }
}

function groupLabels(l: Labels, by: boolean, names: string[]): Labels {
  if (by) {
    const out: Labels = {}
    for (const n of names) if (l[n] !== undefined) out[n] = l[n]!
    return out
  }
  const out = { ...dropName(l) }
  for (const n of names) delete out[n]
  return out
}

function aggregate(op: AggregateOp, by: boolean, names: string[], param: number, samples: Sample[]): Sample[] {
  const groups = new Map<string, { labels: Labels; members: Sample[] }>()
  for (const s of samples) {
    const labels = groupLabels(s.labels, by, names)
    const key = labelsKey(labels)
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { labels, members: [] }))
    g.members.push(s)
  }
  const out: Sample[] = []
  for (const g of groups.values()) {
    const v = g.members.map((m) => m.value)
    const n = v.length
    const mean = v.reduce((a, b) => a + b, 0) / n
    const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / n
    if (op === 'topk' || op === 'bottomk') {
      const k = Math.max(0, Math.floor(param))
      const sorted = [...g.members].sort((a, b) => (op === 'topk' ? b.value - a.value : a.value - b.value))
      out.push(...sorted.slice(0, k))
      continue
    }
    const value: Record<Exclude<AggregateOp, 'topk' | 'bottomk'>, () => number> = {
      sum: () => v.reduce((a, b) => a + b, 0),
      avg: () => mean,
      min: () => v.reduce((a, b) => (Number.isNaN(a) || b < a ? b : a)),
      max: () => v.reduce((a, b) => (Number.isNaN(a) || b > a ? b : a)),
      count: () => n,
      group: () => 1,
      stddev: () => Math.sqrt(variance),
      stdvar: () => variance,
      quantile: () => quantileOf(param, v)
    }
    out.push({ labels: g.labels, value: value[op]() })
  }
  return out
}

const ARITH: Partial<Record<BinaryOp, (a: number, b: number) => number>> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
  '^': (a, b) => a ** b,
  atan2: (a, b) => Math.atan2(a, b)
}
const COMPARE: Partial<Record<BinaryOp, (a: number, b: number) => boolean>> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b
}

/** One result of op applied to a and b: a value, or null when a comparison filters the sample out. */
function apply(op: BinaryOp, a: number, b: number, bool: boolean): number | null {
  const arith = ARITH[op]
  if (arith) return arith(a, b)
  const ok = COMPARE[op]!(a, b)
  if (bool) return ok ? 1 : 0
  return ok ? a : null
}

function signature(l: Labels, on: boolean, names: string[]): string {
  return labelsKey(groupLabels(l, on, names))
}

function vectorBinary(e: Extract<Expr, { kind: 'binary' }>, lhs: Sample[], rhs: Sample[]): Sample[] {
  const m = e.matching ?? { on: false, labels: [], card: 'one-to-one' as const, include: [] }
  const sigR = new Map<string, Sample[]>()
  for (const s of rhs) {
    const k = signature(s.labels, m.on, m.labels)
    sigR.set(k, [...(sigR.get(k) ?? []), s])
  }
  if (e.op === 'and') return lhs.filter((s) => sigR.has(signature(s.labels, m.on, m.labels)))
  if (e.op === 'unless') return lhs.filter((s) => !sigR.has(signature(s.labels, m.on, m.labels)))
  if (e.op === 'or') {
    const sigL = new Set(lhs.map((s) => signature(s.labels, m.on, m.labels)))
    return [...lhs, ...rhs.filter((s) => !sigL.has(signature(s.labels, m.on, m.labels)))]
  }
  const swap = m.card === 'one-to-many'
  const many = swap ? rhs : lhs
  const oneBySig = new Map<string, Sample[]>()
  for (const s of swap ? lhs : rhs) {
    const k = signature(s.labels, m.on, m.labels)
    oneBySig.set(k, [...(oneBySig.get(k) ?? []), s])
  }
  const out: Sample[] = []
  const seen = new Set<string>()
  const keepName = COMPARE[e.op] !== undefined && !e.bool
  for (const s of many) {
    const k = signature(s.labels, m.on, m.labels)
    const ones = oneBySig.get(k)
    if (!ones) continue
    if (ones.length > 1)
      throw new PromQLError(`many-to-many matching not allowed: found duplicate series on the ${swap ? 'left' : 'right'} hand side`)
    const one = ones[0]!
    const [a, b] = swap ? [one.value, s.value] : [s.value, one.value]
    const value = apply(e.op, a, b, e.bool)
    if (value === null) continue
    let labels: Labels
    if (m.card === 'one-to-one') labels = m.on ? groupLabels(s.labels, true, m.labels) : keepName ? s.labels : dropName(s.labels)
    else {
      labels = keepName ? { ...s.labels } : dropName(s.labels)
      for (const n of m.include) if (one.labels[n] !== undefined) labels[n] = one.labels[n]!
    }
    if (m.card === 'one-to-one' && m.on && keepName && s.labels[METRIC_NAME]) labels = s.labels
    const outKey = labelsKey(labels)
    if (m.card === 'one-to-one' && seen.has(outKey))
      throw new PromQLError('many-to-many matching not allowed: found duplicate series on the left hand side')
    seen.add(outKey)
    out.push({ labels, value })
  }
  return out
}

function evalAt(e: Expr, data: Preloaded, t: number, lookbackMs: number): Value {
  switch (e.kind) {
    case 'number':
      return { type: 'scalar', value: e.value }
    case 'string':
      return { type: 'string', value: e.value }
    case 'paren':
      return evalAt(e.expr, data, t, lookbackMs)
    case 'vector':
      return { type: 'vector', samples: instantSelect(e, data, t, lookbackMs) }
    case 'matrix':
      return rangeSelect(e.vector, e.rangeMs, data, t)
    case 'subquery':
      return subquery(e, data, t, lookbackMs)
    case 'unary': {
      const v = evalAt(e.expr, data, t, lookbackMs)
      if (e.op === '+') return v
      if (v.type === 'scalar') return { type: 'scalar', value: -v.value }
      if (v.type === 'vector') return { type: 'vector', samples: v.samples.map((s) => ({ labels: dropName(s.labels), value: -s.value })) }
      throw new PromQLError('unary minus needs a scalar or an instant vector')
    }
    case 'call': {
      const def = FUNCTIONS[e.func]
      if (!def) throw new PromQLError(`unknown function ${e.func}`)
      return def.fn(
        e.args.map((a) => evalAt(a, data, t, lookbackMs)),
        t
      )
    }
    case 'aggregate': {
      const v = evalAt(e.expr, data, t, lookbackMs)
      if (v.type !== 'vector') throw new PromQLError(`${e.op} needs an instant vector`)
      const p = e.param ? evalAt(e.param, data, t, lookbackMs) : null
      return { type: 'vector', samples: aggregate(e.op, e.by, e.labels, p?.type === 'scalar' ? p.value : NaN, v.samples) }
    }
    case 'binary': {
      const l = evalAt(e.lhs, data, t, lookbackMs)
      const r = evalAt(e.rhs, data, t, lookbackMs)
      if (l.type === 'scalar' && r.type === 'scalar') return { type: 'scalar', value: apply(e.op, l.value, r.value, true)! }
      if (l.type === 'vector' && r.type === 'vector') return { type: 'vector', samples: vectorBinary(e, l.samples, r.samples) }
      const vecSide = l.type === 'vector' ? l : r
      const scalar = l.type === 'scalar' ? l.value : r.type === 'scalar' ? r.value : NaN
      if (vecSide.type !== 'vector') throw new PromQLError(`operator ${e.op} needs scalars or instant vectors`)
      const keepName = COMPARE[e.op] !== undefined && !e.bool
      const samples: Sample[] = []
      for (const s of vecSide.samples) {
        const value = l.type === 'vector' ? apply(e.op, s.value, scalar, e.bool) : apply(e.op, scalar, s.value, e.bool)
        if (value === null) continue
        samples.push({
          labels: keepName ? s.labels : dropName(s.labels),
          value: l.type === 'vector' || e.bool || !keepName ? value : s.value
        })
      }
      return { type: 'vector', samples }
    }
  }
}

/** An instant query at time t (ms). */
export function evalInstant(query: string, source: SeriesSource, t: number, lookbackMs = DEFAULT_LOOKBACK_MS): Value {
  const expr = parse(query)
  const data = new Preloaded(source, expr, t - lookbackOf(expr, lookbackMs), t, null)
  return evalAt(expr, data, t, lookbackMs)
}

/** A range query: the expression at start, start + step, … ≤ end; series keyed by label set. */
export function evalRange(
  query: string,
  source: SeriesSource,
  start: number,
  end: number,
  stepMs: number,
  lookbackMs = DEFAULT_LOOKBACK_MS
): RangeResult[] {
  const expr = parse(query)
  if (stepMs <= 0) throw new PromQLError('step must be positive')
  const data = new Preloaded(source, expr, start - lookbackOf(expr, lookbackMs), end, { start, stepMs, lookbackMs })
  const out = new Map<string, RangeResult>()
  // a selector's samples share their series' label objects: key each once, not once per step
  const keys = new WeakMap<Labels, string>()
  const keyOf = (l: Labels): string => {
    let k = keys.get(l)
    if (k === undefined) keys.set(l, (k = labelsKey(l)))
    return k
  }
  for (let t = start; t <= end; t += stepMs) {
    const v = evalAt(expr, data, t, lookbackMs)
    if (v.type === 'matrix') throw new PromQLError('a range query needs an instant vector or scalar, not a range vector')
    const samples = v.type === 'scalar' ? [{ labels: {}, value: v.value }] : v.type === 'vector' ? v.samples : []
    for (const s of samples) {
      const k = keyOf(s.labels)
      let r = out.get(k)
      if (!r) out.set(k, (r = { labels: s.labels, points: [] }))
      r.points.push([t, s.value])
    }
  }
  return [...out.values()]
}
