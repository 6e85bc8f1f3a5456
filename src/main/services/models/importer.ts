/**
 * The worker side of an import (mlruns folders, mlflow.db files, metric tables), over its own connection: every
 * store is read run by run; each changed run's metric histories go straight into model_metric_series and
 * model_metric_latest under a new metric set in state 'staging', in short transactions (ShortTransactions), so
 * nothing is visible and the main thread's writers never wait long. What the service publishes (runs, params, tags,
 * experiments, registry) comes back as the job's result; publish.ts writes it in one short transaction.
 */
import { AppError } from '../../../shared/errors'
import type { ImportReport } from '../../../shared/contract'
import { openJobDatabase, type Db, type DbRef } from '../../db/open'
import { ShortTransactions } from '../../db/shortTransactions'
import { hashArtifact } from './mlruns'
import { latestOf, pack } from './series'
import { openStores, type StoreInput } from './stores'
import type { ParseContext, ParsedExperiment, ParsedModel, ParsedRun, Skip } from './types'

export type ImportKind = ImportReport['kind']
export type Progress = (done: number, total: number | null, message?: string) => void

export interface ImportJob {
  type: 'import'
  db: DbRef
  /** The job's id: its staging sets carry it, so a clean-up can tell abandoned ones. */
  jobId: string
  kind: ImportKind
  path: string
  /** Experiment name for a metric table. */
  experiment: string
  /** The clock's time when the job started (tables without timestamps use it). */
  now: number
}

export interface StagedRun extends Omit<ParsedRun, 'metrics'> {
  /** The metric set holding its histories (staging until published); null when the run is unchanged and was not read. */
  setId: number | null
}

export interface StagedStore {
  storePath: string
  kind: ImportKind
  experiments: ParsedExperiment[]
  runs: StagedRun[]
  models: ParsedModel[]
  artifacts: Record<string, { sha256: string; size: number }>
}

export interface StagedImport {
  stores: StagedStore[]
  skipped: Skip[]
  warnings: string[]
  metricSeries: number
  metricPoints: number
  /** Write transactions the job committed and the longest one (ms): what the main thread's writers may wait for. */
  transactions: { count: number; longestMs: number }
}

/** MLflow hides a run whose own or whose experiment's lifecycle_stage is `deleted`; such runs are kept but not counted. */
export const DELETED = 'deleted'
export const deletedExperiments = (experiments: ParsedExperiment[]): Set<string> =>
  new Set(experiments.filter((e) => e.lifecycleStage === DELETED).map((e) => e.externalId))
export const isDeleted = (r: Pick<ParsedRun, 'lifecycleStage' | 'experimentExternalId'>, deletedExps: Set<string>): boolean =>
  r.lifecycleStage === DELETED || deletedExps.has(r.experimentExternalId)

/** Parsed metric points kept in memory before they are written (a few MB of histories). */
const CHUNK_POINTS = 100_000

const cancelled = (): AppError => new AppError('CANCELLED', 'import cancelled; nothing was written')

/** Writes one run's histories under a new staging set, a series at a time (a set may span transactions); answers its id. */
function setWriter(db: Db, jobId: string, tx: ShortTransactions): (r: ParsedRun) => Promise<number> {
  const insertSet = db.prepare("INSERT INTO model_metric_sets (run_uuid, job_id, state) VALUES (?, ?, 'staging')")
  const insertSeries = db.prepare('INSERT INTO model_metric_series (set_id, key, n, steps, vals, timestamps) VALUES (?, ?, ?, ?, ?, ?)')
  const insertLatest = db.prepare('INSERT INTO model_metric_latest (set_id, key, value, step, timestamp) VALUES (?, ?, ?, ?, ?)')
  return async (r) => {
    const id = await tx.write(() => Number(insertSet.run(r.runUuid, jobId).lastInsertRowid))
    for (const [key, s] of r.metrics ?? [])
      await tx.write(() => {
        insertSeries.run(id, key, s.n, pack(s.steps), pack(s.values), pack(s.timestamps))
        const l = latestOf(s)
        insertLatest.run(id, key, l && Number.isFinite(l.value) ? l.value : null, l?.step ?? 0, l?.timestamp ?? 0)
      }, s.n * 24)
    return id
  }
}

