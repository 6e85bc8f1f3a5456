/** SQL of the optimisation area: studies, trials, intermediate values. */
import type { Db } from '../../db/open'

export interface StudyRow {
  id: number
  source: string
  source_kind: 'rdb' | 'journal'
  name: string
  state: 'importing' | 'ready'
  directions: string
  user_attrs: string
  param_specs: string
  imported_at: number
  trials: number
  last_trial_at: number | null
}

export interface TrialRow {
  number: number
  state: string
  vals: string
  params: string
  user_attrs: string
  started_at: number | null
  completed_at: number | null
  steps: number
}

const STUDY = `SELECT s.*, (SELECT COUNT(*) FROM optimize_trials t WHERE t.study_id = s.id) AS trials,
  (SELECT MAX(COALESCE(t.completed_at, t.started_at)) FROM optimize_trials t WHERE t.study_id = s.id) AS last_trial_at
  FROM optimize_studies s`

export class OptimizeRepo {
  constructor(private readonly db: Db) {}

  studies(): StudyRow[] {
    return this.db.prepare(`${STUDY} WHERE s.state = 'ready' ORDER BY s.imported_at DESC, s.id DESC`).all() as StudyRow[]
  }

  study(id: number): StudyRow | undefined {
    return this.db.prepare(`${STUDY} WHERE s.id = ? AND s.state = 'ready'`).get(id) as StudyRow | undefined
  }

  stateCounts(id: number): Record<string, number> {
    const out: Record<string, number> = {}
    for (const r of this.db.prepare('SELECT state, COUNT(*) AS n FROM optimize_trials WHERE study_id = ? GROUP BY state').all(id) as {
      state: string
      n: number
    }[])
      out[r.state] = r.n
    return out
  }

  trials(id: number): TrialRow[] {
    return this.db
      .prepare(
        'SELECT number, state, vals, params, user_attrs, started_at, completed_at, steps FROM optimize_trials WHERE study_id = ? ORDER BY number'
      )
      .all(id) as TrialRow[]
  }

  trial(id: number, number: number): TrialRow | undefined {
    return this.db
      .prepare(
        'SELECT number, state, vals, params, user_attrs, started_at, completed_at, steps FROM optimize_trials WHERE study_id = ? AND number = ?'
      )
      .get(id, number) as TrialRow | undefined
  }

  /** The first trial number of the `limit` newest trials that reported intermediate values (null when none did). */
  newestReporting(id: number, limit: number): number | null {
    const r = this.db
      .prepare(
        'SELECT MIN(number) AS n FROM (SELECT number FROM optimize_trials WHERE study_id = ? AND steps > 0 ORDER BY number DESC LIMIT ?)'
      )
      .get(id, limit) as { n: number | null }
    return r.n
  }

  /** Intermediate values of the trials numbered `from` and above (a range of the primary key), with their states. */
  intermediateFrom(id: number, from: number): { number: number; state: string; step: number; value: number | null }[] {
    return this.db
      .prepare(
        `SELECT i.number, t.state, i.step, i.value FROM optimize_intermediate i JOIN optimize_trials t ON t.study_id = i.study_id AND t.number = i.number
         WHERE i.study_id = ? AND i.number >= ? ORDER BY i.number, i.step`
      )
      .all(id, from) as { number: number; state: string; step: number; value: number | null }[]
  }

  pruneNotes(id: number): string {
    return (this.db.prepare('SELECT prune_notes FROM optimize_studies WHERE id = ?').get(id) as { prune_notes: string }).prune_notes
  }

  /** The best COMPLETE trial of a single-objective study by its finite value (the lowest number on a tie). */
  best(id: number, dir: 'minimize' | 'maximize'): TrialRow | undefined {
    return this.db
      .prepare(
        `SELECT number, state, vals, params, user_attrs, started_at, completed_at, steps FROM optimize_trials
         WHERE study_id = ? AND state = 'COMPLETE' AND value0 IS NOT NULL ORDER BY value0 ${dir === 'maximize' ? 'DESC' : 'ASC'}, number LIMIT 1`
      )
      .get(id) as TrialRow | undefined
  }

  /** COMPLETE trials' values in trial order, for histories and Pareto fronts (no parameters read). */
  completeValues(id: number): { number: number; vals: string }[] {
    return this.db
      .prepare(`SELECT number, vals FROM optimize_trials WHERE study_id = ? AND state = 'COMPLETE' ORDER BY number`)
      .all(id) as {
      number: number
      vals: string
    }[]
  }

  /** Up to `limit` trials for the views: all of them when there are no more, else the best half and the newest half. */
  trialsForView(id: number, limit: number, dir: 'minimize' | 'maximize'): TrialRow[] {
    return this.db
      .prepare(
        `SELECT number, state, vals, params, user_attrs, started_at, completed_at, steps FROM optimize_trials WHERE study_id = @id AND number IN (
           SELECT number FROM (SELECT number FROM optimize_trials WHERE study_id = @id AND state = 'COMPLETE' AND value0 IS NOT NULL
             ORDER BY value0 ${dir === 'maximize' ? 'DESC' : 'ASC'} LIMIT @half)
           UNION SELECT number FROM (SELECT number FROM optimize_trials WHERE study_id = @id ORDER BY number DESC LIMIT @half))
         ORDER BY number`
      )
      .all({ id, half: Math.floor(limit / 2) }) as TrialRow[]
  }

  publish(ids: number[]): void {
    const st = this.db.prepare(`UPDATE optimize_studies SET state = 'ready' WHERE id = ?`)
    this.db.transaction(() => ids.forEach((i) => st.run(i)))()
  }

  touch(id: number, at: number): void {
    this.db.prepare('UPDATE optimize_studies SET imported_at = ? WHERE id = ?').run(at, id)
  }

  /** Studies an import left half written (failed, cancelled, or the console stopped). */
  dropImporting(): number {
    return this.db.prepare(`DELETE FROM optimize_studies WHERE state = 'importing'`).run().changes
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM optimize_studies WHERE id = ?').run(id).changes > 0
  }
}
