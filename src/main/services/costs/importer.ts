import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { AppError } from '../../../shared/errors'
import { CsvParser } from './csv'
import { dayOf, monthStart, parseDateTime } from './dates'
import { convertMoney, moneyProblem, parseMoney, type Money } from './money'

/** FOCUS columns the importer reads; everything named x_* is kept as well. */
export const FOCUS_COLUMNS = [
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ChargeCategory',
  'ServiceName',
  'ServiceCategory',
  'ResourceId',
  'ResourceName',
  'RegionId',
  'RegionName',
  'BillingAccountId',
  'SubAccountId',
  'SubAccountName',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ProviderName',
  'ServiceProviderName',
  'Tags'
] as const
export type FocusColumn = (typeof FOCUS_COLUMNS)[number]
export const REQUIRED_COLUMNS: FocusColumn[] = ['BilledCost', 'ChargePeriodStart']

export interface ImportFileOptions {
  file: string
  /** FOCUS column -> column of this file (non-FOCUS layouts). */
  mapping?: Record<string, string>
  /** Account name used when the file has no BillingAccountId. */
  defaultAccount: string
  /** The workspace's currency; rows in another currency need a rate. */
  currency: string | null
  /** 1 unit of the key currency = rate units of the workspace currency. */
  rates: Record<string, number>
  signal?: AbortSignal
  onProgress?: (p: { bytes: number; totalBytes: number; rows: number }) => void
  /** Receives the checked rows (STAGE_COLUMNS order) in batches of BATCH_ROWS. */
  onBatch: (rows: unknown[][]) => void
}

/** Rows per batch handed to onBatch; the stager writes each batch in its own short transaction. */
export const BATCH_ROWS = 2500

export interface StagedSummary {
  rows: number
  currency: string
  format: 'csv' | 'csv.gz' | 'parquet'
  bytes: number
}

const isNull = (v: unknown): boolean =>
  v === null || v === undefined || (typeof v === 'string' && (v === '' || v === 'NULL' || v === 'null' || v === 'NaN'))

export const STAGE_COLUMNS = [
  'account',
  'billing_period',
  'day',
  'charge_start',
  'charge_end',
  'billed_giga',
  'billed_units',
  'billed_nano',
  'effective_giga',
  'effective_units',
  'effective_nano',
  'list_giga',
  'list_units',
  'list_nano',
  'currency',
  'charge_category',
  'service',
  'service_category',
  'region',
  'sub_account',
  'sub_account_name',
  'resource_id',
  'resource_name',
  'consumed_qty',
  'consumed_unit',
  'provider',
  'tags',
  'extra'
] as const

const NO_MONEY = [null, null, null] as const

type Cell = string | number | bigint | boolean | Date | null | undefined | object

