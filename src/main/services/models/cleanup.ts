/**
 * Deleting metric sets nobody reads, on a worker over its own connection, in short transactions: sets retired by a
 * publish (a run's older histories) and staging sets left by a cancelled, failed or crashed import.
 */
import { openJobDatabase, type DbRef } from '../../db/open'
import { ShortTransactions } from '../../db/shortTransactions'
import type { Progress } from './importer'

export interface CleanupJob {
  type: 'cleanup'
  db: DbRef
  /** Import jobs that no longer run: their staging sets are deleted too. */
  abandonedJobs: string[]
}

export interface CleanupResult {
  deletedSets: number
  deletedSeries: number
}

export async function cleanUpSets(job: CleanupJob, progress: Progress, signal?: AbortSignal): Promise<CleanupResult> {
  const db = openJobDatabase(job.db)
  const tx = new ShortTransactions(db)
  try {
    const staging = db.prepare("SELECT id FROM model_metric_sets WHERE state = 'staging' AND job_id = ?").pluck()
    const ids = [
      ...(db.prepare("SELECT id FROM model_metric_sets WHERE state = 'retired'").pluck().all() as number[]),
      ...job.abandonedJobs.flatMap((j) => staging.all(j) as number[])
    ]
    const stateOf = db.prepare('SELECT state FROM model_metric_sets WHERE id = ?').pluck()
    const delSeries = db.prepare('DELETE FROM model_metric_series WHERE set_id = ?')
    const delLatest = db.prepare('DELETE FROM model_metric_latest WHERE set_id = ?')
    const delSet = db.prepare('DELETE FROM model_metric_sets WHERE id = ?')
    const result: CleanupResult = { deletedSets: 0, deletedSeries: 0 }
    for (const [i, id] of ids.entries()) {
      if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
      await tx.write(() => {
        // a live set is never deleted, whatever the list said
        if (stateOf.get(id) === 'live') return
        result.deletedSeries += delSeries.run(id).changes
        delLatest.run(id)
        result.deletedSets += delSet.run(id).changes
      })
      if (i % 50 === 49) progress(i + 1, ids.length, `${i + 1} of ${ids.length} replaced metric sets deleted`)
    }
    tx.commit()
    return result
  } catch (err) {
    tx.rollback()
    throw err
  } finally {
    db.close()
  }
}
