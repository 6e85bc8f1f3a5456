/**
 * The functions of the subset, computed as Prometheus computes them (promql/functions.go on its main branch):
 * rate/increase/delta with extrapolation to the window edges, counter resets and the zero-point cap; irate/idelta
 * from the last two samples; the *_over_time family; histogram_quantile over classic buckets; a few math helpers.
 */
import { bucketQuantile } from './quantile'
import { dropName, type Labels, type RangeArg, type Sample, type Value } from './values'

export type ArgKind = 'scalar' | 'vector' | 'matrix' | 'string'

export interface FuncDef {
  args: ArgKind[]
  arity: [number, number]
  returns: 'vector' | 'scalar'
  fn(args: Value[], t: number): Value
}

const vec = (samples: Sample[]): Value => ({ type: 'vector', samples })
const scalarOf = (v: Value | undefined): number => (v?.type === 'scalar' ? v.value : NaN)
const vectorOf = (v: Value | undefined): Sample[] => (v?.type === 'vector' ? v.samples : [])
const matrixOf = (v: Value | undefined): RangeArg => {
  if (v?.type !== 'matrix') throw new Error('expected a range vector')
  return v.arg
}

/** rate(), increase() and delta(): Prometheus' extrapolatedRate. */
export function extrapolatedRate(
  t: ArrayLike<number>,
  v: ArrayLike<number>,
  rangeStart: number,
  rangeEnd: number,
  rangeMs: number,
  isCounter: boolean,
  isRate: boolean
): number | null {
  const n = t.length
  if (n < 2) return null
  const firstT = t[0]!
  const lastT = t[n - 1]!
  let result = v[n - 1]! - v[0]!
  if (isCounter) for (let i = 1; i < n; i++) if (v[i]! < v[i - 1]!) result += v[i - 1]!
  let durationToStart = (firstT - rangeStart) / 1000
  let durationToEnd = (rangeEnd - lastT) / 1000
  const sampledInterval = (lastT - firstT) / 1000
  const averageDurationBetweenSamples = sampledInterval / (n - 1)
  const extrapolationThreshold = averageDurationBetweenSamples * 1.1
  if (durationToStart >= extrapolationThreshold) durationToStart = averageDurationBetweenSamples / 2
  if (isCounter) {
    // counters cannot be negative: do not extrapolate to before the zero point
    let durationToZero = durationToStart
    if (result > 0 && v[0]! >= 0) durationToZero = sampledInterval * (v[0]! / result)
    if (durationToZero < durationToStart) durationToStart = durationToZero
  }
  if (durationToEnd >= extrapolationThreshold) durationToEnd = averageDurationBetweenSamples / 2
  let factor = sampledInterval !== 0 ? (sampledInterval + durationToStart + durationToEnd) / sampledInterval : 1
  if (isRate) factor /= rangeMs / 1000
  return result * factor
}

function rateLike(isCounter: boolean, isRate: boolean) {
  return (args: Value[]): Value => {
    const m = matrixOf(args[0])
    const out: Sample[] = []
    for (const s of m.series) {
      const r = extrapolatedRate(s.t, s.v, m.start, m.end, m.rangeMs, isCounter, isRate)
      if (r !== null) out.push({ labels: dropName(s.labels), value: r })
    }
    return vec(out)
  }
}

/** irate() and idelta(): from the last two samples of the window. */
function instantValue(isRate: boolean) {
  return (args: Value[]): Value => {
    const out: Sample[] = []
    for (const s of matrixOf(args[0]).series) {
      const n = s.t.length
      if (n < 2) continue
      const last = s.v[n - 1]!
      const prev = s.v[n - 2]!
      let result = isRate && last < prev ? last : last - prev
      const interval = s.t[n - 1]! - s.t[n - 2]!
      if (isRate) {
        if (interval === 0) continue
        result /= interval / 1000
      }
      out.push({ labels: dropName(s.labels), value: result })
    }
    return vec(out)
  }
}

/** An *_over_time function: f over the window's values; `keepName` for those that return a sample as it was. */
function overTime(f: (v: ArrayLike<number>, t: ArrayLike<number>, param: number) => number, keepName = false, withParam = false) {
  return (args: Value[]): Value => {
    const param = withParam ? scalarOf(args[0]) : NaN
    const m = matrixOf(args[withParam ? 1 : 0])
    const out: Sample[] = []
    for (const s of m.series) {
      if (s.t.length === 0) continue
      out.push({ labels: keepName ? s.labels : dropName(s.labels), value: f(s.v, s.t, param) })
    }
    return vec(out)
  }
}

/** Kahan-Babuška-Neumaier summation, as Prometheus does: the running sum and its compensation. */
function kahan(v: ArrayLike<number>): { sum: number; c: number } {
  let sum = 0
  let c = 0
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!
    const t = sum + x
    if (Math.abs(sum) >= Math.abs(x)) c += sum - t + x
    else c += x - t + sum
    sum = t
  }
  return { sum, c }
}

