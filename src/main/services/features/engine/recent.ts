/**
 * Recent values of a view's features, as a CSV a drift check can compare with a training set: the rows with event_ts in
 * (anchor − days, anchor], anchor = the latest event timestamp of the source (two passes: bounded memory).
 */
import fs from 'node:fs'
import type { FeatureType } from '../../../../shared/contract/features'
import { readColumns, type Progress, type SourceFiles } from '../files'
import { toInstant, toNumber, toText } from '../values'
import { csvCell } from './output'

export interface RecentRequest {
  source: SourceFiles
  timestampField: string
  /** `column` names the CSV column (as in the training set). */
  features: { name: string; type: FeatureType; column: string }[]
  days: number
  out: string
}

export interface RecentOutcome {
  rows: number
  from: number
  to: number
}

function text(v: unknown, type: FeatureType): string {
  if (type === 'string') return csvCell(toText(v) ?? '')
  const n = toNumber(v, type)
  if (Number.isNaN(n)) return ''
  return type === 'bool' ? (n ? 'true' : 'false') : String(n)
}

export async function exportRecent(req: RecentRequest, progress: Progress, signal?: AbortSignal): Promise<RecentOutcome> {
  let to = -Infinity
  await readColumns(
    req.source,
    [req.timestampField],
    (cols, n) => {
      for (let i = 0; i < n; i++) {
        const t = toInstant(cols[0]![i])
        if (t !== null && t > to) to = t
      }
    },
    { signal, progress, label: 'finding the latest event in' }
  )
  if (!Number.isFinite(to)) to = 0
  const from = to - req.days * 86_400_000
  const fd = fs.openSync(req.out, 'w')
  let rows = 0
  try {
    fs.writeSync(fd, req.features.map((f) => csvCell(f.column)).join(',') + '\n')
    await readColumns(
      req.source,
      [req.timestampField, ...req.features.map((f) => f.name)],
      (cols, n) => {
        const lines: string[] = []
        for (let i = 0; i < n; i++) {
          const t = toInstant(cols[0]![i])
          if (t === null || t <= from || t > to) continue
          lines.push(req.features.map((f, j) => text(cols[j + 1]![i], f.type)).join(','))
        }
        if (lines.length) fs.writeSync(fd, lines.join('\n') + '\n')
        rows += lines.length
      },
      { signal, progress, label: 'exporting recent values of' }
    )
  } finally {
    fs.closeSync(fd)
  }
  return { rows, from, to }
}
