/** SQL for drift datasets (column blobs), checks, runs and per-column results. */
import type {
  ColumnKind,
  ColumnOverride,
  ColumnResult,
  ColumnSpec,
  DatasetColumn,
  DatasetDetail,
  DatasetSummary,
  DriftCheckSummary,
  DriftRunSummary,
  RunState
} from '../../../shared/contract/drift'
import type { Db } from '../../db/open'
import type { ColumnData } from './columns'

export interface DatasetRow {
  id: number
  name: string
  mode: 'import' | 'register'
  path: string
  format: 'csv' | 'parquet'
  delimiter: string | null
  has_header: number
  encoding: string
  schema: string
  row_count: number
  bytes: number
  warnings: string
  model: string
  version: string
  role: 'reference' | 'current' | 'none'
  imported_at: number
}

interface ColumnRow {
  idx: number
  name: string
  kind: ColumnKind
  encoding: 'f64' | 'dict'
  n: number
  missing: number
  n_unique: number
  message: string | null
  dictionary?: string | null
}

export interface CheckRow {
  id: number
  name: string
  model: string
  version: string
  reference_id: number
  current_id: number
  schedule: string | null
  timezone: string
  next_run_at: number | null
  drift_share: number
  prediction_column: string | null
  target_column: string | null
  columns: string
  created_at: number
  updated_at: number
}

interface RunRow {
  id: number
  check_id: number
  trigger: 'manual' | 'schedule'
  state: RunState
  started_at: number
  finished_at: number | null
  share: number | null
  tested: number
  drifted: number
  dataset_drift: number
  prediction_drift: number | null
  target_drift: number | null
  reference_rows: number
  current_rows: number
  error: string | null
}

const bool = (v: number | null): boolean | null => (v === null ? null : v === 1)

export const toDatasetSummary = (r: DatasetRow): DatasetSummary => ({
  id: r.id,
  name: r.name,
  mode: r.mode,
  path: r.path,
  format: r.format,
  rows: r.row_count,
  columnCount: (JSON.parse(r.schema) as unknown[]).length,
  model: r.model,
  version: r.version,
  role: r.role,
  importedAt: r.imported_at,
  bytes: r.bytes,
  warnings: JSON.parse(r.warnings) as string[]
})

export const toRunSummary = (r: RunRow): DriftRunSummary => ({
  id: r.id,
  checkId: r.check_id,
  trigger: r.trigger,
  state: r.state,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  share: r.share,
  tested: r.tested,
  drifted: r.drifted,
  datasetDrift: r.dataset_drift === 1,
  predictionDrift: bool(r.prediction_drift),
  targetDrift: bool(r.target_drift),
  referenceRows: r.reference_rows,
  currentRows: r.current_rows,
  error: r.error
})

/** Values per stored segment: 1 MiB of float64. */
export const SEGMENT_VALUES = 131_072

export class DriftRepo {
  constructor(private db: Db) {}

  // ---------- datasets

  datasets(): DatasetRow[] {
    return this.db.prepare('SELECT * FROM drift_datasets ORDER BY imported_at DESC, id DESC').all() as DatasetRow[]
  }

  dataset(id: number): DatasetRow | undefined {
    return this.db.prepare('SELECT * FROM drift_datasets WHERE id = ?').get(id) as DatasetRow | undefined
  }

  datasetByName(name: string): DatasetRow | undefined {
    return this.db.prepare('SELECT * FROM drift_datasets WHERE name = ?').get(name) as DatasetRow | undefined
  }