/** Prometheus' running mean for avg_over_time: plain sum while it stays finite, incremental mean otherwise. */
function avgOf(v: ArrayLike<number>): number {
  const { sum, c } = kahan(v)
  if (Number.isFinite(sum)) return (sum + c) / v.length
  let mean = 0
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!
    if (!Number.isFinite(mean) && Number.isFinite(x)) continue
    mean += x / v.length - mean / v.length
  }
  return mean
}

function sumOf(v: ArrayLike<number>): number {
  const { sum, c } = kahan(v)
  return Number.isFinite(sum) ? sum + c : sum
}

/** Prometheus' quantile(): rank φ·(n−1), linear interpolation; φ < 0 → −Inf, φ > 1 → +Inf. */
export function quantileOf(q: number, values: number[]): number {
  if (!values.length || Number.isNaN(q)) return NaN
  if (q < 0) return -Infinity
  if (q > 1) return Infinity
  const s = [...values].sort((a, b) => (Number.isNaN(a) ? -1 : Number.isNaN(b) ? 1 : a - b))
  const rank = q * (s.length - 1)
  const lo = Math.max(0, Math.floor(rank))
  const hi = Math.min(s.length - 1, lo + 1)
  const w = rank - Math.floor(rank)
  return s[lo]! * (1 - w) + s[hi]! * w
}

function minMax(v: ArrayLike<number>, max: boolean): number {
  let out = v[0]!
  for (let i = 1; i < v.length; i++) {
    const x = v[i]!
    if (max ? out < x || Number.isNaN(out) : out > x || Number.isNaN(out)) out = x
  }
  return out
}

function stdvar(v: ArrayLike<number>): number {
  let count = 0
  let mean = 0
  let m2 = 0
  for (let i = 0; i < v.length; i++) {
    count++
    const d = v[i]! - mean
    mean += d / count
    m2 += d * (v[i]! - mean)
  }
  return m2 / count
}

function mathFn(f: (x: number) => number) {
  return (args: Value[]): Value => vec(vectorOf(args[0]).map((s) => ({ labels: dropName(s.labels), value: f(s.value) })))
}

/** histogram_quantile(φ, buckets): classic histograms, grouped by every label but le. */
function histogramQuantile(args: Value[]): Value {
  const q = scalarOf(args[0])
  const groups = new Map<string, { labels: Labels; buckets: { upperBound: number; count: number }[] }>()
  for (const s of vectorOf(args[1])) {
    const le = s.labels.le
    if (le === undefined) continue
    const upperBound = parseFloatLabel(le)
    if (Number.isNaN(upperBound)) continue
    const { le: _le, ...rest } = dropName(s.labels)
    const key = JSON.stringify(Object.entries(rest).sort())
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { labels: rest, buckets: [] }))
    g.buckets.push({ upperBound, count: s.value })
  }
  return vec([...groups.values()].map((g) => ({ labels: g.labels, value: bucketQuantile(q, g.buckets) })))
}

/** Go's ParseFloat for label values: +Inf, -Inf, Inf, NaN, decimals and exponents. */
export function parseFloatLabel(s: string): number {
  const t = s.trim().toLowerCase()
  if (t === '+inf' || t === 'inf' || t === '+infinity' || t === 'infinity') return Infinity
  if (t === '-inf' || t === '-infinity') return -Infinity
  if (t === 'nan') return NaN
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t) && !/^[+-]?0x[0-9a-f]+$/.test(t)) return NaN
  return Number(t)
}

function clamp(args: Value[], lo: number, hi: number): Value {
  if (lo > hi) return vec([])
  return vec(vectorOf(args[0]).map((s) => ({ labels: dropName(s.labels), value: Math.max(lo, Math.min(hi, s.value)) })))
}

const changes = (v: ArrayLike<number>): number => {
  let n = 0
  for (let i = 1; i < v.length; i++) {
    const a = v[i - 1]!
    const b = v[i]!
    if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) n++
  }
  return n
}
const resets = (v: ArrayLike<number>): number => {
  let n = 0
  for (let i = 1; i < v.length; i++) if (v[i]! < v[i - 1]!) n++
  return n
}

