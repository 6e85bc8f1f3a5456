/**
 * Imports an Optuna storage into the workspace: runs on a worker thread with its own connection, writing in short
 * transactions (db/shortTransactions.ts). Trials are upserted by number, so a re-import adds new trials and updates
 * those whose state changed; a study first seen here is written as 'importing' and published by the service.
 */
import fs from 'node:fs'
import { openJobDatabase, type DbRef } from '../../db/open'
import { ShortTransactions } from '../../db/shortTransactions'
import { readJournalStudies } from './optuna/journal'
import { RdbStorage } from './optuna/rdb'
import { OptunaFormatError, type Distribution, type OptunaStudy, type OptunaTrial } from './optuna/types'
import { importancesOf, PruneTracker } from './analysis'
import { paramSpecsOf, toJsonValue } from './values'

export type Progress = (done: number, total: number | null, message?: string) => void

export interface ImportJob {
  type: 'import'
  db: DbRef
  path: string
  now: number
  nativeBinding?: string
}

export interface ImportedStudy {
  id: number
  name: string
  trials: number
  added: number
  updated: number
  intermediate: number
  isNew: boolean
}

export interface ImportResult {
  kind: 'rdb' | 'journal'
  studies: ImportedStudy[]
}

export function storageKind(file: string): 'rdb' | 'journal' {
  const fd = fs.openSync(file, 'r')
  try {
    const head = Buffer.alloc(16)
    fs.readSync(fd, head, 0, 16, 0)
    return head.toString('latin1') === 'SQLite format 3\0' ? 'rdb' : 'journal'
  } finally {
    fs.closeSync(fd)
  }
}

const cancelled = (): Error => Object.assign(new Error('cancelled'), { name: 'AbortError' })

export async function importStorage(job: ImportJob, progress: Progress, signal?: AbortSignal): Promise<ImportResult> {
  if (!fs.existsSync(job.path)) throw new OptunaFormatError(`${job.path} does not exist`)
  const kind = storageKind(job.path)
  const db = openJobDatabase(job.db)
  const tx = new ShortTransactions(db)
  const w = writer(db)
  const out: ImportedStudy[] = []
  try {
    if (kind === 'rdb') {
      const storage = new RdbStorage(job.path, job.nativeBinding)
      try {
        for (const s of storage.studies()) {
          const study = storage.study(s.id, s.name)
          out.push(await writeStudy(study, () => storage.intermediate(s.id)))
        }
      } finally {
        storage.close()
      }
    } else {
      for (const study of readJournalStudies(job.path))
        out.push(
          await writeStudy(study, function* () {
            for (const t of study.trials) for (const [step, value] of t.intermediate) yield { number: t.number, step, value }
          })
        )
    }
    tx.commit()
    return { kind, studies: out }
  } catch (err) {
    tx.rollback()
    throw err
  } finally {
    db.close()
  }

  async function writeStudy(
    study: OptunaStudy,
    intermediate: () => Iterable<{ number: number; step: number; value: number }>
  ): Promise<ImportedStudy> {
    const existing = w.study(job.path, study.name)
    const specs = paramSpecsOf(study.trials.map((t) => t.distributions as Record<string, Distribution>))
    const id = await tx.write(() =>
      existing ? (w.updateStudy(existing.id, study, specs), existing.id) : w.insertStudy(job.path, kind, study, specs, job.now)
    )
    const known = new Map(w.trialStates(id).map((t) => [t.number, t.state + '|' + t.vals]))
    let added = 0
    let updated = 0
    let done = 0
    const unchanged = new Set<number>()
    for (const t of study.trials) {
      if (signal?.aborted) throw cancelled()
      const vals = JSON.stringify(t.values.map(toJsonValue))
      const before = known.get(t.number)
      if (before === undefined) added++
      else if (before !== t.state + '|' + vals) updated++
      else {
        if (t.state !== 'RUNNING') unchanged.add(t.number) // a running trial may have reported new steps
        continue
      }
      await tx.write(() => w.upsertTrial(id, t, vals), 200)
      if (++done % 500 === 0) progress(done, study.trials.length, `${study.name}: ${done.toLocaleString('en')} trials`)
    }
    let steps = 0
    const counts = new Map<number, number>()
    let batch: { number: number; step: number; value: number }[] = []
    const flush = async (): Promise<void> => {
      const rows = batch
      batch = []
      await tx.write(() => rows.forEach((r) => w.intermediate(id, r.number, r.step, r.value)), rows.length * 24)
    }
    const states = new Map(study.trials.map((t) => [t.number, t.state]))
    const tracker = new PruneTracker((n) => states.get(n), study.directions[0] ?? 'minimize')
    for (const v of intermediate()) {
      tracker.add(v.number, v.step, v.value)
      if (unchanged.has(v.number)) continue
      batch.push(v)
      counts.set(v.number, (counts.get(v.number) ?? 0) + 1)
      if (batch.length === 2000) {
        if (signal?.aborted) throw cancelled()
        await flush()
        steps += 2000
        if (steps % 100_000 === 0) progress(steps, null, `${study.name}: ${steps.toLocaleString('en')} intermediate values`)
      }
    }
    steps += batch.length
    await flush()
    const notes = JSON.stringify(tracker.finish())
    const stepCounts = [...counts]
    for (let i = 0; i < stepCounts.length; i += 500) {
      const part = stepCounts.slice(i, i + 500)
      await tx.write(() => part.forEach(([number, n]) => w.setSteps(id, number, n)), part.length * 16)
    }
    await tx.write(() => w.setNotes(id, notes), notes.length)
    tx.commit() // no transaction held while the bootstrap runs
    const imp = JSON.stringify(study.directions.map((_, i) => importancesOf(study.trials, i, specs)))
    await tx.write(() => w.setImportances(id, imp), imp.length)
    return { id, name: study.name, trials: study.trials.length, added, updated, intermediate: steps, isNew: !existing }
  }
}

