import { DRIFT_TEST_LABELS, type ColumnResult, type DriftTest } from '../../../../shared/contract/drift'

/** Numbers in drift tables: 3 significant digits, tiny p-values in exponent form. */
export function formatStat(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  if (v === 0) return '0'
  const a = Math.abs(v)
  if (a < 1e-4) return v.toExponential(1)
  if (a >= 1e5) return v.toExponential(2)
  return String(Number(v.toPrecision(3)))
}

export const formatShare = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(v > 0 && v < 0.01 ? 1 : 0)} %`

export const testLabel = (t: DriftTest | null): string => (t ? DRIFT_TEST_LABELS[t] : 'not tested')

/** “p = 0.003 < 0.05” or “0.21 ≥ 0.1”: the comparison that decided the column. */
export function decision(c: Pick<ColumnResult, 'score' | 'scoreKind' | 'threshold' | 'drifted'>): string {
  if (c.score === null || c.threshold === null) return '—'
  if (c.scoreKind === 'pvalue') return `p = ${formatStat(c.score)} ${c.drifted ? '<' : '≥'} ${c.threshold}`
  return `${formatStat(c.score)} ${c.drifted ? '≥' : '<'} ${c.threshold}`
}

/** Plain-language reading of a dataset-level result. */
export function summarize(run: {
  share: number | null
  tested: number
  drifted: number
  driftShare: number
  datasetDrift: boolean
}): string {
  if (run.share === null) return 'No column could be tested.'
  const verdict = run.datasetDrift ? 'The dataset has drifted' : 'No dataset drift'
  return `${verdict}: ${run.drifted} of ${run.tested} tested columns drifted (${formatShare(run.share)}; the check flags the dataset at ${formatShare(run.driftShare)}).`
}

export const cronHelp =
  'Cron: minute hour day-of-month month day-of-week, e.g. “0 6 * * *” daily at 06:00, “*/30 * * * *” every 30 minutes. Empty: run on demand only.'

/** The columns before and after one in a run's list (for previous / next links); null at either end. */
export function neighbours(names: string[], name: string): { previous: string | null; next: string | null } {
  const i = names.indexOf(name)
  if (i < 0) return { previous: null, next: null }
  return { previous: names[i - 1] ?? null, next: names[i + 1] ?? null }
}

export interface CategoryCountRow {
  label: string
  referenceCount: number | null
  referenceShare: number
  currentCount: number | null
  currentShare: number
  /** Current share minus reference share, in percentage points. */
  changePts: number
}

/** The category table of a column: counts (null for runs stored before counts were kept) and shares per side. */
export function categoryCountRows(k: {
  labels: string[]
  reference: number[]
  current: number[]
  referenceCounts?: number[] | undefined
  currentCounts?: number[] | undefined
}): CategoryCountRow[] {
  return k.labels.map((label, i) => ({
    label,
    referenceCount: k.referenceCounts?.[i] ?? null,
    referenceShare: k.reference[i]!,
    currentCount: k.currentCounts?.[i] ?? null,
    currentShare: k.current[i]!,
    changePts: (k.current[i]! - k.reference[i]!) * 100
  }))
}
