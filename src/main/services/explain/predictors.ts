/**
 * What model-agnostic SHAP can ask for predictions:
 *  - an HTTP endpoint the user configured: POST {"columns": [...], "rows": [[...], ...]} as JSON (missing values as
 *    null) → {"predictions": [...]} or a bare array; one number per row, or an array of numbers (one per output).
 *    Redirects are refused, so the console calls only the configured address.
 *  - a predictions-file-per-batch protocol in a folder: the console writes batch-000001.csv (a header with the
 *    feature names, one row per perturbed input) and waits for batch-000001.predictions.csv with one line per row
 *    (comma-separated numbers when the model has several outputs; a non-numeric first line is a header).
 *  - a tree model read by the console (checks, and explaining a tree model the agnostic way).
 */
import fs from 'node:fs'
import path from 'node:path'
import { openCsv } from '../../core/files/csv'
import { sleep } from '../../core/sleep'
import type { BatchPredictor } from './shap/masked'
import { predictMargin, prepareRow } from './model/predict'
import type { TreeModel } from './model/types'

export class PredictorError extends Error {
  override name = 'PredictorError'
}

/** Turns one answer per row (a number or an array of numbers) into n × K values. */
export function predictionsOf(list: unknown, n: number, where: string): { values: Float64Array; outputs: number } {
  if (!Array.isArray(list)) throw new PredictorError(`${where}: expected an array of predictions`)
  if (list.length !== n) throw new PredictorError(`${where}: ${list.length} predictions for ${n} rows`)
  const first = list[0]
  const K = Array.isArray(first) ? first.length : 1
  if (K < 1) throw new PredictorError(`${where}: an empty prediction`)
  const values = new Float64Array(n * K)
  list.forEach((p, i) => {
    const arr = Array.isArray(p) ? p : [p]
    if (arr.length !== K) throw new PredictorError(`${where}: row ${i} has ${arr.length} outputs, row 0 has ${K}`)
    arr.forEach((v, k) => {
      const num = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
      if (!Number.isFinite(num)) throw new PredictorError(`${where}: row ${i} output ${k} is not a number (${JSON.stringify(v)})`)
      values[i * K + k] = num
    })
  })
  return { values, outputs: K }
}

export interface HttpPredictorOptions {
  url: string
  columns: string[]
  /** Rows per request (default 5,000). */
  batchRows?: number
  timeoutMs?: number
  headers?: Record<string, string>
}

export function httpPredictor(o: HttpPredictorOptions): BatchPredictor {
  const M = o.columns.length
  const per = Math.max(1, o.batchRows ?? 5000)
  return {
    async predict(rows, n, signal) {
      const parts: Float64Array[] = []
      let K = 0
      for (let start = 0; start < n; start += per) {
        const end = Math.min(n, start + per)
        const body: (number | null)[][] = []
        for (let i = start; i < end; i++) body.push(Array.from(rows.subarray(i * M, (i + 1) * M), (v) => (Number.isNaN(v) ? null : v)))
        const timeout = AbortSignal.timeout(o.timeoutMs ?? 60_000)
        let res: Response
        try {
          res = await fetch(o.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json', ...(o.headers ?? {}) },
            body: JSON.stringify({ columns: o.columns, rows: body }),
            redirect: 'error',
            signal: signal ? AbortSignal.any([signal, timeout]) : timeout
          })
        } catch (err) {
          if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
          throw new PredictorError(`${o.url}: ${timeout.aborted ? 'no answer in time' : (err as Error).message}`)
        }
        if (!res.ok) throw new PredictorError(`${o.url} answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`)
        let json: unknown
        try {
          json = await res.json()
        } catch {
          throw new PredictorError(`${o.url} did not answer JSON`)
        }
        const list = Array.isArray(json) ? json : (json as { predictions?: unknown } | null)?.predictions
        const got = predictionsOf(list, end - start, o.url)
        if (K && got.outputs !== K) throw new PredictorError(`${o.url}: ${got.outputs} outputs in one batch, ${K} in another`)
        K = got.outputs
        parts.push(got.values)
      }
      const values = new Float64Array(n * K)
      let at = 0
      for (const p of parts) {
        values.set(p, at)
        at += p.length
      }
      return { values, outputs: K }
    }
  }
}

export interface FilePredictorOptions {
  dir: string
  columns: string[]
  /** How long to wait for one batch's predictions (default 10 minutes). */
  timeoutMs?: number
  pollMs?: number
  /** Called while waiting, e.g. to show "waiting for batch-000003.predictions.csv". */
  waiting?: (file: string) => void
}

const csvCell = (v: number): string => (Number.isNaN(v) ? '' : String(v))
const csvName = (c: string): string => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)

/** The rows of a predictions file so far (shared CSV reader: any delimiter, quoting, BOM); a non-numeric first line is a header. */
async function predictionLines(file: string): Promise<string[][]> {
  const rows: string[][] = []
  try {
    for await (const b of await openCsv(file, { header: false })) {
      for (let i = 0; i < b.length; i++) rows.push(Array.from({ length: b.width(i) }, (_, j) => b.text(i, j)))
    }
  } catch (err) {
    throw new PredictorError((err as Error).message)
  }
  const first = rows[0]?.[0] ?? ''
  if (rows.length && !/^[\s\d.eE+-]/.test(first) && !/^(nan|inf)/i.test(first)) rows.shift()
  return rows
}

export function filePredictor(o: FilePredictorOptions): BatchPredictor {
  const M = o.columns.length
  let batch = 0
  return {
    async predict(rows, n, signal) {
      batch++
      const base = `batch-${String(batch).padStart(6, '0')}`
      const input = path.join(o.dir, `${base}.csv`)
      const output = path.join(o.dir, `${base}.predictions.csv`)
      const lines = [o.columns.map(csvName).join(',')]
      for (let i = 0; i < n; i++) lines.push(Array.from(rows.subarray(i * M, (i + 1) * M), csvCell).join(','))
      fs.writeFileSync(`${input}.tmp`, lines.join('\n') + '\n')
      fs.renameSync(`${input}.tmp`, input) // whoever watches the folder never sees half a batch
      o.waiting?.(path.basename(output))
      const deadline = Date.now() + (o.timeoutMs ?? 600_000)
      for (;;) {
        if (fs.existsSync(output) && fs.statSync(output).size > 0) {
          const got = await predictionLines(output)
          if (got.length >= n) {
            const parsed = predictionsOf(
              got.slice(0, n).map((l) => (l.length === 1 ? l[0] : l)),
              n,
              path.basename(output)
            )
            fs.rmSync(input, { force: true })
            fs.rmSync(output, { force: true })
            return parsed
          }
        }
        if (Date.now() > deadline) throw new PredictorError(`no complete ${path.basename(output)} (${n} lines) in ${o.dir} in time`)
        await sleep(o.pollMs ?? 200, signal)
      }
    }
  }
}

/** A tree model as a predictor of margins. */
export function treePredictor(m: TreeModel): BatchPredictor {
  const M = m.features.length
  return {
    predict(rows, n) {
      const K = m.outputs
      const values = new Float64Array(n * K)
      const x = new Float64Array(M)
      const out = new Float64Array(K)
      for (let i = 0; i < n; i++) {
        prepareRow(m, rows.subarray(i * M, (i + 1) * M), x)
        predictMargin(m, x, out)
        values.set(out, i * K)
      }
      return Promise.resolve({ values, outputs: K })
    }
  }
}
