import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { AppError } from '../../../shared/errors'
import { SeriesBuilder, type Series } from './series'
import { cellPlace, fileError } from '../../core/files/table'
import { openModelTable } from './tabular'
import type { ParseContext, ParsedRun } from './types'

/**
 * Plain metric tables (CSV or JSON) as runs.
 * - long CSV: columns run, metric (or key), value, optional step and timestamp: one row per point;
 * - wide CSV: a run column (run, run_name or name) and one numeric column per metric; `step` optional;
 *   columns starting with `param.` or `tag.` become params or tags;
 * - JSON: an array of such row objects, or { runs: [{ name, metrics: { key: number | [{ step, value, timestamp? }] }, params, tags }] }.
 */
export async function parseTableFile(file: string, ctx: ParseContext, now: number): Promise<ParsedRun[]> {
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `${file} does not exist on the machine running the console`, 'path')
  const ext = path.extname(file).toLowerCase()
  if (ext === '.json') {
    const text = fs.readFileSync(file, 'utf8')
    let doc: unknown
    try {
      doc = JSON.parse(text)
    } catch (err) {
      throw new AppError('VALIDATION', `${file} is not valid JSON: ${(err as Error).message}`, 'path')
    }
    if (Array.isArray(doc)) return fromJsonRows(doc as Record<string, unknown>[], file, ctx, now)
    if (doc && typeof doc === 'object' && Array.isArray((doc as { runs?: unknown }).runs))
      return fromRunObjects((doc as { runs: unknown[] }).runs, file, ctx, now)
    throw new AppError('VALIDATION', `${file}: expected an array of rows or an object with "runs"`, 'path')
  }
  // CSV (plain or .gz) or Parquet, streamed
  const reader = await openModelTable(file)
  const width = reader.rawHeader.length
  const runs = new RowsToRuns(reader.rawHeader, file, ctx, now)
  for await (const b of reader)
    for (let i = 0; i < b.length; i++) {
      if (reader.format !== 'parquet' && b.width(i) !== width)
        throw fileError(file, `${cellPlace(b.rowNumber(i), null)} has ${b.width(i)} fields, the header has ${width}`)
      runs.add(b.rowNumber(i), (j) => b.text(i, j))
    }
  return runs.finish()
}

function fromJsonRows(rows: Record<string, unknown>[], file: string, ctx: ParseContext, now: number): ParsedRun[] {
  const columns: string[] = []
  for (const r of rows) {
    if (!r || typeof r !== 'object') throw new AppError('VALIDATION', `${file}: every row must be an object`, 'path')
    for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k)
  }
  const runs = new RowsToRuns(columns, file, ctx, now)
  rows.forEach((r, i) => {
    const cell = (j: number): string => {
      const v = r[columns[j]!]
      return v === null || v === undefined ? '' : String(v)
    }
    runs.add(i + 2, cell)
  })
  return runs.finish()
}

const num = (s: string): number => {
  const t = s.trim().toLowerCase()
  if (t === 'nan') return NaN
  if (t === 'inf' || t === 'infinity') return Infinity
  if (t === '-inf' || t === '-infinity') return -Infinity
  return t === '' ? NaN : Number(t)
}

interface Acc {
  name: string
  metrics: Map<string, SeriesBuilder>
  params: Map<string, string>
  tags: Map<string, string>
}

function finish(file: string, accs: Map<string, Acc>, ctx: ParseContext, now: number): ParsedRun[] {
  return [...accs.values()].map((a) => {
    const metrics = new Map<string, Series>()
    for (const [k, b] of a.metrics) metrics.set(k, b.build())
    const h = crypto.createHash('sha256')
    for (const [k, s] of metrics)
      h.update(
        `${k}\0${Buffer.from(s.values.buffer, s.values.byteOffset, s.values.byteLength).toString('base64')}\0${Buffer.from(s.steps.buffer, s.steps.byteOffset, s.steps.byteLength).toString('base64')}`
      )
    for (const [k, v] of a.params) h.update(`p${k}\0${v}`)
    for (const [k, v] of a.tags) h.update(`t${k}\0${v}`)
    const runUuid = `table:${crypto
      .createHash('sha1')
      .update(`${path.resolve(file)}\0${a.name}`)
      .digest('hex')
      .slice(0, 24)}`
    void ctx
    return {
      runUuid,
      experimentExternalId: path.resolve(file),
      name: a.name,
      status: 'FINISHED',
      startTime: null,
      endTime: null,
      userId: null,
      artifactUri: null,
      lifecycleStage: 'active',
      params: a.params,
      tags: a.tags,
      metrics,
      contentHash: h.digest('hex'),
      ...(now ? {} : {})
    }
  })
}

function acc(accs: Map<string, Acc>, name: string): Acc {
  let a = accs.get(name)
  if (!a) {
    a = { name, metrics: new Map(), params: new Map(), tags: new Map() }
    accs.set(name, a)
  }
  return a
}

/**
 * Rows of a metric table (long: run, metric, value[, step, timestamp]; or wide: run and one column per metric, param.*,
 * tag.*) accumulated into runs, one row at a time. `row` is the row as a spreadsheet numbers it (header = 1).
 */