/** Prometheus' linearRegression (Kahan sums, x in seconds from interceptTime): slope and intercept; a constant series is flat. */
export function linearRegression(t: ArrayLike<number>, v: ArrayLike<number>, interceptTime: number): { slope: number; intercept: number } {
  const n = t.length
  const xs = Array.from(t, (tt) => (tt - interceptTime) / 1e3)
  const initY = v[0]!
  let constY = true
  for (let i = 1; i < n && constY; i++) if (v[i] !== initY) constY = false
  if (constY) return Number.isFinite(initY) || Number.isNaN(initY) ? { slope: 0, intercept: initY } : { slope: NaN, intercept: NaN }
  const sum = (f: (i: number) => number): number => {
    const k = kahan(Array.from({ length: n }, (_, i) => f(i)))
    return k.sum + k.c
  }
  const sumX = sum((i) => xs[i]!)
  const sumY = sum((i) => v[i]!)
  const sumXY = sum((i) => xs[i]! * v[i]!)
  const sumX2 = sum((i) => xs[i]! * xs[i]!)
  const slope = (sumXY - (sumX * sumY) / n) / (sumX2 - (sumX * sumX) / n)
  return { slope, intercept: sumY / n - (slope * sumX) / n }
}

/** predict_linear(v[range], s): the regression line at t + s; deriv(v[range]): its slope per second. */
function regression(predict: boolean) {
  return (args: Value[], t: number): Value => {
    const m = matrixOf(args[0])
    const ahead = predict ? scalarOf(args[1]) : 0
    const out: Sample[] = []
    for (const s of m.series) {
      if (s.t.length < 2) continue
      const { slope, intercept } = linearRegression(s.t, s.v, predict ? t : s.t[0]!)
      out.push({ labels: dropName(s.labels), value: predict ? slope * ahead + intercept : slope })
    }
    return vec(out)
  }
}

export const FUNCTIONS: Record<string, FuncDef> = {
  predict_linear: { args: ['matrix', 'scalar'], arity: [2, 2], returns: 'vector', fn: regression(true) },
  deriv: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: regression(false) },
  rate: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: rateLike(true, true) },
  increase: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: rateLike(true, false) },
  delta: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: rateLike(false, false) },
  irate: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: instantValue(true) },
  idelta: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: instantValue(false) },
  avg_over_time: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: overTime(avgOf) },
  sum_over_time: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: overTime(sumOf) },
  min_over_time: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: overTime((v) => minMax(v, false)) },
  max_over_time: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: overTime((v) => minMax(v, true)) },
  count_over_time: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: overTime((v) => v.length) },
  last_over_time: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: overTime((v) => v[v.length - 1]!, true) },
  stddev_over_time: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: overTime((v) => Math.sqrt(stdvar(v))) },
  stdvar_over_time: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: overTime((v) => stdvar(v)) },
  quantile_over_time: {
    args: ['scalar', 'matrix'],
    arity: [2, 2],
    returns: 'vector',
    fn: overTime((v, _t, q) => quantileOf(q, Array.from(v)), false, true)
  },
  changes: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: overTime(changes) },
  resets: { args: ['matrix'], arity: [1, 1], returns: 'vector', fn: overTime(resets) },
  histogram_quantile: { args: ['scalar', 'vector'], arity: [2, 2], returns: 'vector', fn: histogramQuantile },
  abs: { args: ['vector'], arity: [1, 1], returns: 'vector', fn: mathFn(Math.abs) },
  ceil: { args: ['vector'], arity: [1, 1], returns: 'vector', fn: mathFn(Math.ceil) },
  floor: { args: ['vector'], arity: [1, 1], returns: 'vector', fn: mathFn(Math.floor) },
  sqrt: { args: ['vector'], arity: [1, 1], returns: 'vector', fn: mathFn(Math.sqrt) },
  exp: { args: ['vector'], arity: [1, 1], returns: 'vector', fn: mathFn(Math.exp) },
  ln: { args: ['vector'], arity: [1, 1], returns: 'vector', fn: mathFn(Math.log) },
  clamp: { args: ['vector', 'scalar', 'scalar'], arity: [3, 3], returns: 'vector', fn: (a) => clamp(a, scalarOf(a[1]), scalarOf(a[2])) },
  clamp_min: { args: ['vector', 'scalar'], arity: [2, 2], returns: 'vector', fn: (a) => clamp(a, scalarOf(a[1]), Infinity) },
  clamp_max: { args: ['vector', 'scalar'], arity: [2, 2], returns: 'vector', fn: (a) => clamp(a, -Infinity, scalarOf(a[1])) },
  vector: { args: ['scalar'], arity: [1, 1], returns: 'vector', fn: (a) => vec([{ labels: {}, value: scalarOf(a[0]) }]) },
  scalar: {
    args: ['vector'],
    arity: [1, 1],
    returns: 'scalar',
    fn: (a) => {
      const v = vectorOf(a[0])
      return { type: 'scalar', value: v.length === 1 ? v[0]!.value : NaN }
    }
  },
  time: { args: [], arity: [0, 0], returns: 'scalar', fn: (_a, t) => ({ type: 'scalar', value: t / 1000 }) },
  timestamp: {
    args: ['vector'],
    arity: [1, 1],
    returns: 'vector',
    fn: (a, t) => vec(vectorOf(a[0]).map((s) => ({ labels: dropName(s.labels), value: (s.t ?? t) / 1000 })))
  }
}
