/** The optimisation area's file reading, over the shared readers of src/main/core/files. */
import fs from 'node:fs'
import { invalid } from '../../../shared/errors'
import { readTextTable } from '../../core/files/textTable'

export interface LatencySample {
  version: string
  batch: number
  ms: number
}

/** Per-call latencies: a CSV (or Parquet) with the columns version, batch_size, latency_ms (one row per call). */
export async function readLatencies(file: string, field: string): Promise<LatencySample[]> {
  const table = await readTextTable(file, { field, maxBytes: 512 * 1024 * 1024 })
  const head = table.columns.map((h) => h.toLowerCase())
  const col = (name: string): number => {
    const i = head.indexOf(name)
    if (i < 0) throw invalid(field, `${file} has no "${name}" column (it needs version, batch_size, latency_ms)`)
    return i
  }
  const [v, b, l] = [col('version'), col('batch_size'), col('latency_ms')]
  return table.rows.map((r, i) => {
    const batch = Number(r[b])
    const ms = Number(r[l])
    if (!Number.isInteger(batch) || batch < 1)
      throw invalid(field, `${file} row ${i + 2}: batch_size "${r[b]}" is not a positive whole number`)
    if (!Number.isFinite(ms) || ms < 0) throw invalid(field, `${file} row ${i + 2}: latency_ms "${r[l]}" is not a number of milliseconds`)
    return { version: r[v] ?? '', batch, ms }
  })
}

/** Bytes of a file, or of every file under a folder. */
export function sizeOf(p: string): number {
  const st = fs.statSync(p)
  if (!st.isDirectory()) return st.size
  return fs.readdirSync(p).reduce((s, f) => s + sizeOf(`${p}/${f}`), 0)
}
