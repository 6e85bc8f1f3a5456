/** Shared input handling and small numeric helpers for the drift statistics (no allocation per element). */

/** Numeric input accepted by every numeric statistic: plain arrays or typed arrays. */
export type NumericInput = ArrayLike<number>

/** A category value; `null`, `undefined` and `NaN` are treated as missing and dropped. */
export type CategoryValue = string | number | boolean | bigint | null | undefined

/** Error thrown for unusable input (empty sample, non-finite values where they are not allowed, bad table...). */
export class DriftStatsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DriftStatsError'
  }
}

/**
 * A sample with NaN removed, sorted ascending in a Float64Array. Build it once with
 * `SortedSample.from(values)` and pass it to several statistics to avoid re-sorting.
 */
export class SortedSample {
  private constructor(
    /** Ascending values, NaN removed (±Infinity kept). */
    readonly sorted: Float64Array,
    /** How many NaN values were dropped from the input. */
    readonly nanDropped: number
  ) {}

  /** Copy `values`, drop NaN (counting them) and sort ascending. Never mutates the input. */
  static from(values: NumericInput | SortedSample): SortedSample {
    if (values instanceof SortedSample) return values
    const n = values.length
    let nan = 0
    for (let i = 0; i < n; i++) if (Number.isNaN(values[i])) nan++
    const out = new Float64Array(n - nan)
    if (nan === 0) {
      if (values instanceof Float64Array) out.set(values)
      else for (let i = 0; i < n; i++) out[i] = values[i] as number
    } else {
      let k = 0
      for (let i = 0; i < n; i++) {
        const v = values[i] as number
        if (!Number.isNaN(v)) out[k++] = v
      }
    }
    out.sort() // Float64Array#sort is numeric and native.
    return new SortedSample(out, nan)
  }

  get length(): number {
    return this.sorted.length
  }
}

/** Sort + NaN-drop a sample and fail with a message naming `label` if nothing is left. */
export function prepareSample(values: NumericInput | SortedSample, label: string, fn: string): SortedSample {
  if (values == null || typeof (values as ArrayLike<number>).length !== 'number') {
    throw new DriftStatsError(`${fn}: ${label} must be an array of numbers`)
  }
  const s = SortedSample.from(values)
  if (s.length === 0) {
    const why = s.nanDropped > 0 ? ` (all ${s.nanDropped} values were NaN)` : ''
    throw new DriftStatsError(`${fn}: ${label} sample is empty${why}`)
  }
  return s
}

/** Throw if a sorted sample holds ±Infinity (distances are undefined for them). */
export function requireFinite(s: SortedSample, label: string, fn: string): void {
  const a = s.sorted
  if (a[0] === -Infinity || a[a.length - 1] === Infinity) {
    throw new DriftStatsError(`${fn}: ${label} sample contains ±Infinity; distances need finite values`)
  }
}

/** numpy's `np.round` for scalars: round half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x)
  // Math.round rounds .5 up; fix exact ties to the even neighbour.
  if (Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0) return r - 1
  return r
}

/** Euclid's gcd on non-negative safe integers. */
export function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b
    a = b
    b = t
  }
  return a
}

/** Neumaier-compensated accumulator (more accurate than numpy's pairwise sum; used for long sums). */
export class CompensatedSum {
  private s = 0
  private c = 0
  add(x: number): void {
    const t = this.s + x
    if (Math.abs(this.s) >= Math.abs(x)) this.c += this.s - t + x
    else this.c += x - t + this.s
    this.s = t
  }
  get value(): number {
    return this.s + this.c
  }
}

/** Population standard deviation (ddof = 0, two-pass, compensated), like `np.std(x)`. */
export function populationStd(a: ArrayLike<number>): number {
  const n = a.length
  if (n === 0) return Number.NaN
  const s1 = new CompensatedSum()
  for (let i = 0; i < n; i++) s1.add(a[i] as number)
  const mean = s1.value / n
  const s2 = new CompensatedSum()
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - mean
    s2.add(d * d)
  }
  return Math.sqrt(s2.value / n)
}

/** Count distinct values in an ascending array (ties adjacent). */
export function countDistinctSorted(a: Float64Array): number {
  if (a.length === 0) return 0
  let k = 1
  for (let i = 1; i < a.length; i++) if (a[i] !== a[i - 1]) k++
  return k
}

/** True for null / undefined / NaN: the "missing" values dropped from categorical inputs. */
export function isMissing(v: CategoryValue): boolean {
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))
}

/** Category counts of two samples over the union of their categories (first-seen order: reference, then current). */
export interface CategoryCounts {
  categories: CategoryValue[]
  reference: Float64Array
  current: Float64Array
  /** Non-missing totals. */
  nReference: number
  nCurrent: number
  /** Missing values dropped: [reference, current]. */
  missingDropped: [number, number]
}

/** Build per-category counts over the union of categories of `reference` and `current`. */
export function countCategories(reference: ArrayLike<CategoryValue>, current: ArrayLike<CategoryValue>, fn: string): CategoryCounts {
  const index = new Map<CategoryValue, number>()
  const refCounts: number[] = []
  const curCounts: number[] = []
  const tally = (arr: ArrayLike<CategoryValue>, mine: number[], other: number[]): number => {
    let missing = 0
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i]
      if (isMissing(v)) {
        missing++
        continue
      }
      // -0 and +0 are the same category (Map uses SameValueZero already).
      let k = index.get(v)
      if (k === undefined) {
        k = mine.length
        index.set(v, k)
        mine.push(0)
        other.push(0)
      }
      mine[k]!++
    }
    return missing
  }
  if (reference == null || current == null) throw new DriftStatsError(`${fn}: reference and current must be arrays`)
  const mRef = tally(reference, refCounts, curCounts)
  const mCur = tally(current, curCounts, refCounts)
  const ref = Float64Array.from(refCounts)
  const cur = Float64Array.from(curCounts)
  let nRef = 0
  let nCur = 0
  for (let i = 0; i < ref.length; i++) {
    nRef += ref[i]!
    nCur += cur[i]!
  }
  if (nRef === 0) throw new DriftStatsError(`${fn}: reference sample is empty${mRef ? ` (all ${mRef} values missing)` : ''}`)
  if (nCur === 0) throw new DriftStatsError(`${fn}: current sample is empty${mCur ? ` (all ${mCur} values missing)` : ''}`)
  return {
    categories: [...index.keys()],
    reference: ref,
    current: cur,
    nReference: nRef,
    nCurrent: nCur,
    missingDropped: [mRef, mCur]
  }
}
