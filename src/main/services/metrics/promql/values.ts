/** Values the evaluator works with, and the series a store hands it. */

export type Labels = Record<string, string>

export interface Sample {
  labels: Labels
  value: number
  /** When the sample was taken (ms); instant selectors keep it for timestamp(). */
  t?: number
}

/** Samples of one series inside a range window (views into the stored arrays). */
export interface RangeSeries {
  labels: Labels
  t: ArrayLike<number>
  v: ArrayLike<number>
}

/** A range vector argument with the window it was taken over. */
export interface RangeArg {
  series: RangeSeries[]
  /** Window (start, end] in ms, start exclusive. */
  start: number
  end: number
  rangeMs: number
}

export type Value =
  | { type: 'scalar'; value: number }
  | { type: 'string'; value: string }
  | { type: 'vector'; samples: Sample[] }
  | { type: 'matrix'; arg: RangeArg }

/** One stored series: samples in time order; staleness markers as separate times (a marker ends the series there). */
export interface StoredSeries {
  labels: Labels
  t: ArrayLike<number>
  v: ArrayLike<number>
  staleAt?: ArrayLike<number>
}

/** Where selectors read from: the built-in store, or samples loaded by a test file. */
export interface SeriesSource {
  /** MetricSeries matching every matcher with samples in [from, to] ms (inclusive), each in time order. */
  select(matchers: import('./ast').LabelMatcher[], from: number, to: number, thin?: Thinning): StoredSeries[]
}

/**
 * For an instant selector in a range query: only the last sample of each interval (at − min(step, lookback), at]
 * matters, with at = base + k·step; a source may return just those.
 */
export interface Thinning {
  base: number
  stepMs: number
  /** Samples older than this at an evaluation time are never read (the lookback). */
  lookbackMs: number
}

export const METRIC_NAME = '__name__'

/** A stable key for a label set (sorted names). */
export function labelsKey(l: Labels): string {
  return Object.keys(l)
    .sort()
    .map((k) => `${k}\xff${l[k]}`)
    .join('\xfe')
}

export function dropName(l: Labels): Labels {
  if (!(METRIC_NAME in l)) return l
  const { [METRIC_NAME]: _drop, ...rest } = l
  return rest
}

/** Prometheus' rendering of a label set: name{a="b", c="d"}. */
export function formatLabels(l: Labels): string {
  const name = l[METRIC_NAME] ?? ''
  const rest = Object.keys(l)
    .filter((k) => k !== METRIC_NAME)
    .sort()
    .map((k) => `${k}=${JSON.stringify(l[k])}`)
  return `${name}{${rest.join(', ')}}`
}

/** First index with a[i] > x (a sorted ascending). */
export function upperBound(a: ArrayLike<number>, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}