/** Reads one bill file (CSV, gzip CSV or Parquet), checking every cell, and hands its rows on in batches. */
export async function parseBill(opts: ImportFileOptions): Promise<StagedSummary> {
  const base = path.basename(opts.file)
  let stat: fs.Stats
  try {
    stat = fs.statSync(opts.file)
  } catch {
    throw new AppError('NOT_FOUND', `${opts.file}: file not found (in serve mode the path is on the server machine)`, 'path')
  }
  if (!stat.isFile()) throw new AppError('VALIDATION', `${opts.file}: not a file`, 'path')
  const head = Buffer.alloc(4)
  try {
    const fd = fs.openSync(opts.file, 'r')
    try {
      fs.readSync(fd, head, 0, 4, 0)
    } finally {
      fs.closeSync(fd)
    }
  } catch (err) {
    throw new AppError('VALIDATION', `${base}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'path')
  }
  const gz = head[0] === 0x1f && head[1] === 0x8b
  const parquet = head.toString('latin1') === 'PAR1'
  const format: StagedSummary['format'] = parquet ? 'parquet' : gz ? 'csv.gz' : 'csv'

  const flush = (batch: unknown[][]): void => opts.onBatch(batch)
  let batch: unknown[][] = []
  let rows = 0
  let currency = opts.currency
  let bytes = 0
  let lastProgress = 0
  let columnOf: Map<FocusColumn, string> | null = null
  let extraColumns: string[] = []

  const fail = (row: number, column: string, message: string): never => {
    throw new AppError('VALIDATION', `${base}: row ${row}, column ${column}: ${message}`, 'path')
  }

  const setHeader = (header: string[]): void => {
    const present = new Set(header)
    const lower = new Map(header.map((h) => [h.toLowerCase(), h]))
    columnOf = new Map()
    for (const col of FOCUS_COLUMNS) {
      const mapped = opts.mapping?.[col]
      if (mapped) {
        if (!present.has(mapped))
          throw new AppError(
            'VALIDATION',
            `${base}: the mapping names column "${mapped}" for ${col}, but the file has no such column (columns: ${header.join(', ')})`,
            'path'
          )
        columnOf.set(col, mapped)
      } else if (present.has(col)) columnOf.set(col, col)
      else if (lower.has(col.toLowerCase())) columnOf.set(col, lower.get(col.toLowerCase())!)
    }
    for (const req of REQUIRED_COLUMNS) {
      if (!columnOf.has(req)) {
        throw new AppError(
          'VALIDATION',
          `${base}: missing required column ${req}${opts.mapping ? ' (not in the file nor in the mapping)' : ''}; columns found: ${header.slice(0, 60).join(', ')}`,
          'path'
        )
      }
    }
    extraColumns = header.filter((h) => /^x_/i.test(h))
  }

  // per-row state read by the helpers below (hoisted so a million rows do not allocate a million closures)
  let get: (column: string) => Cell = () => null
  let rowNo = 0
  const dateCache = new Map<string, number | null>()
  const dayCache = new Map<number, string>()
  const parseDateCached = (text: string): number | null => {
    let t = dateCache.get(text)
    if (t === undefined) {
      if (dateCache.size > 50_000) dateCache.clear()
      t = parseDateTime(text)
      dateCache.set(text, t)
    }
    return t
  }
  const dayCached = (ms: number): string => {
    let d = dayCache.get(ms)
    if (d === undefined) {
      if (dayCache.size > 50_000) dayCache.clear()
      d = dayOf(ms)
      dayCache.set(ms, d)
    }
    return d
  }
  const colOf = (c: FocusColumn): string => columnOf!.get(c) ?? c
  let helpers!: {
    raw: (c: FocusColumn) => Cell
    text: (c: FocusColumn) => string | null
    money: (c: FocusColumn, required: boolean) => Money | null
    when: (c: FocusColumn, required: boolean) => number | null
  }
  {
    const raw = (c: FocusColumn): Cell => {
      const name = columnOf!.get(c)
      if (name === undefined) return null
      const v = get(name)
      return isNull(v) ? null : v
    }
    const text = (c: FocusColumn): string | null => {
      const v = raw(c)
      if (v === null || v === undefined) return null
      if (v instanceof Date) return v.toISOString()
      return typeof v === 'object' ? JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)) : String(v)
    }
    const money = (c: FocusColumn, required: boolean): Money | null => {
      const v = raw(c)
      if (v === null || v === undefined) {
        if (required) fail(rowNo, colOf(c), 'is empty; a cost is required')
        return null
      }
      const amount = parseMoney(typeof v === 'bigint' ? v.toString() : typeof v === 'number' ? v : String(v))
      if (amount === null) fail(rowNo, colOf(c), `"${String(v).slice(0, 40)}" ${moneyProblem(String(v))}`)
      return amount
    }
    const when = (c: FocusColumn, required: boolean): number | null => {
      const v = raw(c)
      if (v === null || v === undefined) {
        if (required) fail(rowNo, colOf(c), 'is empty; a date-time is required')
        return null
      }
      if (v instanceof Date) return v.getTime()
      const t = parseDateCached(String(v))
      if (t === null) fail(rowNo, colOf(c), `"${String(v).slice(0, 40)}" is not a date-time (use ISO 8601, YYYY-MM-DD HH:MM:SS or M/D/YY)`)
      return t
    }
    helpers = { raw, text, money, when }
  }
  const cols = { get: (c: FocusColumn): string | undefined => columnOf!.get(c) }

  const onRecord = (getCell: (column: string) => Cell, row: number): void => {
    get = getCell
    rowNo = row
    const { text, money, when } = helpers
    let billed = money('BilledCost', true)!
    let effective = money('EffectiveCost', false) ?? billed
    let list = money('ListCost', false)
    const start = when('ChargePeriodStart', true)!
    const end = when('ChargePeriodEnd', false)
    const periodStart = when('BillingPeriodStart', false)
    const rowCurrency = (text('BillingCurrency') ?? currency ?? 'USD').trim().toUpperCase()
    if (!/^[A-Z]{3}$/.test(rowCurrency))
      fail(rowNo, cols.get('BillingCurrency') ?? 'BillingCurrency', `"${rowCurrency}" is not a currency code`)
    if (currency === null) currency = rowCurrency
    if (rowCurrency !== currency) {
      const rate = opts.rates[rowCurrency]
      if (rate === undefined)
        fail(
          rowNo,
          cols.get('BillingCurrency') ?? 'BillingCurrency',
          `mixed currencies: ${rowCurrency} differs from ${currency} and no exchange rate for ${rowCurrency} was given`
        )
      const convert = (m: Money, c: FocusColumn): Money =>
        convertMoney(m, rate!) ?? fail(rowNo, colOf(c), `is beyond ±10^18 ${currency} once converted at ${rate}`)
      billed = convert(billed, 'BilledCost')
      effective = convert(effective, 'EffectiveCost')
      if (list !== null) list = convert(list, 'ListCost')
    }
    let tags = text('Tags')
    if (tags !== null) {
      try {
        const parsed = JSON.parse(tags) as unknown
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) fail(rowNo, cols.get('Tags')!, 'must be a JSON object')
        tags = Object.keys(parsed as object).length ? JSON.stringify(parsed) : null
      } catch (err) {
        if (err instanceof AppError) throw err
        fail(rowNo, cols.get('Tags')!, `is not valid JSON (${(err as Error).message.slice(0, 60)})`)
      }
    }
    let extra: string | null = null
    if (extraColumns.length) {
      const o: Record<string, unknown> = {}
      for (const x of extraColumns) {
        const v = get(x)
        if (!isNull(v)) o[x] = typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.toISOString() : v
      }
      if (Object.keys(o).length) extra = JSON.stringify(o)
    }
    const qtyText = text('ConsumedQuantity')
    let qty: number | null = null
    if (qtyText !== null) {
      qty = Number(qtyText)
      if (!Number.isFinite(qty)) fail(rowNo, cols.get('ConsumedQuantity')!, `"${qtyText.slice(0, 40)}" is not a number`)
    }
    const day = dayCached(start)
    const subAccount = text('SubAccountId') ?? ''
    batch.push([
      text('BillingAccountId') ?? (subAccount || opts.defaultAccount),
      periodStart !== null ? dayCached(periodStart) : monthStart(day),
      day,
      start,
      end,
      ...billed,
      ...effective,
      ...(list ?? NO_MONEY),
      currency,
      text('ChargeCategory') ?? 'Usage',
      text('ServiceName') ?? '(no service)',
      text('ServiceCategory') ?? 'Other',
      text('RegionId') ?? text('RegionName') ?? '(global)',
      subAccount,
      text('SubAccountName'),
      text('ResourceId'),
      text('ResourceName'),
      qty,
      text('ConsumedUnit'),
      text('ProviderName') ?? text('ServiceProviderName'),
      tags,
      extra
    ])
    rows++
    if (batch.length >= BATCH_ROWS) {
      flush(batch)
      batch = []
    }
  }

  const progress = (force = false): void => {
    const now = Date.now()
    if (!force && now - lastProgress < 150) return
    lastProgress = now
    opts.onProgress?.({ bytes, totalBytes: stat.size, rows })
  }

  const checkCancel = (): void => {
    if (opts.signal?.aborted) throw new AppError('CANCELLED', `${base}: import cancelled; nothing was imported`)
  }

  if (parquet) {
    const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await import('hyparquet')
    const file = await asyncBufferFromFile(opts.file)
    let meta
    try {
      meta = await parquetMetadataAsync(file)
    } catch (err) {
      throw new AppError('VALIDATION', `${base}: not a readable Parquet file (${(err as Error).message})`, 'path')
    }
    const total = Number(meta.num_rows)
    const header = meta.schema
      .slice(1)
      .filter((s) => !s.num_children || s.name === 'Tags')
      .map((s) => s.name)
    setHeader(header)
    const CHUNK = 20_000
    for (let startRow = 0; startRow < total; startRow += CHUNK) {
      checkCancel()
      const objs = (await parquetReadObjects({ file, rowStart: startRow, rowEnd: Math.min(total, startRow + CHUNK) })) as Record<
        string,
        Cell
      >[]
      objs.forEach((o, i) => onRecord((c) => o[c], startRow + i + 1))
      bytes = Math.round((stat.size * Math.min(total, startRow + CHUNK)) / Math.max(1, total))
      progress()
      await new Promise((r) => setImmediate(r))
    }
  } else {
    const input = fs.createReadStream(opts.file, { highWaterMark: 1 << 20 })
    input.on('data', (chunk) => {
      bytes += chunk.length
    })
    const text = gz ? input.pipe(zlib.createGunzip()) : input
    text.setEncoding('utf8')
    const parser = new CsvParser()
    let header: string[] | null = null
    let index: Map<string, number> = new Map()
    let rowNo = 0
    const onCsv = (record: string[]): void => {
      if (header === null) {
        header = record.map((h) => h.trim())
        index = new Map(header.map((h, i) => [h, i]))
        setHeader(header)
        return
      }
      rowNo++
      if (record.length !== header.length)
        throw new AppError('VALIDATION', `${base}: row ${rowNo}: has ${record.length} fields, the header has ${header.length}`, 'path')
      onRecord((c) => record[index.get(c)!], rowNo)
    }
    try {
      for await (const chunk of text as AsyncIterable<string>) {
        checkCancel()
        parser.push(chunk, onCsv)
        progress()
      }
      parser.end(onCsv)
    } catch (err) {
      input.destroy()
      if (err instanceof AppError) throw err
      const e = err as Error & { code?: string }
      if (e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR' || /incorrect header check|unexpected end/i.test(e.message))
        throw new AppError('VALIDATION', `${base}: not a valid gzip file (${e.message})`, 'path')
      throw new AppError('VALIDATION', `${base}: row ${rowNo + 1}: ${e.message}`, 'path')
    }
    if (header === null) throw new AppError('VALIDATION', `${base}: the file is empty (no header row)`, 'path')
  }
  checkCancel()
  if (batch.length) flush(batch)
  bytes = stat.size
  progress(true)
  return { rows, currency: currency ?? 'USD', format, bytes: stat.size }
}

/** The header row of a CSV (for the column-mapping editor). */
export async function readHeader(file: string): Promise<string[]> {
  const head = Buffer.alloc(4)
  try {
    if (!fs.statSync(file).isFile()) throw new AppError('VALIDATION', `${file}: not a file`, 'path')
    const fd = fs.openSync(file, 'r')
    try {
      fs.readSync(fd, head, 0, 4, 0)
    } finally {
      fs.closeSync(fd)
    }
  } catch (err) {
    if (err instanceof AppError) throw err
    throw new AppError('NOT_FOUND', `${file}: file not found or not readable (in serve mode the path is on the server machine)`, 'path')
  }
  if (head.toString('latin1') === 'PAR1') {
    const { asyncBufferFromFile, parquetMetadataAsync } = await import('hyparquet')
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(file))
    return meta.schema.slice(1).map((s) => s.name)
  }
  const input = fs.createReadStream(file, { highWaterMark: 64 * 1024 })
  const gz = head[0] === 0x1f && head[1] === 0x8b
  const text = gz ? input.pipe(zlib.createGunzip()) : input
  text.setEncoding('utf8')
  const parser = new CsvParser()
  let header: string[] | null = null
  try {
    for await (const chunk of text as AsyncIterable<string>) {
      parser.push(chunk, (r) => {
        header ??= r
      })
      if (header) break
    }
    if (!header) parser.end((r) => (header ??= r))
  } catch (err) {
    throw new AppError('VALIDATION', `${path.basename(file)}: cannot read the header (${(err as Error).message})`, 'path')
  } finally {
    input.destroy()
  }
  return (header ?? ([] as string[])).map((h: string) => h.trim())
}
