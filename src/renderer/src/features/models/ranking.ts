import type { RankedRow, RankedTable } from '../../../../shared/contract'

/** A column of the ranked table: an attribute or a metric (by its index in the table's metrics). */
export type SortKey = { kind: 'attr'; key: 'label' | 'stage' | 'startTime' | 'createdAt' } | { kind: 'metric'; index: number }
export interface SortState {
  key: SortKey
  desc: boolean
}

const attrValue = (r: RankedRow, key: 'label' | 'stage' | 'startTime' | 'createdAt'): string | number | null =>
  key === 'label' ? (r.version ?? r.label) : r[key]

/** Rows sorted by a column; rows without a value go last whichever the direction (as in MLflow). */
export function sortRows(rows: RankedRow[], sort: SortState): RankedRow[] {
  const value = (r: RankedRow): string | number | null =>
    sort.key.kind === 'metric' ? (r.values[sort.key.index] ?? null) : attrValue(r, sort.key.key)
  return [...rows].sort((a, b) => {
    const x = value(a)
    const y = value(b)
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true })
    return sort.desc ? -c : c
  })
}

/** The best N rows by a metric in its better direction (rows without the metric left out). */
export function topBy(table: RankedTable, key: string, n: number): RankedRow[] {
  const index = table.metrics.findIndex((m) => m.key === key)
  if (index < 0) return []
  const withValue = table.rows.filter((r) => r.values[index] !== null)
  return sortRows(withValue, { key: { kind: 'metric', index }, desc: table.metrics[index]!.higherIsBetter }).slice(0, n)
}

export const shortId = (uuid: string | null): string => (uuid ? uuid.slice(0, 8) : '')

const stamp = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '))

/**
 * What tells rows apart: the label, plus the run's short id and start time when another row has the same label
 * (runs of a sweep often share a name).
 */
export function distinctLabels(rows: RankedRow[]): Map<string, { label: string; detail: string }> {
  const count = new Map<string, number>()
  for (const r of rows) count.set(r.label, (count.get(r.label) ?? 0) + 1)
  return new Map(
    rows.map((r) => [
      rowKey(r),
      {
        label: r.label,
        detail: (count.get(r.label) ?? 0) > 1 ? [shortId(r.runUuid), stamp(r.startTime)].filter(Boolean).join(' · ') : ''
      }
    ])
  )
}

export const rowKey = (r: Pick<RankedRow, 'kind' | 'id'>): string => `${r.kind === 'version' ? 'v' : 'r'}${r.id}`

/** The metric a table is ranked by first: one the search names, else a usual headline metric, else the first. */
export function keyMetric(table: RankedTable, searched: string[] = []): string | null {
  const keys = table.metrics.map((m) => m.key)
  for (const k of searched) if (keys.includes(k)) return k
  for (const k of ['accuracy', 'f1_score', 'f1', 'auc', 'roc_auc', 'r2', 'rmse', 'val_loss', 'loss']) if (keys.includes(k)) return k
  return keys[0] ?? null
}