function writer(db: ReturnType<typeof openJobDatabase>) {
  const studyStmt = db.prepare('SELECT id FROM optimize_studies WHERE source = ? AND name = ?')
  const insertStudy = db.prepare(
    `INSERT INTO optimize_studies (source, source_kind, name, state, directions, user_attrs, param_specs, imported_at)
     VALUES (?, ?, ?, 'importing', ?, ?, ?, ?)`
  )
  const updateStudy = db.prepare('UPDATE optimize_studies SET directions = ?, user_attrs = ?, param_specs = ? WHERE id = ?')
  const trialStates = db.prepare('SELECT number, state, vals FROM optimize_trials WHERE study_id = ?')
  const upsert = db.prepare(
    `INSERT INTO optimize_trials (study_id, number, state, vals, value0, params, user_attrs, started_at, completed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (study_id, number) DO UPDATE SET state = excluded.state, vals = excluded.vals, value0 = excluded.value0,
       params = excluded.params, user_attrs = excluded.user_attrs, started_at = excluded.started_at, completed_at = excluded.completed_at`
  )
  const iv = db.prepare('INSERT OR REPLACE INTO optimize_intermediate (study_id, number, step, value) VALUES (?, ?, ?, ?)')
  const steps = db.prepare('UPDATE optimize_trials SET steps = ? WHERE study_id = ? AND number = ?')
  const notes = db.prepare('UPDATE optimize_studies SET prune_notes = ? WHERE id = ?')
  const imps = db.prepare('UPDATE optimize_studies SET importances = ? WHERE id = ?')
  return {
    study: (source: string, name: string) => studyStmt.get(source, name) as { id: number } | undefined,
    insertStudy: (source: string, kind: string, s: OptunaStudy, specs: unknown, now: number) =>
      Number(
        insertStudy.run(source, kind, s.name, JSON.stringify(s.directions), JSON.stringify(s.userAttrs), JSON.stringify(specs), now)
          .lastInsertRowid
      ),
    updateStudy: (id: number, s: OptunaStudy, specs: unknown) =>
      updateStudy.run(JSON.stringify(s.directions), JSON.stringify(s.userAttrs), JSON.stringify(specs), id),
    trialStates: (id: number) => trialStates.all(id) as { number: number; state: string; vals: string }[],
    upsertTrial: (id: number, t: OptunaTrial, vals: string) =>
      upsert.run(
        id,
        t.number,
        t.state,
        vals,
        Number.isFinite(t.values[0]) ? t.values[0]! : null,
        JSON.stringify(t.params),
        JSON.stringify(t.userAttrs),
        t.startedAt,
        t.completedAt
      ),
    intermediate: (id: number, number: number, step: number, value: number) => iv.run(id, number, step, Number.isNaN(value) ? null : value),
    setSteps: (id: number, number: number, n: number) => steps.run(n, id, number),
    setNotes: (id: number, json: string) => notes.run(json, id),
    setImportances: (id: number, json: string) => imps.run(json, id)
  }
}
