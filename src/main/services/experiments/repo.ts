/** The experiments area's SQL (used by the service and, for an import's rows, by the worker's own connection). */
import type { Db } from '../../db/open'
import { statementCache } from '../../db/open'
import { FIELDS, NF } from './sums'

export interface ExperimentRow {
  id: number
  name: string
  hypothesis: string
  owner: string
  status: 'draft' | 'running' | 'stopped' | 'decided'
  coverage: number
  hash_attribute: string
  seed: string
  hash_version: number
  flag_key: string
  dimensions: string
  mde: number
  alpha: number
  target_power: number
  engine: 'frequentist' | 'sequential' | 'bayesian'
  sequential_tuning: number
  prior_proper: number
  prior_mean: number
  prior_sd: number
  correction: 'none' | 'holm-bonferroni' | 'benjamini-hochberg'
  family: 'all' | 'metric'
  cuped_lookback_days: number
  started_at: number | null
  stopped_at: number | null
  promotion: string | null
  created_at: number
  updated_at: number
}

export interface VariationRow {
  idx: number
  key: string
  name: string
  weight: number
  model_version_id: number | null
}

export interface MetricRow {
  idx: number
  key: string
  name: string
  kind: 'proportion' | 'mean' | 'ratio'
  event: string
  numerator: string
  denominator: string
  window_hours: number | null
  role: 'primary' | 'secondary' | 'guardrail'
  higher_is_better: number
  cuped: number
}

export interface ImportRow {
  id: number
  experiment_id: number
  kind: 'events' | 'sums'
  state: 'staging' | 'ready' | 'failed'
  files: string
  job_id: string | null
  report: string | null
  created_at: number
  ready_at: number | null
}

export interface DecisionRow {
  id: number
  decision: 'ship' | 'rollback' | 'keep-running'
  variation: number | null
  reason: string
  decided_by: string
  decided_at: number
  snapshot: string
}

/** One row of sums: metric, slice, variation, day and the 15 sums in FIELDS order. */
export interface SumRow {
  metric: string
  dimension: string
  value: string
  variation: number
  day: number
  sums: ArrayLike<number>
}

export interface UnitRow {
  dimension: string
  value: string
  variation: number
  day: number
  units: number
}

export type ExperimentWrite = Omit<ExperimentRow, 'id' | 'status' | 'started_at' | 'stopped_at' | 'promotion' | 'created_at' | 'updated_at'>

const EXPERIMENT_COLUMNS = [
  'name',
  'hypothesis',
  'owner',
  'coverage',
  'hash_attribute',
  'seed',
  'hash_version',
  'flag_key',
  'dimensions',
  'mde',
  'alpha',
  'target_power',
  'engine',
  'sequential_tuning',
  'prior_proper',
  'prior_mean',
  'prior_sd',
  'correction',
  'family',
  'cuped_lookback_days'
] as const

export class ExperimentsRepo {
  private readonly st: ReturnType<typeof statementCache>

  constructor(readonly db: Db) {
    this.st = statementCache(db)
  }

  // ---------------------------------------------------------------- experiments
  experiments(): ExperimentRow[] {
    return this.st('SELECT * FROM experiments_defs ORDER BY created_at DESC, id DESC').all() as ExperimentRow[]
  }

  experiment(id: number): ExperimentRow | undefined {
    return this.st('SELECT * FROM experiments_defs WHERE id = ?').get(id) as ExperimentRow | undefined
  }

  experimentByName(name: string): ExperimentRow | undefined {
    return this.st('SELECT * FROM experiments_defs WHERE name = ? COLLATE NOCASE').get(name) as ExperimentRow | undefined
  }

  insertExperiment(e: ExperimentWrite, now: number): number {
    const cols = EXPERIMENT_COLUMNS.join(', ')
    const marks = EXPERIMENT_COLUMNS.map(() => '?').join(', ')
    return Number(
      this.st(`INSERT INTO experiments_defs (${cols}, created_at, updated_at) VALUES (${marks}, ?, ?)`).run(
        ...EXPERIMENT_COLUMNS.map((c) => e[c]),
        now,
        now
      ).lastInsertRowid
    )
  }