  insertDataset(d: Omit<DatasetRow, 'id' | 'schema' | 'warnings'> & { schema: ColumnSpec[]; warnings: string[] }): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO drift_datasets (name, mode, path, format, delimiter, has_header, encoding, schema, row_count, bytes, warnings, model, version, role, imported_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(
          d.name,
          d.mode,
          d.path,
          d.format,
          d.delimiter,
          d.has_header,
          d.encoding,
          JSON.stringify(d.schema),
          d.row_count,
          d.bytes,
          JSON.stringify(d.warnings),
          d.model,
          d.version,
          d.role,
          d.imported_at
        ).lastInsertRowid
    )
  }

  updateDatasetRows(id: number, rows: number, warnings: string[]): void {
    this.db.prepare('UPDATE drift_datasets SET row_count = ?, warnings = ? WHERE id = ?').run(rows, JSON.stringify(warnings), id)
  }

  /** A column's metadata, then its values in segments, each its own short statement (yielding via `between`). */
  insertColumn(datasetId: number, idx: number, c: ColumnData, between?: () => void): void {
    const n = c.encoding === 'f64' ? c.values.length : c.codes.length
    this.db
      .prepare(
        'INSERT INTO drift_dataset_columns (dataset_id, idx, name, kind, encoding, n, missing, n_unique, message, dictionary) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
      )
      .run(
        datasetId,
        idx,
        c.name,
        c.kind,
        c.encoding,
        n,
        c.missing,
        c.nUnique,
        c.message,
        c.encoding === 'dict' ? JSON.stringify(c.dictionary) : null
      )
    const insert = this.db.prepare('INSERT INTO drift_column_segments (dataset_id, idx, seg, data) VALUES (?, ?, ?, ?)')
    const arr = c.encoding === 'f64' ? c.values : c.codes
    for (let seg = 0, start = 0; start < n || seg === 0; seg++, start += SEGMENT_VALUES) {
      const part = arr.subarray(start, Math.min(n, start + SEGMENT_VALUES))
      insert.run(datasetId, idx, seg, Buffer.from(part.buffer, part.byteOffset, part.byteLength))
      between?.()
    }
  }

  updateDatasetMeta(
    id: number,
    d: {
      format: 'csv' | 'parquet'
      delimiter: string | null
      has_header: number
      encoding: string
      schema: ColumnSpec[]
      row_count: number
      bytes: number
      warnings: string[]
    }
  ): void {
    this.db
      .prepare(
        'UPDATE drift_datasets SET format = ?, delimiter = ?, has_header = ?, encoding = ?, schema = ?, row_count = ?, bytes = ?, warnings = ? WHERE id = ?'
      )
      .run(d.format, d.delimiter, d.has_header, d.encoding, JSON.stringify(d.schema), d.row_count, d.bytes, JSON.stringify(d.warnings), id)
  }

  deleteDataset(id: number): void {
    this.db.prepare('DELETE FROM drift_datasets WHERE id = ?').run(id)
  }

  columnInfo(datasetId: number): DatasetColumn[] {
    const rows = this.db
      .prepare(
        'SELECT idx, name, kind, encoding, n, missing, n_unique, message FROM drift_dataset_columns WHERE dataset_id = ? ORDER BY idx'
      )
      .all(datasetId) as ColumnRow[]
    return rows.map((r) => ({ name: r.name, kind: r.kind, missing: r.missing, unique: r.n_unique, message: r.message }))
  }

  columnCount(datasetId: number): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM drift_dataset_columns WHERE dataset_id = ?').get(datasetId) as { n: number }).n
  }

  /** Read one stored column back into typed arrays. */
  readColumn(datasetId: number, idx: number): ColumnData | undefined {
    const r = this.db.prepare('SELECT * FROM drift_dataset_columns WHERE dataset_id = ? AND idx = ?').get(datasetId, idx) as
      ColumnRow | undefined
    if (!r) return undefined
    const base = {
      name: r.name,
      kind: r.kind,
      missing: r.missing,
      invalid: 0,
      invalidExample: null,
      nUnique: r.n_unique,
      message: r.message
    }
    const width = r.encoding === 'f64' ? 8 : 4
    const out = new ArrayBuffer(r.n * width)
    const bytes = new Uint8Array(out)
    let at = 0
    for (const s of this.db
      .prepare('SELECT data FROM drift_column_segments WHERE dataset_id = ? AND idx = ? ORDER BY seg')
      .iterate(datasetId, idx) as Iterable<{ data: Buffer }>) {
      bytes.set(s.data, at)
      at += s.data.byteLength
    }
    if (r.encoding === 'f64') return { ...base, encoding: 'f64', values: new Float64Array(out) }
    return { ...base, encoding: 'dict', codes: new Int32Array(out), dictionary: JSON.parse(r.dictionary ?? '[]') as string[] }
  }

  detail(row: DatasetRow): DatasetDetail {
    return {
      ...toDatasetSummary(row),
      delimiter: row.delimiter,
      header: row.has_header === 1,
      encoding: row.encoding,
      columns: this.columnInfo(row.id)
    }
  }

  checksUsing(datasetId: number): string[] {
    return (
      this.db.prepare('SELECT name FROM drift_checks WHERE reference_id = ? OR current_id = ?').all(datasetId, datasetId) as {
        name: string
      }[]
    ).map((r) => r.name)
  }

  // ---------- checks

  checks(): CheckRow[] {
    return this.db.prepare('SELECT * FROM drift_checks ORDER BY name').all() as CheckRow[]
  }

  check(id: number): CheckRow | undefined {
    return this.db.prepare('SELECT * FROM drift_checks WHERE id = ?').get(id) as CheckRow | undefined
  }

  checkByName(name: string): CheckRow | undefined {
    return this.db.prepare('SELECT * FROM drift_checks WHERE name = ?').get(name) as CheckRow | undefined
  }

  saveCheck(c: Omit<CheckRow, 'id' | 'created_at' | 'updated_at'> & { id?: number | undefined }, at: number): number {
    if (c.id !== undefined) {
      this.db
        .prepare(
          `UPDATE drift_checks SET name = ?, model = ?, version = ?, reference_id = ?, current_id = ?, schedule = ?, timezone = ?, next_run_at = ?, drift_share = ?,
           prediction_column = ?, target_column = ?, columns = ?, updated_at = ? WHERE id = ?`
        )
        .run(
          c.name,
          c.model,
          c.version,
          c.reference_id,
          c.current_id,
          c.schedule,
          c.timezone,
          c.next_run_at,
          c.drift_share,
          c.prediction_column,
          c.target_column,
          c.columns,
          at,
          c.id
        )
      return c.id
    }
    return Number(
      this.db
        .prepare(
          `INSERT INTO drift_checks (name, model, version, reference_id, current_id, schedule, timezone, next_run_at, drift_share, prediction_column, target_column, columns, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
        )
        .run(
          c.name,
          c.model,
          c.version,
          c.reference_id,
          c.current_id,
          c.schedule,
          c.timezone,
          c.next_run_at,
          c.drift_share,
          c.prediction_column,
          c.target_column,
          c.columns,
          at,
          at
        ).lastInsertRowid
    )
  }

  /** Checks saved before schedules had zones ran in the machine's zone: give them that zone. */
  fillTimeZones(zone: string): void {
    this.db.prepare("UPDATE drift_checks SET timezone = ? WHERE timezone = ''").run(zone)
  }

  setNextRun(id: number, at: number | null): void {
    this.db.prepare('UPDATE drift_checks SET next_run_at = ? WHERE id = ?').run(at, id)
  }

  deleteCheck(id: number): void {
    this.db.prepare('DELETE FROM drift_checks WHERE id = ?').run(id)
  }

  checkSummary(c: CheckRow): DriftCheckSummary {
    const names = this.db.prepare('SELECT id, name FROM drift_datasets WHERE id IN (?, ?)').all(c.reference_id, c.current_id) as {
      id: number
      name: string
    }[]
    const nameOf = (id: number): string | null => names.find((n) => n.id === id)?.name ?? null
    const last = this.db.prepare('SELECT * FROM drift_runs WHERE check_id = ? ORDER BY started_at DESC, id DESC LIMIT 1').get(c.id) as
      RunRow | undefined
    return {
      id: c.id,
      name: c.name,
      model: c.model,
      version: c.version,
      referenceId: c.reference_id,
      referenceName: nameOf(c.reference_id),
      currentId: c.current_id,
      currentName: nameOf(c.current_id),
      schedule: c.schedule,
      timezone: c.timezone,
      nextRunAt: c.next_run_at,
      driftShare: c.drift_share,
      predictionColumn: c.prediction_column,
      targetColumn: c.target_column,
      columns: JSON.parse(c.columns) as Record<string, ColumnOverride>,
      lastRun: last ? toRunSummary(last) : null
    }
  }

  // ---------- runs

  insertRun(checkId: number, trigger: 'manual' | 'schedule', at: number): number {
    return Number(
      this.db.prepare("INSERT INTO drift_runs (check_id, trigger, state, started_at) VALUES (?, ?, 'running', ?)").run(checkId, trigger, at)
        .lastInsertRowid
    )
  }

  runs(checkId: number, limit: number): DriftRunSummary[] {
    return (
      this.db
        .prepare('SELECT * FROM drift_runs WHERE check_id = ? ORDER BY started_at DESC, id DESC LIMIT ?')
        .all(checkId, limit) as RunRow[]
    ).map(toRunSummary)
  }

  run(runId: number): DriftRunSummary | undefined {
    const r = this.db.prepare('SELECT * FROM drift_runs WHERE id = ?').get(runId) as RunRow | undefined
    return r ? toRunSummary(r) : undefined
  }

  /** Imports that never finished (the console stopped mid-import) leave a row without a schema: drop it. */
  dropUnfinishedImports(): void {
    this.db
      .prepare(
        "DELETE FROM drift_datasets WHERE schema = '[]' AND id NOT IN (SELECT reference_id FROM drift_checks UNION SELECT current_id FROM drift_checks)"
      )
      .run()
  }

  /**
   * Finished runs started before `before` (and their column results), up to `batch` per check along its
   * (check_id, started_at) index; each check keeps its latest run however old. Returns how many runs went.
   */
  pruneRuns(before: number, batch: number): number {
    const del = this.db.prepare(
      `DELETE FROM drift_runs WHERE id IN (SELECT id FROM drift_runs WHERE check_id = ? AND started_at < ? AND state != 'running'
         AND id < (SELECT MAX(id) FROM drift_runs WHERE check_id = ?) LIMIT ?)`
    )
    let n = 0
    for (const id of this.db.prepare('SELECT id FROM drift_checks').pluck().all() as number[]) n += del.run(id, before, id, batch).changes
    return n
  }

  /** Interrupted runs (the console stopped mid-run) are marked failed at start. */
  failStaleRuns(at: number): void {
    this.db
      .prepare(
        "UPDATE drift_runs SET state = 'failed', finished_at = ?, error = 'the console stopped before this run finished' WHERE state = 'running'"
      )
      .run(at)
  }

  finishRun(runId: number, state: RunState, at: number, error: string | null): void {
    this.db.prepare('UPDATE drift_runs SET state = ?, finished_at = ?, error = ? WHERE id = ?').run(state, at, error, runId)
  }

  storeOutcome(
    runId: number,
    at: number,
    o: {
      share: number | null
      tested: number
      drifted: number
      datasetDrift: boolean
      predictionDrift: boolean | null
      targetDrift: boolean | null
      referenceRows: number
      currentRows: number
    },
    columns: { result: ColumnResult; detail: unknown }[]
  ): void {
    const insert = this.db.prepare('INSERT INTO drift_run_columns (run_id, idx, name, drifted, result, detail) VALUES (?, ?, ?, ?, ?, ?)')
    const b = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0)
    this.db
      .transaction(() => {
        columns.forEach((c, i) =>
          insert.run(
            runId,
            i,
            c.result.name,
            c.result.drifted ? 1 : 0,
            JSON.stringify(c.result),
            c.detail === null ? null : JSON.stringify(c.detail)
          )
        )
        this.db
          .prepare(
            `UPDATE drift_runs SET state = 'done', finished_at = ?, share = ?, tested = ?, drifted = ?, dataset_drift = ?, prediction_drift = ?, target_drift = ?,
             reference_rows = ?, current_rows = ?, error = NULL WHERE id = ?`
          )
          .run(
            at,
            o.share,
            o.tested,
            o.drifted,
            o.datasetDrift ? 1 : 0,
            b(o.predictionDrift),
            b(o.targetDrift),
            o.referenceRows,
            o.currentRows,
            runId
          )
      })
      .immediate()
  }

  runColumns(runId: number): ColumnResult[] {
    return (this.db.prepare('SELECT result FROM drift_run_columns WHERE run_id = ? ORDER BY idx').all(runId) as { result: string }[]).map(
      (r) => JSON.parse(r.result) as ColumnResult
    )
  }

  runColumn(runId: number, name: string): { result: ColumnResult; detail: unknown } | undefined {
    const r = this.db.prepare('SELECT result, detail FROM drift_run_columns WHERE run_id = ? AND name = ?').get(runId, name) as
      { result: string; detail: string | null } | undefined
    return r ? { result: JSON.parse(r.result) as ColumnResult, detail: r.detail ? (JSON.parse(r.detail) as unknown) : null } : undefined
  }
}