/** Reads every store of the job and stages the changed runs' histories; a failure leaves only staging sets behind. */
export async function stageImport(job: ImportJob, progress: Progress, signal?: AbortSignal): Promise<StagedImport> {
  const db = openJobDatabase(job.db)
  const tx = new ShortTransactions(db)
  const opened: { close(): void }[] = []
  try {
    const skipped: Skip[] = []
    const warnings: string[] = []
    const known = new Map<string, string>()
    for (const r of db.prepare('SELECT run_uuid, content_hash FROM model_runs').raw(true).iterate() as Iterable<[string, string]>)
      known.set(r[0], r[1])
    const ctx: ParseContext = {
      signal,
      progress,
      skip: (p, reason) => {
        if (skipped.length < 1000) skipped.push({ path: p, reason })
        else if (skipped.length === 1000) skipped.push({ path: '…', reason: 'more skipped items not listed' })
      },
      warn: (m) => {
        if (warnings.length < 200) warnings.push(m)
      },
      knownHash: (uuid) => known.get(uuid)
    }
    progress(0, null, `scanning ${job.path}`)
    const stores = await openStores(job, ctx, opened)
    const writeSet = setWriter(db, job.jobId, tx)
    const total = stores.reduce((s, x) => s + x.runCount, 0)
    let done = 0
    let lastProgress = 0
    let metricSeries = 0
    let metricPoints = 0
    const staged: StagedStore[] = []
    for (const store of stores) {
      const runs: StagedRun[] = []
      const seen = new Set<string>()
      const deletedExps = deletedExperiments(store.experiments)
      let pending: { run: ParsedRun; staged: StagedRun }[] = []
      let pendingPoints = 0
      // the parsed histories, written in short transactions; none is left open while the next runs are read
      const flush = async (): Promise<void> => {
        for (const p of pending) p.staged.setId = await writeSet(p.run)
        tx.commit()
        pending = []
        pendingPoints = 0
      }
      for (const r of store.runs(ctx)) {
        done++
        if (r && seen.has(r.runUuid))
          ctx.skip(r.localDir ?? r.runUuid, `run ${r.runUuid} appears twice in this store; the first one was kept`)
        else if (r) {
          seen.add(r.runUuid)
          const { metrics, ...rest } = r
          const s: StagedRun = { ...rest, setId: null }
          // a table is always read whole: its unchanged runs are not written again
          if (metrics && known.get(r.runUuid) !== r.contentHash) {
            const live = !isDeleted(r, deletedExps)
            for (const m of metrics.values()) {
              if (live) {
                metricSeries++
                metricPoints += m.n
              }
              pendingPoints += m.n
            }
            pending.push({ run: r, staged: s })
          }
          runs.push(s)
        }
        if (pendingPoints >= CHUNK_POINTS) await flush()
        const now = Date.now()
        if (now - lastProgress > 200 || done === total) {
          lastProgress = now
          if (signal?.aborted) throw cancelled()
          progress(done, total, `read ${done} of ${total} runs`)
          await new Promise((r) => setImmediate(r))
        }
      }
      await flush()
      if (signal?.aborted) throw cancelled()
      const runDirs = new Map(runs.filter((r) => r.localDir).map((r) => [r.runUuid, r.localDir!]))
      const models = store.registry(ctx, runDirs)
      staged.push({ ...describe(store), runs, models, artifacts: hashArtifacts(models, ctx) })
    }
    return {
      stores: staged,
      skipped,
      warnings,
      metricSeries,
      metricPoints,
      transactions: { count: tx.stats.transactions, longestMs: tx.stats.longestMs }
    }
  } catch (err) {
    tx.rollback()
    throw err
  } finally {
    for (const o of opened) o.close()
    db.close()
  }
}

const describe = (s: StoreInput): Pick<StagedStore, 'storePath' | 'kind' | 'experiments'> => ({
  storePath: s.storePath,
  kind: s.kind,
  experiments: s.experiments
})

function hashArtifacts(models: ParsedModel[], ctx: ParseContext): StagedStore['artifacts'] {
  const artifacts: StagedStore['artifacts'] = {}
  for (const m of models)
    for (const v of m.versions)
      if (v.artifactLocalPath) {
        try {
          artifacts[v.artifactLocalPath] = hashArtifact(v.artifactLocalPath)
        } catch (err) {
          ctx.warn(`${m.name} v${v.version}: could not hash ${v.artifactLocalPath}: ${(err as Error).message}`)
        }
      }
  return artifacts
}