  updateExperiment(id: number, e: ExperimentWrite, now: number): void {
    const sets = EXPERIMENT_COLUMNS.map((c) => `${c} = ?`).join(', ')
    this.st(`UPDATE experiments_defs SET ${sets}, updated_at = ? WHERE id = ?`).run(...EXPERIMENT_COLUMNS.map((c) => e[c]), now, id)
  }

  setStatus(id: number, status: ExperimentRow['status'], now: number, startedAt: number | null, stoppedAt: number | null): void {
    this.st('UPDATE experiments_defs SET status = ?, started_at = ?, stopped_at = ?, updated_at = ? WHERE id = ?').run(
      status,
      startedAt,
      stoppedAt,
      now,
      id
    )
  }

  setPromotion(id: number, text: string, now: number): void {
    this.st('UPDATE experiments_defs SET promotion = ?, updated_at = ? WHERE id = ?').run(text, now, id)
  }

  deleteExperiment(id: number): number {
    return this.st('DELETE FROM experiments_defs WHERE id = ?').run(id).changes
  }

  variations(experimentId: number): VariationRow[] {
    return this.st('SELECT idx, key, name, weight, model_version_id FROM experiments_variations WHERE experiment_id = ? ORDER BY idx').all(
      experimentId
    ) as VariationRow[]
  }

  metrics(experimentId: number): MetricRow[] {
    return this.st('SELECT * FROM experiments_metrics WHERE experiment_id = ? ORDER BY idx').all(experimentId) as MetricRow[]
  }

  replaceVariations(experimentId: number, rows: VariationRow[]): void {
    this.st('DELETE FROM experiments_variations WHERE experiment_id = ?').run(experimentId)
    const ins = this.st(
      'INSERT INTO experiments_variations (experiment_id, idx, key, name, weight, model_version_id) VALUES (?, ?, ?, ?, ?, ?)'
    )
    for (const r of rows) ins.run(experimentId, r.idx, r.key, r.name, r.weight, r.model_version_id)
  }

