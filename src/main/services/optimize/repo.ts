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

  /** Trials with intermediate values: the `limit` newest of them, with their states. */
  intermediate(id: number, limit: number): { number: number; state: string; step: number; value: number | null }[] {
    return this.db
      .prepare(
        `SELECT i.number, t.state, i.step, i.value FROM optimize_intermediate i JOIN optimize_trials t ON t.study_id = i.study_id AND t.number = i.number
         WHERE i.study_id = ? AND i.number IN (SELECT number FROM optimize_trials WHERE study_id = ? AND steps > 0 ORDER BY number DESC LIMIT ?)
         ORDER BY i.number, i.step`
      )
      .all(id, id, limit) as { number: number; state: string; step: number; value: number | null }[]
  }

  /** Every trial's intermediate values (for the pruning notes), as compact rows. */
  allIntermediate(id: number): { number: number; step: number; value: number | null }[] {
    return this.db
      .prepare('SELECT number, step, value FROM optimize_intermediate WHERE study_id = ? ORDER BY number, step')
      .raw(false)
      .all(id) as {
      number: number
      step: number
      value: number | null
    }[]
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
