import path from 'node:path'
import { AppError } from '../../../shared/errors'
import { openCsv } from '../../core/files/csv'
import { openParquet } from '../../core/files/parquet'
import { probeFile } from '../../core/files/source'
import { cellPlace, fileError, type RowBatch, type TableReader } from '../../core/files/table'
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
  /**
   * Receives the checked rows (STAGE_COLUMNS order) in batches of up to BATCH_ROWS; the arrays are reused for the
   * next batch, so copy what you keep.
   */
  onBatch: (rows: unknown[][], count: number) => void | Promise<void>
}

/** Rows per batch handed to onBatch; the stager writes each batch in its own short transaction. */
export const BATCH_ROWS = 2500

export interface StagedSummary {
  rows: number
  currency: string
  format: 'csv' | 'csv.gz' | 'parquet'
  bytes: number
}

/** Cells FOCUS files use for "no value". */
const isNullText = (v: string): boolean => v === '' || v === 'NULL' || v === 'null' || v === 'NaN'

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

/** Position of each staged column in a row. */
export const C = Object.fromEntries(STAGE_COLUMNS.map((c, i) => [c, i])) as Record<(typeof STAGE_COLUMNS)[number], number>

/** An amount's three limbs into a staged row at `at` (nulls for no amount). */
function putMoney(r: unknown[], at: number, m: Money | null): void {
  r[at] = m === null ? null : m[0]
  r[at + 1] = m === null ? null : m[1]
  r[at + 2] = m === null ? null : m[2]
}

/** A cell as text for a text column: strings as they are, dates as ISO-8601, objects as JSON (bigints as digits). */
function textOf(v: unknown): string {
  if (typeof v === 'string') return v
  if (v instanceof Date) return v.toISOString()
  if (typeof v === 'object') return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))
  return String(v)
}

/** Small caches of converted cells (dates and tag sets repeat a lot in bills). */
function cached<K, T>(convert: (key: K) => T, limit = 50_000): (key: K) => T {
  const m = new Map<K, T>()
  return (key) => {
    let v = m.get(key)
    if (v === undefined && !m.has(key)) {
      if (m.size >= limit) m.clear()
      v = convert(key)
      m.set(key, v)
    }
    return v as T
  }
}

/** Tags cell → canonical JSON object text, null when empty; throws a message when it is no JSON object. */
function normalizeTags(text: string): string | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new Error(`is not valid JSON (${(err as Error).message.slice(0, 60)})`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('must be a JSON object')
  return Object.keys(parsed).length ? JSON.stringify(parsed) : null
}

