/** The CPU-heavy drift jobs as one pure entry point: the worker thread calls it, and so does the in-process executor. */
import type { ColumnSpec, Inspection } from '../../../shared/contract/drift'
import { openDatabase } from '../../db/open'
import { columnBytes, type ColumnData } from './columns'
import { computeRun, sourceOf, type ColumnSource, type RunOutcome, type RunSettings } from './compute'
import { inspectPath, loadPath, type LoadedDataset, type LoadOptions, type Progress } from './load'
import { DriftRepo } from './repo'

/** A dataset stored in the workspace, read or written by the job over its own database connection. */
export interface StoreRef {
  file: string
  nativeBinding?: string | undefined
  datasetId: number
}

export type DataSource = { columns: ColumnData[] } | { path: string; options: LoadOptions } | { stored: StoreRef }

export type JobRequest =
  | { type: 'inspect'; path: string; options: LoadOptions }
  /** With `store`, the columns are written to the workspace by the job and the answer carries no column data. */
  | { type: 'load'; path: string; options: LoadOptions; store?: StoreRef }
  | { type: 'compute'; reference: DataSource; current: DataSource; settings: RunSettings }

/** What a `load` with `store` answers instead of the columns. */
export interface StoredSummary {
  schema: ColumnSpec[]
  bytes: number
}

function withRepo<T>(ref: StoreRef, fn: (repo: DriftRepo, checkpoint: () => void) => T): T {
  const db = openDatabase(ref.file, { ...(ref.nativeBinding ? { nativeBinding: ref.nativeBinding } : {}), wal: false })
  try {
    // keep the WAL short ourselves, so the main thread's commits never inherit a large checkpoint
    return fn(new DriftRepo(db), () => void db.pragma('wal_checkpoint(PASSIVE)'))
  } finally {
    db.close()
  }
}

function storeColumns(ref: StoreRef, columns: ColumnData[], progress: Progress): StoredSummary {
  return withRepo(ref, (repo, checkpoint) => {
    columns.forEach((c, i) => {
      repo.insertColumn(ref.datasetId, i, c)
      checkpoint()
      progress(i + 1, columns.length, `storing column ${c.name}`)
    })
    return { schema: columns.map((c) => ({ name: c.name, kind: c.kind })), bytes: columns.reduce((s, c) => s + columnBytes(c), 0) }
  })
}

/** A stored dataset as a column source: each column is read when the computation reaches it. */
function storedSource(ref: StoreRef): { source: ColumnSource; close(): void } {
  const db = openDatabase(ref.file, { ...(ref.nativeBinding ? { nativeBinding: ref.nativeBinding } : {}), wal: false })
  const repo = new DriftRepo(db)
  const info = db.prepare('SELECT idx, name, n FROM drift_dataset_columns WHERE dataset_id = ? ORDER BY idx').all(ref.datasetId) as {
    idx: number
    name: string
    n: number
  }[]
  const idx = new Map(info.map((c) => [c.name, c.idx]))
  return {
    source: {
      names: info.map((c) => c.name),
      rows: info[0]?.n ?? 0,
      get: (name) => (idx.has(name) ? repo.readColumn(ref.datasetId, idx.get(name)!) : undefined)
    },
    close: () => db.close()
  }
}

export interface ComputeResult {
  outcome: RunOutcome
  /** Row counts and warnings of sources that were read from files in this job (registered datasets). */
  loaded: { reference: { rows: number; warnings: string[] } | null; current: { rows: number; warnings: string[] } | null }
}

export type JobResponse<R extends JobRequest> = R extends { type: 'inspect' }
  ? Inspection
  : R extends { type: 'load' }
    ? LoadedDataset
    : ComputeResult

/** Buffers of the columns, to hand over to another thread without copying. */
export function columnBuffers(columns: ColumnData[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>()
  for (const c of columns) out.add((c.encoding === 'f64' ? c.values.buffer : c.codes.buffer) as ArrayBuffer)
  return [...out]
}

export function transferablesOf(msg: JobRequest | LoadedDataset | ComputeResult | Inspection): ArrayBuffer[] {
  if ('type' in msg && msg.type === 'compute') {
    return [
      ...('columns' in msg.reference ? columnBuffers(msg.reference.columns) : []),
      ...('columns' in msg.current ? columnBuffers(msg.current.columns) : [])
    ]
  }
  if ('rows' in msg && 'columns' in msg && Array.isArray(msg.columns) && msg.columns.length > 0 && 'encoding' in (msg.columns[0] as object))
    return columnBuffers((msg as LoadedDataset).columns)
  return []
}

const cancelled = (): Error => Object.assign(new Error('cancelled'), { name: 'AbortError' })

/** Run one job. `progress` reports (done, total, message); `signal` cancels between steps. */
export async function runJob(
  req: JobRequest,
  progress: Progress,
  signal?: AbortSignal
): Promise<Inspection | LoadedDataset | ComputeResult> {
  switch (req.type) {
    case 'inspect':
      return inspectPath(req.path, req.options)
    case 'load': {
      const loaded = await loadPath(req.path, req.options, progress, signal)
      if (!req.store) return loaded
      const stored = storeColumns(req.store, loaded.columns, progress)
      return { ...loaded, columns: [], stored }
    }
    case 'compute': {
      const opened: (() => void)[] = []
      try {
        const side = async (
          src: DataSource,
          label: string
        ): Promise<{ source: ColumnSource; loaded: { rows: number; warnings: string[] } | null }> => {
          if ('columns' in src) return { source: sourceOf(src.columns), loaded: null }
          if ('stored' in src) {
            const s = storedSource(src.stored)
            opened.push(s.close)
            return { source: s.source, loaded: null }
          }
          const d = await loadPath(
            src.path,
            src.options,
            (done, total) => progress(0, null, `reading the ${label} data${total ? ` (${Math.round((done / total) * 100)} %)` : ''}`),
            signal
          )
          return { source: sourceOf(d.columns), loaded: { rows: d.rows, warnings: d.warnings } }
        }
        const reference = await side(req.reference, 'reference')
        const current = await side(req.current, 'current')
        if (signal?.aborted) throw cancelled()
        const outcome = computeRun(reference.source, current.source, req.settings, (done, total, name) => {
          if (signal?.aborted) throw cancelled()
          progress(done, total, `column ${name}`)
        })
        return { outcome, loaded: { reference: reference.loaded, current: current.loaded } }
      } finally {
        for (const close of opened) close()
      }
    }
  }
}