class RowsToRuns {
  private readonly accs = new Map<string, Acc>()
  private nonFinite = 0
  private readonly runCol: number
  private readonly stepCol: number
  private readonly tsCol: number
  private readonly keyCol: number | undefined
  private readonly valueCol: number

  constructor(
    private readonly columns: string[],
    private readonly file: string,
    private readonly ctx: ParseContext,
    private readonly now: number
  ) {
    const lower = columns.map((c) => c.toLowerCase())
    const runCol = ['run', 'run_name', 'name', 'run_id'].map((c) => lower.indexOf(c)).find((i) => i >= 0)
    if (runCol === undefined)
      throw new AppError(
        'VALIDATION',
        `${file}: needs a column naming the run (run, run_name, name or run_id); columns: ${columns.join(', ')}`,
        'path'
      )
    this.runCol = runCol
    this.stepCol = lower.indexOf('step')
    this.tsCol = lower.indexOf('timestamp')
    this.keyCol = ['metric', 'key'].map((c) => lower.indexOf(c)).find((i) => i >= 0)
    this.valueCol = lower.indexOf('value')
  }

  add(line: number, get: (j: number) => string): void {
    const { file, ctx, columns, runCol, stepCol, tsCol, keyCol, valueCol } = this
    const cell = (j: number): string => get(j).trim()
    const name = cell(runCol)
    if (!name) {
      ctx.skip(`${file}:${line}`, 'the run cell is empty')
      return
    }
    const a = acc(this.accs, name)
    const step = stepCol >= 0 && cell(stepCol) !== '' ? Number(cell(stepCol)) : 0
    const ts = tsCol >= 0 && cell(tsCol) !== '' ? Number(cell(tsCol)) : this.now
    if (!Number.isInteger(step) || !Number.isFinite(ts)) {
      ctx.skip(`${file}:${line}`, 'step must be an integer and timestamp a number (epoch ms)')
      return
    }
    const add = (key: string, raw: string): void => {
      const v = num(raw)
      if (Number.isNaN(v) && raw.trim().toLowerCase() !== 'nan') {
        if (raw.trim() !== '') ctx.skip(`${file}:${line}`, `"${key}" value "${raw.slice(0, 40)}" is not a number`)
        return
      }
      if (!Number.isFinite(v)) this.nonFinite++
      let b = a.metrics.get(key)
      if (!b) a.metrics.set(key, (b = new SeriesBuilder(8)))
      b.push(ts, v, step)
    }
    if (keyCol !== undefined && valueCol >= 0) {
      add(cell(keyCol), cell(valueCol))
      return
    }
    columns.forEach((c, j) => {
      if (j === runCol || j === stepCol || j === tsCol) return
      const v = cell(j)
      if (c.startsWith('param.')) a.params.set(c.slice(6), v)
      else if (c.startsWith('tag.')) a.tags.set(c.slice(4), v)
      else add(c, v)
    })
  }

  finish(): ParsedRun[] {
    if (this.nonFinite)
      this.ctx.warn(
        `${this.file}: ${this.nonFinite} NaN or infinite value(s) kept in the histories, shown as gaps and left out of comparisons`
      )
    return finish(this.file, this.accs, this.ctx, this.now)
  }
}

function fromRunObjects(runs: unknown[], file: string, ctx: ParseContext, now: number): ParsedRun[] {
  const accs = new Map<string, Acc>()
  runs.forEach((r, i) => {
    const o = r as { name?: unknown; metrics?: unknown; params?: unknown; tags?: unknown }
    if (!o || typeof o !== 'object' || typeof o.name !== 'string' || !o.name.trim()) {
      ctx.skip(`${file}: runs[${i}]`, 'each run needs a non-empty "name"')
      return
    }
    const a = acc(accs, o.name.trim())
    for (const [k, v] of Object.entries((o.params ?? {}) as Record<string, unknown>)) a.params.set(k, String(v))
    for (const [k, v] of Object.entries((o.tags ?? {}) as Record<string, unknown>)) a.tags.set(k, String(v))
    for (const [k, v] of Object.entries((o.metrics ?? {}) as Record<string, unknown>)) {
      const b = new SeriesBuilder(8)
      const points = Array.isArray(v) ? v : [{ step: 0, value: v }]
      for (const p of points as { step?: unknown; value?: unknown; timestamp?: unknown }[]) {
        const value = typeof p.value === 'number' ? p.value : typeof p.value === 'string' ? num(p.value) : NaN
        const step = Number(p.step ?? 0)
        if (!Number.isInteger(step) || (Number.isNaN(value) && String(p.value).toLowerCase() !== 'nan')) {
          ctx.skip(`${file}: runs[${i}].metrics.${k}`, `point ${JSON.stringify(p).slice(0, 60)} needs an integer step and a numeric value`)
          continue
        }
        b.push(Number(p.timestamp ?? now), value, step)
      }
      a.metrics.set(k, b)
    }
  })
  return finish(file, accs, ctx, now)
}