/** Reads one bill file (CSV, gzip CSV or Parquet), checking every cell, and hands its rows on in batches. */
export async function parseBill(opts: ImportFileOptions): Promise<StagedSummary> {
  const base = path.basename(opts.file)
  const { size, magic } = probeFile(opts.file)
  const parquet = magic === 'parquet'
  let reader: TableReader = parquet ? await openParquet(opts.file) : await openCsv(opts.file, { header: true })
  const header = parquet ? (reader as Awaited<ReturnType<typeof openParquet>>).fileColumns : reader.rawHeader
  const columnOf = resolveColumns(header, base, opts.mapping)
  const extraColumns = header.filter((h) => /^x_/i.test(h))
  if (parquet) {
    // read only the columns used
    await reader.close()
    reader = await openParquet(opts.file, { columns: [...new Set([...columnOf.values(), ...extraColumns])] })
  }
  const names = reader.columns
  /** Position in the batches of a FOCUS column (-1: not in the file). */
  const at = (c: FocusColumn): number => (columnOf.has(c) ? names.indexOf(columnOf.get(c)!) : -1)
  /** The column as the user sees it: number in the file, and name. */
  const place = (row: number, j: number): string => {
    const name = names[j]!
    return cellPlace(row, header.indexOf(name) + 1, name)
  }
  const fail = (row: number, j: number, message: string): never => {
    throw fileError(opts.file, `${place(row, j)}: ${message}`)
  }

  const I = {
    billed: at('BilledCost'),
    effective: at('EffectiveCost'),
    list: at('ListCost'),
    currency: at('BillingCurrency'),
    periodStart: at('BillingPeriodStart'),
    start: at('ChargePeriodStart'),
    end: at('ChargePeriodEnd'),
    category: at('ChargeCategory'),
    service: at('ServiceName'),
    serviceCategory: at('ServiceCategory'),
    resourceId: at('ResourceId'),
    resourceName: at('ResourceName'),
    regionId: at('RegionId'),
    regionName: at('RegionName'),
    account: at('BillingAccountId'),
    subAccount: at('SubAccountId'),
    subAccountName: at('SubAccountName'),
    qty: at('ConsumedQuantity'),
    unit: at('ConsumedUnit'),
    provider: at('ProviderName'),
    serviceProvider: at('ServiceProviderName'),
    tags: at('Tags')
  }
  const extras = extraColumns.map((x) => ({ index: names.indexOf(x), key: JSON.stringify(x) }))

  const parseDate = cached(parseDateTime)
  const day = cached(dayOf)
  const tagsOf = cached((text: string): string | Error => {
    try {
      return normalizeTags(text) ?? ''
    } catch (err) {
      return err as Error
    }
  }, 10_000)

  let b!: RowBatch
  let i = 0
  /** The cell as a value, or null when empty / a null literal. */
  /** The cell, or null when empty / a null literal: text for CSV, typed values for Parquet. */
  const raw = parquet
    ? (j: number): unknown => {
        if (j < 0) return null
        const v = b.value(i, j)
        return v === null || (typeof v === 'string' && isNullText(v)) ? null : v
      }
    : (j: number): string | null => {
        if (j < 0) return null
        const t = b.text(i, j)
        return isNullText(t) ? null : t
      }
  const text = parquet
    ? (j: number): string | null => {
        const v = raw(j)
        return v === null ? null : textOf(v)
      }
    : (raw as (j: number) => string | null)
  // the last text and amount of each money column: repeated amounts (0, list = billed) are parsed once
  const lastText = [null, null, null] as unknown[]
  const lastMoney: (Money | null)[] = [null, null, null]
  const money = (j: number, slot: number, required: boolean): Money | null => {
    const v = raw(j)
    if (v === null) {
      if (required) fail(b.rowNumber(i), j, 'is empty; a cost is required')
      return null
    }
    if (v === lastText[slot]) return lastMoney[slot]!
    const amount = parseMoney(typeof v === 'bigint' ? v.toString() : typeof v === 'number' ? v : String(v))
    if (amount === null) fail(b.rowNumber(i), j, `"${String(v).slice(0, 40)}" ${moneyProblem(String(v))}`)
    lastText[slot] = v
    lastMoney[slot] = amount
    return amount
  }
  const when = (j: number, required: boolean): number | null => {
    const v = raw(j)
    if (v === null) {
      if (required) fail(b.rowNumber(i), j, 'is empty; a date-time is required')
      return null
    }
    if (v instanceof Date) return v.getTime()
    const t = parseDate(String(v))
    if (t === null) fail(b.rowNumber(i), j, `"${String(v).slice(0, 40)}" is not a date-time (use ISO 8601, YYYY-MM-DD HH:MM:SS or M/D/YY)`)
    return t
  }

  let currency = opts.currency
  let rows = 0
  let lastProgress = 0
  const width = names.length
  const out: unknown[][] = Array.from({ length: BATCH_ROWS }, () => new Array<unknown>(STAGE_COLUMNS.length))
  let n = 0
  const flush = async (): Promise<void> => {
    if (n) await opts.onBatch(out, n)
    n = 0
  }
  const progress = (force = false): void => {
    const now = Date.now()
    if (!force && now - lastProgress < 150) return
    lastProgress = now
    opts.onProgress?.({ bytes: reader.bytesRead, totalBytes: size, rows })
  }
  const checkCancel = (): void => {
    if (opts.signal?.aborted) throw new AppError('CANCELLED', `${base}: import cancelled; nothing was imported`)
  }

  const convertRow = (): void => {
    if (!parquet && b.width(i) !== width)
      throw fileError(opts.file, `${cellPlace(b.rowNumber(i), null)}: has ${b.width(i)} fields, the header has ${width}`)
    let billed = money(I.billed, 0, true)!
    let effective = money(I.effective, 1, false) ?? billed
    let list = money(I.list, 2, false)
    const start = when(I.start, true)!
    const end = when(I.end, false)
    const periodStart = when(I.periodStart, false)
    const cur = text(I.currency)
    const rowCurrency = cur === null ? (currency ?? 'USD') : cur.length === 3 && cur === currency ? cur : cur.trim().toUpperCase()
    if (rowCurrency !== currency) {
      if (!/^[A-Z]{3}$/.test(rowCurrency)) fail(b.rowNumber(i), I.currency, `"${rowCurrency}" is not a currency code`)
      if (currency === null) currency = rowCurrency
      else {
        const rate = opts.rates[rowCurrency]
        if (rate === undefined)
          fail(
            b.rowNumber(i),
            I.currency,
            `mixed currencies: ${rowCurrency} differs from ${currency} and no exchange rate for ${rowCurrency} was given`
          )
        const convert = (m: Money, j: number): Money =>
          convertMoney(m, rate!) ?? fail(b.rowNumber(i), j, `is beyond ±10^18 ${currency} once converted at ${rate}`)
        billed = convert(billed, I.billed)
        effective = convert(effective, I.effective >= 0 ? I.effective : I.billed)
        if (list !== null) list = convert(list, I.list)
      }
    }
    let tags: string | null = null
    const tagText = text(I.tags)
    if (tagText !== null) {
      const t = tagsOf(tagText)
      if (t instanceof Error) fail(b.rowNumber(i), I.tags, t.message)
      tags = (t as string) || null
    }
    let extra: string | null = null
    for (const x of extras) {
      const v = raw(x.index)
      if (v === null) continue
      const json = JSON.stringify(typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.toISOString() : v)
      extra = extra === null ? `{${x.key}:${json}` : `${extra},${x.key}:${json}`
    }
    if (extra !== null) extra += '}'
    const qtyText = text(I.qty)
    let qty: number | null = null
    if (qtyText !== null) {
      qty = I.qty >= 0 && !parquet ? b.number(i, I.qty) : Number(qtyText)
      if (!Number.isFinite(qty)) fail(b.rowNumber(i), I.qty, `"${qtyText.slice(0, 40)}" is not a number`)
    }
    const d = day(start)
    const subAccount = text(I.subAccount) ?? ''
    const r = out[n++]!
    r[C.account] = text(I.account) ?? (subAccount || opts.defaultAccount)
    r[C.billing_period] = periodStart !== null ? day(periodStart) : monthStart(d)
    r[C.day] = d
    r[C.charge_start] = start
    r[C.charge_end] = end
    putMoney(r, C.billed_giga, billed)
    putMoney(r, C.effective_giga, effective)
    putMoney(r, C.list_giga, list)
    r[C.currency] = currency ?? rowCurrency
    r[C.charge_category] = text(I.category) ?? 'Usage'
    r[C.service] = text(I.service) ?? '(no service)'
    r[C.service_category] = text(I.serviceCategory) ?? 'Other'
    r[C.region] = text(I.regionId) ?? text(I.regionName) ?? '(global)'
    r[C.sub_account] = subAccount
    r[C.sub_account_name] = text(I.subAccountName)
    r[C.resource_id] = text(I.resourceId)
    r[C.resource_name] = text(I.resourceName)
    r[C.consumed_qty] = qty
    r[C.consumed_unit] = text(I.unit)
    r[C.provider] = text(I.provider) ?? text(I.serviceProvider)
    r[C.tags] = tags
    r[C.extra] = extra
    rows++
  }

  try {
    for await (const batch of reader) {
      checkCancel()
      b = batch
      for (i = 0; i < b.length; i++) {
        convertRow()
        if (n === BATCH_ROWS) await flush()
      }
      progress()
      if (parquet) await new Promise((r) => setImmediate(r))
    }
  } finally {
    await reader.close()
  }
  checkCancel()
  await flush()
  progress(true)
  return { rows, currency: currency ?? 'USD', format: reader.format, bytes: size }
}

/** FOCUS column → column of the file: the mapping, else the same name (any case); required columns must be there. */
function resolveColumns(header: string[], base: string, mapping: Record<string, string> | undefined): Map<FocusColumn, string> {
  const present = new Set(header)
  const lower = new Map(header.map((h) => [h.toLowerCase(), h]))
  const columnOf = new Map<FocusColumn, string>()
  for (const col of FOCUS_COLUMNS) {
    const mapped = mapping?.[col]
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
        `${base}: missing required column ${req}${mapping ? ' (not in the file nor in the mapping)' : ''}; columns found: ${header.slice(0, 60).join(', ')}`,
        'path'
      )
    }
  }
  return columnOf
}
