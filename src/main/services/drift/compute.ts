/**
 * Per-column drift of a current dataset against a reference, with Evidently's default test choice,
 * overrides, PSI, missing shares, unseen categories, and the histograms/ECDFs for the column view.
 * Pure: typed arrays in, plain objects out (runs inside a worker thread).
 */
import {
  DRIFT_TEST_KIND,
  DRIFT_TEST_LABELS,
  type ColumnDetail,
  type ColumnKind,
  type ColumnOverride,
  type ColumnResult,
  type DriftTest
} from '../../../shared/contract/drift'
import type { ColumnData } from './columns'
import { columnLength } from './columns'
import { idLikeReason, leftOutMessage } from './idLike'
import {
  chiSquareDrift,
  chooseDefaultTest,
  DriftStatsError,
  isDrift,
  jensenShannonDrift,
  ks2samp,
  linspace,
  populationStd,
  psi,
  psiCategorical,
  searchRight,
  SortedSample,
  wassersteinNormed,
  zTestDrift
} from './stats'

export interface RunSettings {
  driftShare: number
  predictionColumn: string | null
  targetColumn: string | null
  columns: Record<string, ColumnOverride>
}

export type NumericDetail = NonNullable<ColumnDetail['numeric']>
export type CategoryDetail = NonNullable<ColumnDetail['categories']>

export interface ColumnOutcome {
  result: ColumnResult
  numeric: NumericDetail | null
  categories: CategoryDetail | null
}

export interface RunOutcome {
  columns: ColumnOutcome[]
  share: number | null
  tested: number
  drifted: number
  datasetDrift: boolean
  predictionDrift: boolean | null
  targetDrift: boolean | null
  driftedColumns: string[]
  referenceRows: number
  currentRows: number
}

export const DEFAULT_THRESHOLD: Record<DriftTest, number> = {
  ks: 0.05,
  'chi-square': 0.05,
  z: 0.05,
  wasserstein: 0.1,
  'jensen-shannon': 0.1,
  psi: 0.1
}

/** One plain sentence per test, with its threshold, for the per-column table. */
export function explainTest(test: DriftTest, threshold: number): string {
  const t = String(threshold)
  switch (test) {
    case 'ks':
      return `Kolmogorov–Smirnov: the largest gap between the two cumulative distributions; drift when its p-value is below ${t}.`
    case 'chi-square':
      return `Chi-square: do the category counts differ more than chance would explain? Drift when its p-value is below ${t}.`
    case 'z':
      return `Z-test: has the share of each of the two values changed more than chance would explain? Drift when its p-value is below ${t}.`
    case 'wasserstein':
      return `Wasserstein (normed): how far values had to move, in reference standard deviations; drift at ${t} or more.`
    case 'jensen-shannon':
      return `Jensen–Shannon distance between the two value distributions (0 same, 1 disjoint); drift at ${t} or more.`
    case 'psi':
      return `Population Stability Index over reference deciles or categories; drift at ${t} or more (0.1 moderate, 0.25 significant).`
  }
}

export const NUMERIC_ONLY: DriftTest[] = ['ks', 'wasserstein']

interface Prepared {
  kind: 'numeric' | 'categorical' | 'boolean'
  /** Numeric: values (NaN = missing); categorical: union codes as numbers (NaN = missing). */
  ref: Float64Array
  cur: Float64Array
  labels: string[] | null
  note: string | null
  displayKind: ColumnKind
}

const MS_DAY = 86_400_000

function formatValue(kind: ColumnKind, v: number): string {
  if (kind === 'boolean') return v ? 'true' : 'false'
  if (kind === 'datetime') {
    const iso = new Date(v).toISOString()
    return v % MS_DAY === 0 ? iso.slice(0, 10) : iso
  }
  return String(v)
}

/** Strings of a column (for comparing columns whose kinds differ). */
function asStrings(c: ColumnData): (string | null)[] {
  if (c.encoding === 'dict') return Array.from(c.codes, (k) => (k < 0 ? null : c.dictionary[k]!))
  return Array.from(c.values, (v) => (Number.isNaN(v) ? null : formatValue(c.kind, v)))
}

