/**
 * The work of an import job (on a worker thread in the app, inline in some tests), over its own connection to the
 * workspace: read the files, then write the sums of the import (still 'staging', so results do not see it) in short
 * transactions. The service publishes the import when the job ends.
 */
import { AppError } from '../../../shared/errors'
import { openDatabase, type Db } from '../../db/open'
import { aggregate, type AggregateInput, type Aggregation, type ExperimentImportReport, type Progress } from './aggregate'
import { ExperimentsRepo, type SumRow, type UnitRow } from './repo'
import { NF } from './sums'
import { readSumsFile, type SumsReport } from './sumsFile'
import type { MetricDef } from '../../../shared/contract/experiments'

export interface DbRef {
  file: string
  nativeBinding?: string | undefined
}

export type ExperimentsJob =
  | { type: 'events'; db: DbRef; importId: number; input: AggregateInput }
  | {
      type: 'sums'
      db: DbRef
      importId: number
      file: string
      variations: { key: string; name: string }[]
      metrics: MetricDef[]
      today: number
    }

export type ExperimentsJobResult = { type: 'events'; report: ExperimentImportReport } | { type: 'sums'; report: SumsReport }

const BATCH = 2000

function open(ref: DbRef): Db {
  const db = openDatabase(ref.file, { ...(ref.nativeBinding ? { nativeBinding: ref.nativeBinding } : {}), wal: false })
  db.pragma('synchronous = NORMAL')
  return db
}

/** The rows of an aggregation: the whole experiment day by day, dimension values as totals on the last day. */
export function* aggregationSums(agg: Aggregation, metrics: MetricDef[]): Generator<SumRow> {
  const { acc, day0, days: D, slices } = agg
  const V = acc.shape.variations
  const nonZero = (a: Float64Array, o: number): boolean => {
    for (let f = 0; f < NF; f++) if (a[o + f] !== 0) return true
    return false
  }
  for (let mi = 0; mi < metrics.length; mi++) {
    const metric = metrics[mi]!.key
    const daily = acc.daily[mi]!
    for (let v = 0; v < V; v++)
      for (let t = 0; t < D; t++) {
        const o = (v * D + t) * NF
        if (nonZero(daily, o)) yield { metric, dimension: '', value: '', variation: v, day: day0 + t, sums: daily.subarray(o, o + NF) }
      }
    const bySlice = acc.bySlice[mi]!
    for (let k = 0; k < slices.length; k++) {
      const { dimension, value } = slices[k]!
      for (let v = 0; v < V; v++) {
        const o = (k * V + v) * NF
        if (nonZero(bySlice, o)) yield { metric, dimension, value, variation: v, day: day0 + D - 1, sums: bySlice.subarray(o, o + NF) }
      }
    }
  }
}

export function aggregationUnits(agg: Aggregation): UnitRow[] {
  const { acc, day0, days: D, slices } = agg
  const V = acc.shape.variations
  const out: UnitRow[] = []
  for (let v = 0; v < V; v++)
    for (let t = 0; t < D; t++) {
      const units = acc.unitsDaily[v * D + t]!
      if (units) out.push({ dimension: '', value: '', variation: v, day: day0 + t, units })
    }
  slices.forEach((s, k) => {
    for (let v = 0; v < V; v++) {
      const units = acc.unitsBySlice[k * V + v]!
      if (units) out.push({ dimension: s.dimension, value: s.value, variation: v, day: day0 + D - 1, units })
    }
  })
  return out
}

async function write(db: Db, importId: number, sums: Iterable<SumRow>, units: UnitRow[], signal?: AbortSignal): Promise<void> {
  const repo = new ExperimentsRepo(db)
  const batch: SumRow[] = []
  const flush = (): void => {
    db.transaction(() => repo.insertSums(importId, batch)).immediate()
    batch.length = 0
  }
  for (const r of sums) {
    batch.push({ ...r, sums: Float64Array.from(r.sums) })
    if (batch.length >= BATCH) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'import cancelled; nothing was imported')
      flush()
      await new Promise((r) => setImmediate(r))
    }
  }
  if (batch.length) flush()
  for (let i = 0; i < units.length; i += BATCH) db.transaction(() => repo.insertUnits(importId, units.slice(i, i + BATCH))).immediate()
}

export async function runExperimentsJob(job: ExperimentsJob, progress: Progress, signal?: AbortSignal): Promise<ExperimentsJobResult> {
  if (job.type === 'events') {
    const agg = await aggregate(job.input, progress, signal)
    const db = open(job.db)
    try {
      progress(1, 1, 'writing sums')
      await write(db, job.importId, aggregationSums(agg, job.input.metrics), aggregationUnits(agg), signal)
    } finally {
      db.close()
    }
    return { type: 'events', report: agg.report }
  }
  const r = await readSumsFile(job.file, job.variations, job.metrics, job.today, progress)
  const db = open(job.db)
  try {
    await write(db, job.importId, r.sums, r.units, signal)
  } finally {
    db.close()
  }
  return { type: 'sums', report: r.report }
}
