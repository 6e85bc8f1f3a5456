/** Delimiter and header detection on the first bytes of a CSV file. */
import { isMissingToken, parseNumber } from './cells'
import { CsvBatch, type Decoding } from './csvBatch'
import { CsvTokenizer } from './tokenizer'

export const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'] as const

/** Rows of a sample (for detection): decoded to strings, at most `max`. */
export function sampleRows(bytes: Buffer, delimiter: string, final: boolean, decoding: Decoding, max: number): string[][] {
  const t = new CsvTokenizer(delimiter.charCodeAt(0))
  t.feed(bytes, final)
  const b = new CsvBatch()
  b.load(t, 0, decoding)
  const out: string[][] = []
  for (let i = 0; i < Math.min(b.length, max); i++) {
    const row: string[] = []
    for (let j = 0; j < b.width(i); j++) row.push(b.text(i, j))
    out.push(row)
  }
  return out
}

/** Field counts of the first rows of a sample for one delimiter. */
export function widths(bytes: Buffer, delimiter: string, final: boolean, max: number): number[] {
  const t = new CsvTokenizer(delimiter.charCodeAt(0))
  try {
    t.feed(bytes, final)
  } catch {
    return []
  }
  const out: number[] = []
  for (let r = 0; r < Math.min(t.rows, max); r++) out.push(t.rowField[r + 1]! - t.rowField[r]!)
  return out
}

/**
 * The delimiter giving the same number (> 1) of fields on most sample rows; ties go to the most fields.
 * `single` when every candidate yields one column (then ',').
 */
export function detectDelimiter(sample: Buffer, final: boolean): { delimiter: string; single: boolean; fields: number } {
  let best = { delimiter: ',', single: true, fields: 1, score: 0 }
  for (const d of CANDIDATE_DELIMITERS) {
    const rows = widths(sample, d, final, 50)
    if (rows.length === 0) continue
    const counts = new Map<number, number>()
    for (const w of rows) counts.set(w, (counts.get(w) ?? 0) + 1)
    let mode = 1
    let modeCount = 0
    for (const [k, c] of counts) if (c > modeCount || (c === modeCount && k > mode)) [mode, modeCount] = [k, c]
    if (mode <= 1) continue
    const consistency = modeCount / rows.length
    const score = consistency * 1000 + Math.min(mode, 999)
    if (consistency >= 0.6 && score > best.score) best = { delimiter: d, single: false, fields: mode, score }
  }
  return { delimiter: best.delimiter, single: best.single, fields: best.fields }
}

const numericCell = (s: string | undefined): boolean => s !== undefined && !isMissingToken(s) && !Number.isNaN(parseNumber(s))

/**
 * A header when the first row has no number in it, or when a column that is numeric below has text in the
 * first row (e.g. `id,score` over numbers).
 */
export function detectHeader(rows: string[][]): boolean {
  if (rows.length === 0) return true
  const first = rows[0]!
  if (!first.some((c) => numericCell(c))) return true
  const body = rows.slice(1, 500)
  if (body.length === 0) return false
  for (let j = 0; j < first.length; j++) {
    if (numericCell(first[j]) || isMissingToken(first[j] ?? '')) continue
    let present = 0
    let numeric = 0
    for (const r of body) {
      const v = r[j]
      if (v === undefined || isMissingToken(v)) continue
      present++
      if (numericCell(v)) numeric++
    }
    if (present > 0 && numeric / present >= 0.9) return true
  }
  return false
}