/** Codes over the sorted union of the categories of both sides (NaN = missing). */
function unionCodes(ref: (string | null)[], cur: (string | null)[]): { ref: Float64Array; cur: Float64Array; labels: string[] } {
  const set = new Set<string>()
  for (const v of ref) if (v !== null) set.add(v)
  for (const v of cur) if (v !== null) set.add(v)
  const labels = [...set].sort()
  const index = new Map(labels.map((l, i) => [l, i]))
  const map = (a: (string | null)[]): Float64Array => Float64Array.from(a, (v) => (v === null ? Number.NaN : index.get(v)!))
  return { ref: map(ref), cur: map(cur), labels }
}

function dictUnion(
  r: Extract<ColumnData, { encoding: 'dict' }>,
  c: Extract<ColumnData, { encoding: 'dict' }>
): { ref: Float64Array; cur: Float64Array; labels: string[] } {
  const labels = [...new Set([...r.dictionary, ...c.dictionary])].sort()
  const index = new Map(labels.map((l, i) => [l, i]))
  const remap = (col: typeof r): Float64Array => {
    const m = Int32Array.from(col.dictionary, (d) => index.get(d)!)
    const out = new Float64Array(col.codes.length)
    for (let i = 0; i < out.length; i++) {
      const k = col.codes[i]!
      out[i] = k < 0 ? Number.NaN : m[k]!
    }
    return out
  }
  return { ref: remap(r), cur: remap(c), labels }
}

function prepare(ref: ColumnData, cur: ColumnData): Prepared | { skip: string } {
  const numericLike = (k: ColumnKind): boolean => k === 'numeric' || k === 'datetime'
  if (ref.kind === 'text' || cur.kind === 'text')
    return { skip: 'Text columns are not tested for drift (free text); only missing values are reported.' }
  if (ref.kind === cur.kind || (numericLike(ref.kind) && numericLike(cur.kind) && ref.encoding === 'f64' && cur.encoding === 'f64')) {
    if (ref.encoding === 'f64' && cur.encoding === 'f64') {
      if (ref.kind === 'boolean')
        return { kind: 'boolean', ref: ref.values, cur: cur.values, labels: ['false', 'true'], note: null, displayKind: 'boolean' }
      return {
        kind: 'numeric',
        ref: ref.values,
        cur: cur.values,
        labels: null,
        note: ref.kind !== cur.kind ? `${ref.kind} in the reference, ${cur.kind} in the current data` : null,
        displayKind: ref.kind
      }
    }
    if (ref.encoding === 'dict' && cur.encoding === 'dict') {
      const u = dictUnion(ref, cur)
      return { kind: 'categorical', ref: u.ref, cur: u.cur, labels: u.labels, note: null, displayKind: 'categorical' }
    }
  }
  const u = unionCodes(asStrings(ref), asStrings(cur))
  return {
    kind: 'categorical',
    ref: u.ref,
    cur: u.cur,
    labels: u.labels,
    note: `The column is ${ref.kind} in the reference but ${cur.kind} in the current data; compared as categories.`,
    displayKind: 'categorical'
  }
}

function countPresent(a: Float64Array): number {
  let n = 0
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]!)) n++
  return n
}

function distinctUnion(a: Float64Array, b: Float64Array): number {
  // both sorted ascending without NaN
  let i = 0
  let j = 0
  let k = 0
  let last = Number.NaN
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!
    if (k === 0 || x !== last) {
      k++
      last = x
    }
  }
  return k
}

function stats(s: Float64Array): NumericDetail['referenceStats'] {
  if (s.length === 0) return { n: 0, mean: null, std: null, min: null, max: null }
  let sum = 0
  for (let i = 0; i < s.length; i++) sum += s[i]!
  return { n: s.length, mean: sum / s.length, std: populationStd(s), min: s[0]!, max: s[s.length - 1]! }
}

const BINS = 30
const ECDF_POINTS = 160

