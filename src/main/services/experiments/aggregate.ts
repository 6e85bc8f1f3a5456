/**
 * An import of exposure and event files, streamed: (1) exposures → each unit's first exposure, variation and
 * dimension values (units seen in two variations are counted and excluded); (2) events (and covariates) → spooled
 * by unit after a window check; (3) per partition of units, the daily sums of every metric (unitPass.ts).
 * Memory holds a few typed arrays per unit and one partition of events at a time.
 */
import type { ExperimentImportReport, MetricDef } from '../../../shared/contract/experiments'
import { AppError } from '../../../shared/errors'
import { openTable } from '../../core/files/open'
import { cellPlace, fileError, type RowBatch, type TableReader } from '../../core/files/table'
import { Spool } from './spool'
import { DAY_MS, dayOf, parseTime } from './time'
import { UnitIndex } from './units'
import { passPartition, SumsAccumulator, type PlannedMetric, type UnitTable } from './unitPass'

export interface AggregateInput {
  variations: { key: string; name: string }[]
  metrics: MetricDef[]
  dimensions: string[]
  /** The unit id column (the hash attribute); `unit_id`, `user_id` and `id` are tried after it. */
  unitColumn: string
  lookbackDays: number
  exposures: string
  events: string
  covariates: string | null
}

export type { ExperimentImportReport }

export type Progress = (done: number, total: number | null, message?: string) => void

export interface Aggregation {
  day0: number
  days: number
  /** Dimension slices in accumulator order. */
  slices: { dimension: string; value: string }[]
  acc: SumsAccumulator
  report: ExperimentImportReport
}

const MULTI = -2
const MAX_DIMENSION_VALUES = 200
const OTHER = '(other)'
const UNITS_PER_PARTITION = 250_000
const MAX_ACCUMULATOR_BYTES = 768 * 2 ** 20

function column(t: TableReader, candidates: string[], what: string, field: string): number {
  const lower = t.columns.map((c) => c.toLowerCase())
  for (const c of candidates) {
    const i = lower.indexOf(c.toLowerCase())
    if (i >= 0) return i
  }
  throw fileError(t.file, `no ${what} column (looked for ${candidates.join(', ')}); columns: ${t.columns.slice(0, 30).join(', ')}`, field)
}

/** `exposures.csv: row 12, column 3 (timestamp): "yesterday" is not a date-time`. */
const badCell = (t: TableReader, b: RowBatch, i: number, j: number, expected: string, field: string): AppError =>
  fileError(t.file, `${cellPlace(b.rowNumber(i), j + 1, t.columns[j])}: "${b.text(i, j).slice(0, 40)}" is not ${expected}`, field)

const cancelled = (): AppError => new AppError('CANCELLED', 'import cancelled; nothing was imported')

/** Plans the metrics: base metrics get an event index, ratios the indexes of their parts. */
export function planMetrics(metrics: MetricDef[]): { planned: PlannedMetric[]; events: Map<string, number> } {
  const events = new Map<string, number>()
  const index = new Map(metrics.map((m, i) => [m.key, i]))
  const planned = metrics.map((def): PlannedMetric => {
    const windowMs = def.windowHours === null ? Infinity : def.windowHours * 3_600_000
    if (def.kind === 'ratio')
      return { def, event: -1, windowMs, num: index.get(def.numerator) ?? -1, den: index.get(def.denominator) ?? -1, pre: false }
    let e = events.get(def.event)
    if (e === undefined) events.set(def.event, (e = events.size))
    return { def, event: e, windowMs, num: -1, den: -1, pre: def.cuped }
  })
  for (const p of planned) {
    if (p.def.kind !== 'ratio') continue
    if (p.num < 0 || p.den < 0 || planned[p.num]!.event < 0 || planned[p.den]!.event < 0)
      throw new AppError(
        'VALIDATION',
        `ratio metric ${p.def.key}: numerator and denominator must be proportion or mean metrics of this experiment`,
        'metrics'
      )
    if (p.def.cuped) planned[p.num]!.pre = planned[p.den]!.pre = true
  }
  if (events.size > 65535) throw new AppError('VALIDATION', 'too many distinct events', 'metrics')
  return { planned, events }
}

