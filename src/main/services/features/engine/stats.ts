/**
 * Statistics of a view's features over all history and day/7/14/30/90-day windows ending at `asOf` ((asOf − d, asOf]),
 * each window against all history (the baseline): its values on the baseline's bins and the PSI. Runs on a worker; holds
 * the event timestamps and the feature columns (8 bytes per number, 4 per string) of the source in memory.
 */
import { WINDOW_DAYS, type FeatureStats, type FeatureType, type StatWindow } from '../../../../shared/contract/features'
import { readColumns, type Progress, type SourceFiles } from '../files'
import { Dictionary, toInstant, toNumber, toText } from '../values'
import { countOnEdges, histogram, meanSd, percentile, psi } from './numpy'

export interface StatisticsRequest {
  timestampField: string
  features: { name: string; type: FeatureType }[]
  source: SourceFiles
  /** Windows end here (ms); default the latest event timestamp of the source. */
  asOf: number | null
}

export type WindowFeature = FeatureStats & { psi: number | null }

export interface StatisticsSnapshot {
  asOf: number
  rows: number
  windows: Record<StatWindow, { from: number | null; rows: number; features: Record<string, WindowFeature> }>
}

const DAY = 86_400_000

/** A growable typed array. */
class Grow<T extends Float64Array | Int32Array> {
  n = 0
  constructor(
    public data: T,
    private make: (n: number) => T
  ) {}
  push(v: number): void {
    if (this.n === this.data.length) {
      const next = this.make(this.data.length * 2)
      next.set(this.data)
      this.data = next
    }
    this.data[this.n++] = v
  }
  get values(): T {
    return this.data.subarray(0, this.n) as T
  }
}

const f64 = (): Grow<Float64Array> => new Grow(new Float64Array(1024), (n) => new Float64Array(n))
const i32 = (): Grow<Int32Array> => new Grow(new Int32Array(1024), (n) => new Int32Array(n))

const EMPTY = { mean: null, sd: null, min: null, max: null, p50: null, p75: null, p90: null, p95: null, p99: null }

/** Count, nulls, moments, percentiles, 20-bin histogram (and counts on the baseline's bins), top 10 values. */
export function describe(
  rows: Int32Array,
  type: FeatureType,
  values: Float64Array | Int32Array,
  dictionary: string[] | null,
  baseEdges: number[] | null
): FeatureStats {
  const count = rows.length
  if (type === 'string') {
    const counts = new Map<number, number>()
    let nulls = 0
    for (let i = 0; i < count; i++) {
      const c = values[rows[i]!]!
      if (c < 0) nulls++
      else counts.set(c, (counts.get(c) ?? 0) + 1)
    }
    return { count, nulls, ...EMPTY, histogram: null, baselineBins: null, top: topOf([...counts].map(([c, n]) => [dictionary![c]!, n])) }
  }
  const present = new Float64Array(count)
  let k = 0
  for (let i = 0; i < count; i++) {
    const v = values[rows[i]!]!
    if (!Number.isNaN(v)) present[k++] = v
  }
  const sorted = present.subarray(0, k).sort()
  const nulls = count - k
  let top: FeatureStats['top'] = null
  if (type === 'bool') {
    let ones = 0
    for (let i = 0; i < k; i++) ones += sorted[i]!
    top = k
      ? topOf(
          [
            ['true', ones],
            ['false', k - ones]
          ].filter(([, n]) => (n as number) > 0) as [string, number][]
        )
      : null
  }
  if (!k) return { count, nulls, ...EMPTY, histogram: null, baselineBins: null, top }
  const { mean, sd } = meanSd(sorted)
  const h = histogram(sorted)
  return {
    count,
    nulls,
    mean,
    sd,
    min: sorted[0]!,
    max: sorted[k - 1]!,
    p50: percentile(sorted, 50),
    p75: percentile(sorted, 75),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    histogram: h,
    baselineBins: baseEdges ? countOnEdges(sorted, baseEdges) : h.counts,
    top
  }
}

/** Ten most frequent values: count descending, then value ascending (code-point order, as Python sorts). */
function topOf(entries: [string, number][]): { value: string; count: number }[] {
  return entries
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, 10)
    .map(([value, count]) => ({ value, count }))
}

export async function computeStatistics(req: StatisticsRequest, progress: Progress, signal?: AbortSignal): Promise<StatisticsSnapshot> {
  const ts = f64()
  const cols = req.features.map((f) => (f.type === 'string' ? i32() : f64()))
  const dicts = req.features.map((f) => (f.type === 'string' ? new Dictionary() : null))
  await readColumns(
    req.source,
    [req.timestampField, ...req.features.map((f) => f.name)],
    (cells, n) => {
      for (let i = 0; i < n; i++) {
        const t = toInstant(cells[0]![i])
        if (t === null) continue
        ts.push(t)
        req.features.forEach((f, j) => {
          const v = cells[j + 1]![i]
          cols[j]!.push(f.type === 'string' ? dicts[j]!.code(toText(v)) : toNumber(v, f.type))
        })
      }
    },
    { signal, progress, label: 'reading' }
  )
  const times = ts.values
  let latest = -Infinity
  for (let i = 0; i < times.length; i++) if (times[i]! > latest) latest = times[i]!
  const asOf = req.asOf ?? (Number.isFinite(latest) ? latest : 0)
  const select = (from: number | null): Int32Array => {
    const out = i32()
    for (let i = 0; i < times.length; i++) if (times[i]! <= asOf && (from === null || times[i]! > from)) out.push(i)
    return out.values
  }
  const allRows = select(null)
  const baseline: Record<string, WindowFeature> = {}
  req.features.forEach((f, j) => {
    baseline[f.name] = { ...describe(allRows, f.type, cols[j]!.values, dicts[j]?.values ?? null, null), psi: null }
  })
  const windows = { all: { from: null, rows: allRows.length, features: baseline } } as StatisticsSnapshot['windows']
  for (const [w, days] of Object.entries(WINDOW_DAYS) as [Exclude<StatWindow, 'all'>, number][]) {
    if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
    const from = asOf - days * DAY
    const rows = select(from)
    const features: Record<string, WindowFeature> = {}
    req.features.forEach((f, j) => {
      const base = baseline[f.name]!
      const d = describe(rows, f.type, cols[j]!.values, dicts[j]?.values ?? null, base.histogram?.edges ?? null)
      features[f.name] = { ...d, psi: base.baselineBins && d.baselineBins ? psi(base.baselineBins, d.baselineBins) : null }
    })
    windows[w] = { from, rows: rows.length, features }
    progress(Object.keys(windows).length, 6, `window ${w}`)
  }
  return { asOf, rows: times.length, windows }
}