function numericDetail(r: Float64Array, c: Float64Array): NumericDetail {
  const lo = Math.min(r[0]!, c[0]!)
  const hi = Math.max(r[r.length - 1]!, c[c.length - 1]!)
  const edges = lo === hi ? [lo - 0.5, lo + 0.5] : Array.from(linspace(lo, hi, BINS + 1))
  const shares = (s: Float64Array): number[] => {
    const out = new Array<number>(edges.length - 1).fill(0)
    let prev = 0
    for (let b = 0; b < edges.length - 1; b++) {
      const next = b === edges.length - 2 ? s.length : searchLeftLocal(s, edges[b + 1]!)
      out[b] = (next - prev) / s.length
      prev = next
    }
    return out
  }
  const xs = lo === hi ? [lo] : Array.from(linspace(lo, hi, ECDF_POINTS))
  return {
    edges,
    reference: shares(r),
    current: shares(c),
    ecdf: { x: xs, reference: xs.map((x) => searchRight(r, x) / r.length), current: xs.map((x) => searchRight(c, x) / c.length) },
    referenceStats: stats(r),
    currentStats: stats(c)
  }
}

function searchLeftLocal(a: Float64Array, x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

const MAX_CATEGORIES = 24

function categoryDetail(labels: string[], refCounts: Float64Array, curCounts: Float64Array): CategoryDetail {
  let nr = 0
  let nc = 0
  for (let i = 0; i < labels.length; i++) {
    nr += refCounts[i]!
    nc += curCounts[i]!
  }
  const order = labels
    .map((_, i) => i)
    .sort((a, b) => refCounts[b]! / (nr || 1) + curCounts[b]! / (nc || 1) - (refCounts[a]! / (nr || 1) + curCounts[a]! / (nc || 1)))
  const top = order.slice(0, MAX_CATEGORIES)
  const rest = order.slice(MAX_CATEGORIES)
  const out: CategoryDetail = {
    labels: top.map((i) => labels[i]!),
    reference: top.map((i) => refCounts[i]! / (nr || 1)),
    current: top.map((i) => curCounts[i]! / (nc || 1)),
    referenceCounts: top.map((i) => refCounts[i]!),
    currentCounts: top.map((i) => curCounts[i]!)
  }
  if (rest.length) {
    const restRef = rest.reduce((s, i) => s + refCounts[i]!, 0)
    const restCur = rest.reduce((s, i) => s + curCounts[i]!, 0)
    out.labels.push(`other (${rest.length})`)
    out.reference.push(restRef / (nr || 1))
    out.current.push(restCur / (nc || 1))
    out.referenceCounts!.push(restRef)
    out.currentCounts!.push(restCur)
  }
  return out
}

function counts(codes: Float64Array, k: number): Float64Array {
  const out = new Float64Array(k)
  for (let i = 0; i < codes.length; i++) {
    const v = codes[i]!
    if (!Number.isNaN(v)) out[v]!++
  }
  return out
}

const blank = (name: string, role: ColumnResult['role'], kind: ColumnKind | null): ColumnResult => ({
  name,
  role,
  kind,
  test: null,
  scoreKind: null,
  statistic: null,
  score: null,
  threshold: null,
  drifted: false,
  overridden: false,
  psi: null,
  psiLevel: null,
  missingReference: null,
  missingCurrent: null,
  unseen: [],
  unseenCount: 0,
  explanation: '',
  message: null,
  leftOut: null
})

const join = (...parts: (string | null | undefined)[]): string | null => {
  const p = parts.filter((x): x is string => !!x)
  return p.length ? p.join(' ') : null
}

/** Drift of one column. `ref`/`cur` may be absent when the column exists on one side only. */
export function computeColumn(
  name: string,
  ref: ColumnData | undefined,
  cur: ColumnData | undefined,
  role: ColumnResult['role'],
  override: ColumnOverride | undefined
): ColumnOutcome {
  const result = blank(name, role, ref?.kind ?? cur?.kind ?? null)
  const none = { result, numeric: null, categories: null }
  if (ref) result.missingReference = columnLength(ref) ? ref.missing / columnLength(ref) : null
  if (cur) result.missingCurrent = columnLength(cur) ? cur.missing / columnLength(cur) : null
  if (!ref || !cur) {
    result.message = !ref
      ? 'Not in the reference data; nothing to compare it with.'
      : 'Not in the current data; the current file lacks this column.'
    return none
  }
  if (override?.ignore) {
    result.message = 'Ignored by this check’s settings.'
    return none
  }
  // from the reference's profile, as the plan before a run decides it
  const idLike = idLikeReason({ name, kind: ref.kind, present: columnLength(ref) - ref.missing, distinct: ref.nUnique })
  if (idLike && !override?.include) {
    result.leftOut = idLike
    result.message = leftOutMessage(idLike)
    return none
  }
  const prep = prepare(ref, cur)
  if ('skip' in prep) {
    result.message = prep.skip
    return none
  }
  result.kind = prep.displayKind
  const inputNotes = join(ref.message ? `Reference: ${ref.message}.` : null, cur.message ? `Current: ${cur.message}.` : null)
  if (countPresent(prep.ref) === 0 || countPresent(prep.cur) === 0) {
    const side = countPresent(prep.ref) === 0 ? 'reference' : 'current data'
    result.message = join(`Every value is missing in the ${side}; nothing to test.`, prep.note)
    return none
  }
  const referenceRows = columnLength(ref)
  let numeric: NumericDetail | null = null
  let categories: CategoryDetail | null = null
  let sr: SortedSample | null = null
  let sc: SortedSample | null = null
  let nUnique: number
  let constantNote: string | null = null
  if (prep.kind === 'numeric') {
    sr = SortedSample.from(prep.ref)
    sc = SortedSample.from(prep.cur)
    nUnique = distinctUnion(sr.sorted, sc.sorted)
    numeric = numericDetail(sr.sorted, sc.sorted)
    if (sr.sorted[0] === sr.sorted[sr.length - 1])
      constantNote = `Constant in the reference (every value is ${formatValue(prep.displayKind, sr.sorted[0]!)}); distance tests divide by a floor of 0.001 instead of its zero spread.`
  } else {
    const k = prep.labels!.length
    const rc = counts(prep.ref, k)
    const cc = counts(prep.cur, k)
    nUnique = 0
    for (let i = 0; i < k; i++) if (rc[i]! + cc[i]! > 0) nUnique++
    categories = categoryDetail(prep.labels!, rc, cc)
    const unseen: string[] = []
    for (let i = 0; i < k; i++) if (rc[i] === 0 && cc[i]! > 0) unseen.push(prep.labels![i]!)
    result.unseenCount = unseen.length
    result.unseen = unseen.slice(0, 20)
    let refKinds = 0
    for (let i = 0; i < k; i++) if (rc[i]! > 0) refKinds++
    if (refKinds === 1) constantNote = 'Constant in the reference: a single category.'
  }
  const profileKind = prep.kind
  const choice = chooseDefaultTest({ kind: profileKind, nUnique }, referenceRows)
  let test: DriftTest = choice.test
  let threshold = choice.threshold
  let explanation = choice.explanation
  let overrideNote: string | null = null
  if (override?.test || override?.threshold !== undefined) {
    result.overridden = true
    if (override.test && prep.kind !== 'numeric' && NUMERIC_ONLY.includes(override.test)) {
      overrideNote = `${DRIFT_TEST_LABELS[override.test]} needs numbers; the default test was used instead.`
    } else if (override.test) {
      test = override.test
      threshold = DEFAULT_THRESHOLD[test]
    }
    if (override.threshold !== undefined) threshold = override.threshold
    explanation = `${explainTest(test, threshold)} (Set for this column in the check’s settings.)`
  }
  result.test = test
  result.threshold = threshold
  result.scoreKind = DRIFT_TEST_KIND[test]
  result.explanation = explanation
  let psiValue: { value: number; level: ColumnResult['psiLevel'] } | null = null
  const errors: string[] = []
  try {
    const p = prep.kind === 'numeric' ? psi(sr!, sc!) : psiCategorical(prep.ref, prep.cur)
    psiValue = { value: p.value, level: p.level }
    result.psi = p.value
    result.psiLevel = p.level
  } catch (err) {
    if (!(err instanceof DriftStatsError)) throw err
    errors.push(`PSI: ${err.message}`)
  }
  try {
    switch (test) {
      case 'ks': {
        const r = ks2samp(sr!, sc!)
        result.statistic = r.statistic
        result.score = r.pvalue
        break
      }
      case 'wasserstein': {
        const r = wassersteinNormed(sr!, sc!)
        result.statistic = r.normed
        result.score = r.normed
        break
      }
      case 'chi-square': {
        const r = chiSquareDrift(prep.ref, prep.cur)
        result.statistic = r.statistic
        result.score = r.pvalue
        break
      }
      case 'z': {
        const r = zTestDrift(prep.ref, prep.cur)
        result.statistic = r.statistic
        result.score = r.pvalue
        break
      }
      case 'jensen-shannon': {
        const r = jensenShannonDrift(prep.kind === 'numeric' ? sr!.sorted : prep.ref, prep.kind === 'numeric' ? sc!.sorted : prep.cur, {
          kind: prep.kind === 'numeric' ? 'numeric' : 'categorical'
        })
        result.statistic = r.distance
        result.score = r.distance
        break
      }
      case 'psi': {
        if (psiValue) {
          result.statistic = psiValue.value
          result.score = psiValue.value
        }
        break
      }
    }
  } catch (err) {
    if (!(err instanceof DriftStatsError)) throw err
    errors.push(`${DRIFT_TEST_LABELS[test]}: ${err.message}`)
  }
  if (result.score !== null) result.drifted = isDrift({ kind: DRIFT_TEST_KIND[test], threshold }, result.score)
  const unseenNote = result.unseenCount
    ? `${result.unseenCount} categor${result.unseenCount === 1 ? 'y' : 'ies'} not seen in the reference.`
    : null
  result.message = join(
    prep.note,
    overrideNote,
    constantNote,
    unseenNote,
    inputNotes,
    errors.length ? `Could not compute: ${errors.join('; ')}.` : null
  )
  return { result, numeric, categories }
}

/** Columns of one side, fetched one at a time (stored datasets are read column by column to keep memory flat). */
export interface ColumnSource {
  names: string[]
  rows: number
  get(name: string): ColumnData | undefined
}

export const sourceOf = (columns: ColumnData[]): ColumnSource => {
  const by = new Map(columns.map((c) => [c.name, c]))
  return { names: columns.map((c) => c.name), rows: columns.length ? columnLength(columns[0]!) : 0, get: (n) => by.get(n) }
}

/** Every column of reference ∪ current, in reference order then current-only columns; dataset drift by share. */
export function computeRun(
  reference: ColumnData[] | ColumnSource,
  current: ColumnData[] | ColumnSource,
  settings: RunSettings,
  onColumn?: (done: number, total: number, name: string) => void
): RunOutcome {
  const ref = Array.isArray(reference) ? sourceOf(reference) : reference
  const cur = Array.isArray(current) ? sourceOf(current) : current
  const refNames = new Set(ref.names)
  const names = [...ref.names, ...cur.names.filter((n) => !refNames.has(n))]
  const out: ColumnOutcome[] = []
  names.forEach((name, i) => {
    const role: ColumnResult['role'] =
      name === settings.predictionColumn ? 'prediction' : name === settings.targetColumn ? 'target' : 'feature'
    out.push(computeColumn(name, ref.get(name), cur.get(name), role, settings.columns[name]))
    onColumn?.(i + 1, names.length, name)
  })
  for (const [role, col] of [
    ['prediction', settings.predictionColumn],
    ['target', settings.targetColumn]
  ] as const) {
    if (col && !out.some((o) => o.result.name === col)) {
      const r = blank(col, role, null)
      r.message = `The ${role} column “${col}” is in neither dataset.`
      out.push({ result: r, numeric: null, categories: null })
    }
  }
  const features = out.filter((o) => o.result.role === 'feature' && o.result.score !== null)
  const drifted = features.filter((o) => o.result.drifted)
  const share = features.length ? drifted.length / features.length : null
  const pick = (role: 'prediction' | 'target'): boolean | null => {
    const o = out.find((x) => x.result.role === role)
    return o && o.result.score !== null ? o.result.drifted : null
  }
  return {
    columns: out,
    share,
    tested: features.length,
    drifted: drifted.length,
    datasetDrift: share !== null && share >= settings.driftShare,
    predictionDrift: pick('prediction'),
    targetDrift: pick('target'),
    driftedColumns: out.filter((o) => o.result.drifted).map((o) => o.result.name),
    referenceRows: ref.rows,
    currentRows: cur.rows
  }
}