export async function aggregate(input: AggregateInput, progress: Progress, signal?: AbortSignal): Promise<Aggregation> {
  const started = Date.now()
  const { planned, events: eventIndex } = planMetrics(input.metrics)
  const V = input.variations.length
  const exp = await openTable(input.exposures, { header: true, field: 'exposures' })
  const ev = await openTable(input.events, { header: true, field: 'events' })
  const cov = input.covariates ? await openTable(input.covariates, { header: true, field: 'covariates' }) : null
  const totalBytes = exp.size + ev.size + (cov?.size ?? 0)
  let bytesBefore = 0
  const tick = (t: TableReader, rows: number, what: string): void => {
    if (signal?.aborted) throw cancelled()
    progress(bytesBefore + t.bytesRead, totalBytes, `${what}: ${rows.toLocaleString('en-US')} rows`)
  }
  const unitCandidates = [input.unitColumn, 'unit_id', 'user_id', 'id']

  // ---------------------------------------------------------------- 1. exposures
  const units = new UnitIndex(1 << 16)
  let variation = new Int8Array(1 << 16)
  let exposedAt = new Float64Array(1 << 16)
  const dimCodes: Uint16Array[] = input.dimensions.map(() => new Uint16Array(1 << 16))
  const dimDicts = input.dimensions.map(() => new Map<string, number>())
  const dimCapped = input.dimensions.map(() => false)
  const variationOf = new Map<string, number>()
  input.variations.forEach((v, i) => {
    variationOf.set(v.key, i)
    variationOf.set(String(i), i)
    if (!variationOf.has(v.name)) variationOf.set(v.name, i)
  })
  const rep: ExperimentImportReport['exposures'] = {
    file: exp.file,
    rows: 0,
    units: 0,
    multiExposed: 0,
    multiExposedExamples: [],
    unknownVariation: 0,
    unknownVariationValues: [],
    emptyIds: 0
  }
  {
    const cUnit = column(exp, unitCandidates, 'unit id', 'exposures')
    const cVar = column(exp, ['variation', 'variation_key', 'variation_id', 'arm'], 'variation', 'exposures')
    const cTime = column(exp, ['timestamp', 'time', 'ts', 'exposed_at', 'date'], 'timestamp', 'exposures')
    const cDims = input.dimensions.map((d) => column(exp, [d], `dimension "${d}"`, 'exposures'))
    const dimCode = (k: number, text: string): number => {
      const dict = dimDicts[k]!
      const key = text.trim() || '(none)'
      let code = dict.get(key)
      if (code === undefined) {
        if (dict.size >= MAX_DIMENSION_VALUES) {
          dimCapped[k] = true
          code = dict.get(OTHER)
          if (code === undefined) dict.set(OTHER, (code = dict.size))
        } else dict.set(key, (code = dict.size))
      }
      return code
    }
    const onBatch = (b: RowBatch): void => {
      for (let i = 0; i < b.length; i++) {
        rep.rows++
        const id = b.text(i, cUnit)
        if (!id) {
          rep.emptyIds++
          continue
        }
        const vText = b.text(i, cVar).trim()
        const v = variationOf.get(vText)
        if (v === undefined) {
          rep.unknownVariation++
          if (rep.unknownVariationValues.length < 10 && !rep.unknownVariationValues.includes(vText)) rep.unknownVariationValues.push(vText)
          continue
        }
        const ts = parseTime(b.value(i, cTime))
        if (Number.isNaN(ts)) throw badCell(exp, b, i, cTime, 'a date-time', 'exposures')
        const before = units.size
        const idx = units.add(id)
        if (idx >= variation.length) {
          const grow = <T extends Int8Array | Float64Array | Uint16Array>(a: T): T => {
            const g = new (a.constructor as new (n: number) => T)(a.length * 2)
            g.set(a)
            return g
          }
          variation = grow(variation)
          exposedAt = grow(exposedAt)
          dimCodes.forEach((d, k) => (dimCodes[k] = grow(d)))
        }
        if (idx === before) {
          variation[idx] = v
          exposedAt[idx] = ts
          cDims.forEach((c, k) => (dimCodes[k]![idx] = dimCode(k, b.text(i, c))))
        } else if (variation[idx] === MULTI) continue
        else if (variation[idx] !== v) {
          variation[idx] = MULTI
          rep.multiExposed++
          if (rep.multiExposedExamples.length < 20) rep.multiExposedExamples.push(id)
        } else if (ts < exposedAt[idx]!) {
          exposedAt[idx] = ts
          cDims.forEach((c, k) => (dimCodes[k]![idx] = dimCode(k, b.text(i, c))))
        }
      }
    }
    for await (const b of exp) {
      onBatch(b)
      tick(exp, rep.rows, 'exposures')
    }
  }
  rep.units = units.size
  if (rep.units === 0) throw fileError(exp.file, 'no exposure row names a known variation and a unit id', 'exposures')
  bytesBefore += exp.size
  const U = units.size
  const unitsPerVariation = new Array<number>(V).fill(0)
  let day0 = Infinity
  let dayMax = -Infinity
  for (let u = 0; u < U; u++) {
    const v = variation[u]!
    if (v < 0) continue
    unitsPerVariation[v]!++
    const d = dayOf(exposedAt[u]!)
    if (d < day0) day0 = d
    if (d > dayMax) dayMax = d
  }

  // ---------------------------------------------------------------- 2. events and covariates → spool
  const partitions = Math.max(1, Math.ceil(U / UNITS_PER_PARTITION))
  const spool = new Spool(partitions, UNITS_PER_PARTITION)
  try {
    const windowOf = new Float64Array(eventIndex.size).fill(-1)
    const preOf = new Uint8Array(eventIndex.size)
    for (const p of planned) {
      if (p.event < 0) continue
      windowOf[p.event] = Math.max(windowOf[p.event]!, p.windowMs)
      if (p.pre) preOf[p.event] = 1
    }
    const lookbackMs = input.lookbackDays * DAY_MS
    const er: ExperimentImportReport['events'] = {
      file: ev.file,
      rows: 0,
      kept: 0,
      preExposure: 0,
      outsideWindow: 0,
      beforeExposure: 0,
      unknownUnit: 0,
      excludedUnit: 0,
      otherEvents: 0,
      otherEventNames: []
    }
    {
      const cUnit = column(ev, unitCandidates, 'unit id', 'events')
      const cEvent = column(ev, ['event', 'metric', 'event_name', 'name'], 'event', 'events')
      const cValue = ev.columns.findIndex((c) => c.toLowerCase() === 'value')
      const cTime = column(ev, ['timestamp', 'time', 'ts', 'date'], 'timestamp', 'events')
      for await (const b of ev) {
        for (let i = 0; i < b.length; i++) {
          er.rows++
          const e = eventIndex.get(b.text(i, cEvent))
          if (e === undefined) {
            er.otherEvents++
            if (er.otherEventNames.length < 10) {
              const name = b.text(i, cEvent)
              if (!er.otherEventNames.includes(name)) er.otherEventNames.push(name)
            }
            continue
          }
          const u = units.get(b.text(i, cUnit))
          if (u < 0) {
            er.unknownUnit++
            continue
          }
          if (variation[u]! < 0) {
            er.excludedUnit++
            continue
          }
          const ts = parseTime(b.value(i, cTime))
          if (Number.isNaN(ts)) throw badCell(ev, b, i, cTime, 'a date-time', 'events')
          let value = 1
          if (cValue >= 0) {
            const text = b.text(i, cValue)
            if (text !== '') {
              value = Number(text)
              if (!Number.isFinite(value)) throw badCell(ev, b, i, cValue, 'a number', 'events')
            }
          }
          const rel = ts - exposedAt[u]!
          if (rel < 0) {
            if (preOf[e] && !cov && rel >= -lookbackMs) {
              er.preExposure++
              spool.push(u, e, ts, value)
            } else er.beforeExposure++
            continue
          }
          if (rel > windowOf[e]!) {
            er.outsideWindow++
            continue
          }
          er.kept++
          const d = dayOf(ts)
          if (d > dayMax) dayMax = d
          spool.push(u, e, ts, value)
        }
        tick(ev, er.rows, 'events')
      }
    }
    bytesBefore += ev.size
    let cr: ExperimentImportReport['covariates'] = null
    if (cov) {
      cr = { file: cov.file, rows: 0, kept: 0, unknownUnit: 0 }
      const cUnit = column(cov, unitCandidates, 'unit id', 'covariates')
      const cEvent = column(cov, ['event', 'metric', 'event_name', 'name'], 'event', 'covariates')
      const cValue = column(cov, ['value', 'covariate'], 'value', 'covariates')
      for await (const b of cov) {
        for (let i = 0; i < b.length; i++) {
          cr.rows++
          const e = eventIndex.get(b.text(i, cEvent))
          if (e === undefined || !preOf[e]) continue
          const u = units.get(b.text(i, cUnit))
          if (u < 0) {
            cr.unknownUnit++
            continue
          }
          const value = Number(b.text(i, cValue))
          if (!Number.isFinite(value)) throw badCell(cov, b, i, cValue, 'a number', 'covariates')
          cr.kept++
          spool.push(u, e, NaN, value)
        }
        tick(cov, cr.rows, 'covariates')
      }
    }

    // ---------------------------------------------------------------- 3. per unit, partition by partition
    const D = dayMax - day0 + 1
    if (D > 3660) throw fileError(exp.file, `exposures and events span ${D} days; at most 10 years are supported`, 'exposures')
    const sliceBase: number[] = []
    const slices: Aggregation['slices'] = []
    input.dimensions.forEach((name, k) => {
      sliceBase.push(slices.length)
      for (const value of dimDicts[k]!.keys()) slices.push({ dimension: name, value })
    })
    const bytes = planned.length * (V * D + slices.length * V) * 15 * 8
    if (bytes > MAX_ACCUMULATOR_BYTES)
      throw new AppError(
        'VALIDATION',
        `too many metrics × days × dimension values (${Math.round(bytes / 2 ** 20)} MB of sums); use fewer dimensions or metrics`,
        'metrics'
      )
    const acc = new SumsAccumulator({
      metrics: planned,
      variations: V,
      day0,
      days: D,
      slices: slices.length,
      lookbackMs,
      covariates: cov !== null
    })
    const table: UnitTable = {
      variation,
      exposedAt,
      sliceOf: input.dimensions.map((_, k) => {
        const s = new Int32Array(U)
        const codes = dimCodes[k]!
        for (let u = 0; u < U; u++) s[u] = sliceBase[k]! + codes[u]!
        return s
      })
    }
    for (let p = 0; p < partitions; p++) {
      if (signal?.aborted) throw cancelled()
      const first = p * UNITS_PER_PARTITION
      passPartition(acc, table, first, Math.min(UNITS_PER_PARTITION, U - first), spool.read(p))
      progress(
        totalBytes,
        totalBytes,
        `sums: ${Math.min(U, first + UNITS_PER_PARTITION).toLocaleString('en-US')} of ${U.toLocaleString('en-US')} units`
      )
    }
    const seconds = (Date.now() - started) / 1000
    const rows = rep.rows + er.rows + (cr?.rows ?? 0)
    return {
      day0,
      days: D,
      slices,
      acc,
      report: {
        exposures: rep,
        events: er,
        covariates: cr,
        unitsPerVariation,
        firstDay: new Date(day0 * DAY_MS).toISOString().slice(0, 10),
        lastDay: new Date(dayMax * DAY_MS).toISOString().slice(0, 10),
        dimensions: input.dimensions.map((name, k) => ({ name, values: dimDicts[k]!.size, capped: dimCapped[k]! })),
        metrics: input.metrics,
        seconds,
        rowsPerSecond: Math.round(rows / Math.max(seconds, 1e-3))
      }
    }
  } finally {
    spool.close()
    await Promise.all([exp.close(), ev.close(), cov?.close()])
  }
}