  replaceMetrics(experimentId: number, rows: MetricRow[]): void {
    this.st('DELETE FROM experiments_metrics WHERE experiment_id = ?').run(experimentId)
    const ins = this.st(
      `INSERT INTO experiments_metrics (experiment_id, idx, key, name, kind, event, numerator, denominator, window_hours, role, higher_is_better, cuped)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    for (const r of rows)
      ins.run(
        experimentId,
        r.idx,
        r.key,
        r.name,
        r.kind,
        r.event,
        r.numerator,
        r.denominator,
        r.window_hours,
        r.role,
        r.higher_is_better,
        r.cuped
      )
  }

  // ---------------------------------------------------------------- imports
  insertImport(experimentId: number, kind: ImportRow['kind'], files: string[], now: number): number {
    return Number(
      this.st("INSERT INTO experiments_imports (experiment_id, kind, state, files, created_at) VALUES (?, ?, 'staging', ?, ?)").run(
        experimentId,
        kind,
        JSON.stringify(files),
        now
      ).lastInsertRowid
    )
  }

  setImportJob(importId: number, jobId: string): void {
    this.st('UPDATE experiments_imports SET job_id = ? WHERE id = ?').run(jobId, importId)
  }

  /** Marks an import ready and drops the experiment's older imports (their rows go with them). */
  publishImport(importId: number, experimentId: number, report: unknown, now: number): void {
    this.st("UPDATE experiments_imports SET state = 'ready', report = ?, ready_at = ? WHERE id = ?").run(
      JSON.stringify(report),
      now,
      importId
    )
    this.st('DELETE FROM experiments_imports WHERE experiment_id = ? AND id <> ? AND state <> ?').run(experimentId, importId, 'staging')
  }

  failImport(importId: number): void {
    this.st('DELETE FROM experiments_sums WHERE import_id = ?').run(importId)
    this.st('DELETE FROM experiments_units WHERE import_id = ?').run(importId)
    this.st("UPDATE experiments_imports SET state = 'failed' WHERE id = ?").run(importId)
  }

  latestImport(experimentId: number): ImportRow | undefined {
    return this.st("SELECT * FROM experiments_imports WHERE experiment_id = ? AND state = 'ready' ORDER BY id DESC LIMIT 1").get(
      experimentId
    ) as ImportRow | undefined
  }

  lastImportAttempt(experimentId: number): ImportRow | undefined {
    return this.st('SELECT * FROM experiments_imports WHERE experiment_id = ? ORDER BY id DESC LIMIT 1').get(experimentId) as
      ImportRow | undefined
  }

  /** Imports left 'staging' by a console that stopped mid-import. */
  staleStaging(): number[] {
    return (this.st("SELECT id FROM experiments_imports WHERE state = 'staging'").all() as { id: number }[]).map((r) => r.id)
  }

  insertSums(importId: number, rows: Iterable<SumRow>): number {
    const marks = FIELDS.map(() => '?').join(', ')
    const ins = this.st(
      `INSERT INTO experiments_sums (import_id, metric, dimension, value, variation, day, ${FIELDS.join(', ')}) VALUES (?, ?, ?, ?, ?, ?, ${marks})`
    )
    let n = 0
    const args = new Array<unknown>(6 + NF)
    for (const r of rows) {
      args[0] = importId
      args[1] = r.metric
      args[2] = r.dimension
      args[3] = r.value
      args[4] = r.variation
      args[5] = r.day
      for (let f = 0; f < NF; f++) args[6 + f] = r.sums[f]
      ins.run(args)
      n++
    }
    return n
  }

  insertUnits(importId: number, rows: Iterable<UnitRow>): void {
    const ins = this.st('INSERT INTO experiments_units (import_id, dimension, value, variation, day, units) VALUES (?, ?, ?, ?, ?, ?)')
    for (const r of rows) ins.run(importId, r.dimension, r.value, r.variation, r.day, r.units)
  }

  /** Sums of one slice set: dimension '' (the whole experiment, by day) or one dimension (every value). */
  sums(
    importId: number,
    dimension: string
  ): (Record<(typeof FIELDS)[number], number> & { metric: string; value: string; variation: number; day: number })[] {
    return this.st(
      `SELECT metric, value, variation, day, ${FIELDS.join(', ')} FROM experiments_sums WHERE import_id = ? AND dimension = ? ORDER BY day`
    ).all(importId, dimension) as (Record<(typeof FIELDS)[number], number> & {
      metric: string
      value: string
      variation: number
      day: number
    })[]
  }

  units(importId: number, dimension: string): UnitRow[] {
    return this.st(
      'SELECT dimension, value, variation, day, units FROM experiments_units WHERE import_id = ? AND dimension = ? ORDER BY day'
    ).all(importId, dimension) as UnitRow[]
  }

  dimensionsOf(importId: number): string[] {
    return (
      this.st("SELECT DISTINCT dimension FROM experiments_units WHERE import_id = ? AND dimension <> '' ORDER BY dimension").all(
        importId
      ) as { dimension: string }[]
    ).map((r) => r.dimension)
  }

  // ---------------------------------------------------------------- decisions
  insertDecision(experimentId: number, d: Omit<DecisionRow, 'id'>): number {
    return Number(
      this.st(
        'INSERT INTO experiments_decisions (experiment_id, decision, variation, reason, decided_by, decided_at, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?)'
      ).run(experimentId, d.decision, d.variation, d.reason, d.decided_by, d.decided_at, d.snapshot).lastInsertRowid
    )
  }

  decisions(experimentId: number): DecisionRow[] {
    return this.st('SELECT * FROM experiments_decisions WHERE experiment_id = ? ORDER BY decided_at DESC, id DESC').all(
      experimentId
    ) as DecisionRow[]
  }
}
