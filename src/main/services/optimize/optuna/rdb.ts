/** Reads studies from Optuna's RDB storage in a SQLite file (schema of Optuna 2.x–4.x), read-only. */
import Database from 'better-sqlite3'
import {
  externalValue,
  OptunaFormatError,
  parseDistribution,
  parseOptunaTime,
  type Direction,
  type OptunaStudy,
  type OptunaTrial,
  type TrialState
} from './types'

const REQUIRED = ['studies', 'study_directions', 'trials', 'trial_params', 'trial_values', 'trial_intermediate_values']

function fromType(value: number | null, type: string | null): number {
  if (type === 'INF_POS') return Infinity
  if (type === 'INF_NEG') return -Infinity
  if (type === 'NAN' || value === null) return NaN
  return value
}

const json = (s: string | null, where: string): unknown => {
  try {
    return s === null ? null : JSON.parse(s)
  } catch {
    throw new OptunaFormatError(`${where}: value_json is not JSON`)
  }
}

/** Whether a SQLite file looks like an Optuna RDB storage. */
export function isOptunaRdb(db: Database.Database): boolean {
  const names = new Set((db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name))
  return REQUIRED.every((t) => names.has(t))
}

/** An open RDB storage: its studies' trials without intermediate values, which are streamed per study. */
export class RdbStorage {
  private readonly db: Database.Database
  private readonly hasValueType: boolean
  private readonly hasIvType: boolean

  constructor(
    readonly file: string,
    nativeBinding?: string
  ) {
    this.db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) })
    if (!isOptunaRdb(this.db)) {
      this.db.close()
      throw new OptunaFormatError(`${file} is a SQLite file but not an Optuna storage (no ${REQUIRED.join(', ')} tables)`)
    }
    const has = (table: string, col: string): boolean =>
      (this.db.prepare(`SELECT COUNT(*) AS n FROM pragma_table_info(?) WHERE name = ?`).get(table, col) as { n: number }).n > 0
    this.hasValueType = has('trial_values', 'value_type')
    this.hasIvType = has('trial_intermediate_values', 'intermediate_value_type')
  }

  studies(): { id: number; name: string }[] {
    return this.db.prepare('SELECT study_id AS id, study_name AS name FROM studies ORDER BY study_id').all() as {
      id: number
      name: string
    }[]
  }

  /** A study with its trials; `intermediate` stays empty (see `intermediate()`). */
  study(id: number, name: string): OptunaStudy {
    return readStudy(this.db, id, name, this.hasValueType)
  }

  /** The study's intermediate values, ordered by trial number and step. */
  *intermediate(studyId: number): Generator<{ number: number; step: number; value: number }> {
    const it = this.hasIvType ? 'v.intermediate_value_type' : 'NULL'
    const rows = this.db
      .prepare(
        `SELECT t.number AS number, v.step AS step, v.intermediate_value AS value, ${it} AS type FROM trial_intermediate_values v
         JOIN trials t ON t.trial_id = v.trial_id WHERE t.study_id = ? ORDER BY t.number, v.step`
      )
      .iterate(studyId) as Iterable<{ number: number; step: number; value: number | null; type: string | null }>
    for (const r of rows) yield { number: r.number, step: r.step, value: fromType(r.value, r.type) }
  }

  close(): void {
    this.db.close()
  }
}

/** Every study with everything, intermediate values included (tests, small storages). */
export function readRdbStudies(file: string, nativeBinding?: string): OptunaStudy[] {
  const storage = new RdbStorage(file, nativeBinding)
  try {
    return storage.studies().map(({ id, name }) => {
      const study = storage.study(id, name)
      const byNumber = new Map(study.trials.map((t) => [t.number, t]))
      for (const v of storage.intermediate(id)) byNumber.get(v.number)!.intermediate.push([v.step, v.value])
      return study
    })
  } finally {
    storage.close()
  }
}

function readStudy(db: Database.Database, studyId: number, name: string, hasValueType: boolean): OptunaStudy {
  const dirs = db.prepare('SELECT direction FROM study_directions WHERE study_id = ? ORDER BY objective').all(studyId) as {
    direction: string
  }[]
  const directions: Direction[] = dirs.map((d) => (d.direction === 'MAXIMIZE' ? 'maximize' : 'minimize'))
  const userAttrs: Record<string, unknown> = {}
  for (const a of db.prepare('SELECT key, value_json FROM study_user_attributes WHERE study_id = ?').all(studyId) as {
    key: string
    value_json: string
  }[])
    userAttrs[a.key] = json(a.value_json, `study ${name}`)
  const trials = new Map<number, OptunaTrial>()
  const rows = db
    .prepare('SELECT trial_id, number, state, datetime_start, datetime_complete FROM trials WHERE study_id = ? ORDER BY number')
    .all(studyId) as { trial_id: number; number: number; state: string; datetime_start: string | null; datetime_complete: string | null }[]
  for (const r of rows)
    trials.set(r.trial_id, {
      number: r.number,
      state: r.state as TrialState,
      values: [],
      params: {},
      distributions: {},
      intermediate: [],
      userAttrs: {},
      startedAt: parseOptunaTime(r.datetime_start),
      completedAt: parseOptunaTime(r.datetime_complete)
    })
  const inStudy = `trial_id IN (SELECT trial_id FROM trials WHERE study_id = ?)`
  for (const p of db
    .prepare(`SELECT trial_id, param_name, param_value, distribution_json FROM trial_params WHERE ${inStudy}`)
    .iterate(studyId) as Iterable<{
    trial_id: number
    param_name: string
    param_value: number
    distribution_json: string
  }>) {
    const t = trials.get(p.trial_id)!
    const where = `study ${name}, trial ${t.number}, param ${p.param_name}`
    const d = parseDistribution(p.distribution_json, where)
    t.distributions[p.param_name] = d
    t.params[p.param_name] = externalValue(d, p.param_value, where)
  }
  const vt = hasValueType ? 'value_type' : 'NULL AS value_type'
  for (const v of db
    .prepare(`SELECT trial_id, objective, value, ${vt} FROM trial_values WHERE ${inStudy} ORDER BY objective`)
    .iterate(studyId) as Iterable<{
    trial_id: number
    objective: number
    value: number | null
    value_type: string | null
  }>)
    trials.get(v.trial_id)!.values[v.objective] = fromType(v.value, v.value_type)
  for (const a of db.prepare(`SELECT trial_id, key, value_json FROM trial_user_attributes WHERE ${inStudy}`).iterate(studyId) as Iterable<{
    trial_id: number
    key: string
    value_json: string
  }>) {
    const t = trials.get(a.trial_id)!
    t.userAttrs[a.key] = json(a.value_json, `study ${name}, trial ${t.number}`)
  }
  return { name, directions, userAttrs, trials: [...trials.values()].sort((a, b) => a.number - b.number) }
}
