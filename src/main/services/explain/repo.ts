/** SQL of the explain area: explanations, their chunks of values, and model endpoints. */
import type { Algorithm, Endpoint, ExplanationSummary } from '../../../shared/contract/explain'
import type { Db } from '../../db/open'

export interface RunRow {
  id: number
  name: string
  state: 'running' | 'done' | 'failed' | 'cancelled'
  job_id: string | null
  version_id: number | null
  version_label: string | null
  model_kind: 'xgboost' | 'lightgbm' | 'endpoint' | 'batch-files'
  model_source: string
  model_sha256: string | null
  data_path: string
  data_sha256: string
  algorithm: Algorithm
  settings: string
  rows: number
  features: string
  outputs: string
  link: string
  expected: string
  summary: string | null
  error: string | null
  created_at: number
  finished_at: number | null
}

export interface ChunkRow {
  chunk: number
  row0: number
  n: number
  row_ids: Buffer
  x: Buffer
  phi: Buffer
  fx: Buffer
  se: Buffer | null
  inter: Buffer | null
}

export interface ChunkInput {
  chunk: number
  row0: number
  rowIds: Int32Array
  x: Float64Array
  phi: Float64Array
  fx: Float64Array
  se: Float64Array | null
  inter: Float64Array | null
}

interface EndpointRow {
  id: number
  name: string
  url: string
  batch_rows: number
  timeout_ms: number
  created_at: number
  updated_at: number
}

const blob = (a: ArrayBufferView | null): Buffer | null => (a ? Buffer.from(a.buffer, a.byteOffset, a.byteLength) : null)

export const toSummary = (r: RunRow): ExplanationSummary => ({
  id: r.id,
  name: r.name,
  state: r.state,
  jobId: r.job_id,
  versionId: r.version_id,
  versionLabel: r.version_label,
  modelKind: r.model_kind,
  modelSource: r.model_source,
  algorithm: r.algorithm,
  dataPath: r.data_path,
  dataSha256: r.data_sha256,
  rows: r.rows,
  featureCount: (JSON.parse(r.features) as string[]).length,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  error: r.error
})

const toEndpoint = (r: EndpointRow): Endpoint => ({
  id: r.id,
  name: r.name,
  url: r.url,
  batchRows: r.batch_rows,
  timeoutMs: r.timeout_ms,
  createdAt: r.created_at,
  updatedAt: r.updated_at
})

export class ExplainRepo {
  constructor(readonly db: Db) {}

  createRun(
    r: Pick<
      RunRow,
      'name' | 'version_id' | 'version_label' | 'model_kind' | 'model_source' | 'data_path' | 'algorithm' | 'settings' | 'created_at'
    >
  ): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO explain_runs (name, state, version_id, version_label, model_kind, model_source, data_path, algorithm, settings, created_at)
           VALUES (@name, 'running', @version_id, @version_label, @model_kind, @model_source, @data_path, @algorithm, @settings, @created_at)`
        )
        .run(r).lastInsertRowid
    )
  }

  setJob(id: number, jobId: string): void {
    this.db.prepare('UPDATE explain_runs SET job_id = ? WHERE id = ?').run(jobId, id)
  }

  /** What the job learned before computing: the model's and data's identity, features and outputs. */
  setShape(
    id: number,
    s: {
      modelSha256: string | null
      dataSha256: string
      features: string[]
      outputs: string[]
      link: string
      rows: number
      modelKind?: RunRow['model_kind']
    }
  ): void {
    this.db
      .prepare(
        `UPDATE explain_runs SET model_sha256 = ?, data_sha256 = ?, features = ?, outputs = ?, link = ?, rows = ?, model_kind = coalesce(?, model_kind) WHERE id = ?`
      )
      .run(s.modelSha256, s.dataSha256, JSON.stringify(s.features), JSON.stringify(s.outputs), s.link, s.rows, s.modelKind ?? null, id)
  }

  insertChunk(runId: number, c: ChunkInput): void {
    this.db
      .prepare('INSERT INTO explain_chunks (run_id, chunk, row0, n, row_ids, x, phi, fx, se, inter) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(runId, c.chunk, c.row0, c.rowIds.length, blob(c.rowIds), blob(c.x), blob(c.phi), blob(c.fx), blob(c.se), blob(c.inter))
  }

  finish(id: number, expected: number[], summary: unknown, at: number): void {
    this.db
      .prepare("UPDATE explain_runs SET state = 'done', expected = ?, summary = ?, finished_at = ?, error = NULL WHERE id = ?")
      .run(JSON.stringify(expected), JSON.stringify(summary), at, id)
  }

  /** A failed or cancelled run keeps its row (what was asked, why it ended) but none of its values. */
  end(id: number, state: 'failed' | 'cancelled', error: string, at: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM explain_chunks WHERE run_id = ?').run(id)
      this.db.prepare('UPDATE explain_runs SET state = ?, error = ?, finished_at = ? WHERE id = ?').run(state, error, at, id)
    })()
  }

  /** Runs a previous process left running: failed, values dropped. */
  failStale(at: number): number {
    const ids = this.db.prepare("SELECT id FROM explain_runs WHERE state = 'running'").all() as { id: number }[]
    for (const { id } of ids) this.end(id, 'failed', 'the console stopped while this explanation was computed', at)
    return ids.length
  }

  run(id: number): RunRow | undefined {
    return this.db.prepare('SELECT * FROM explain_runs WHERE id = ?').get(id) as RunRow | undefined
  }

  runs(versionId?: number): RunRow[] {
    return (
      versionId === undefined
        ? this.db.prepare('SELECT * FROM explain_runs ORDER BY created_at DESC, id DESC LIMIT 500').all()
        : this.db.prepare('SELECT * FROM explain_runs WHERE version_id = ? ORDER BY created_at DESC, id DESC').all(versionId)
    ) as RunRow[]
  }

  chunks(runId: number, withInteractions = false): ChunkRow[] {
    return this.db
      .prepare(
        `SELECT chunk, row0, n, row_ids, x, phi, fx, se, ${withInteractions ? 'inter' : 'NULL AS inter'} FROM explain_chunks WHERE run_id = ? ORDER BY chunk`
      )
      .all(runId) as ChunkRow[]
  }

  /** The chunk holding row position `pos` (0-based, in the order rows were explained). */
  chunkAt(runId: number, pos: number): ChunkRow | undefined {
    return this.db
      .prepare(
        'SELECT chunk, row0, n, row_ids, x, phi, fx, se, NULL AS inter FROM explain_chunks WHERE run_id = ? AND row0 <= ? ORDER BY row0 DESC LIMIT 1'
      )
      .get(runId, pos) as ChunkRow | undefined
  }

  deleteRun(id: number): boolean {
    return this.db.prepare('DELETE FROM explain_runs WHERE id = ?').run(id).changes > 0
  }

  endpoints(): Endpoint[] {
    return (this.db.prepare('SELECT * FROM explain_endpoints ORDER BY name COLLATE NOCASE').all() as EndpointRow[]).map(toEndpoint)
  }

  endpoint(id: number): Endpoint | undefined {
    const r = this.db.prepare('SELECT * FROM explain_endpoints WHERE id = ?').get(id) as EndpointRow | undefined
    return r ? toEndpoint(r) : undefined
  }

  endpointByName(name: string): Endpoint | undefined {
    const r = this.db.prepare('SELECT * FROM explain_endpoints WHERE name = ?').get(name) as EndpointRow | undefined
    return r ? toEndpoint(r) : undefined
  }

  saveEndpoint(e: { id?: number | undefined; name: string; url: string; batchRows: number; timeoutMs: number }, at: number): number {
    if (e.id !== undefined) {
      this.db
        .prepare('UPDATE explain_endpoints SET name = ?, url = ?, batch_rows = ?, timeout_ms = ?, updated_at = ? WHERE id = ?')
        .run(e.name, e.url, e.batchRows, e.timeoutMs, at, e.id)
      return e.id
    }
    return Number(
      this.db
        .prepare('INSERT INTO explain_endpoints (name, url, batch_rows, timeout_ms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(e.name, e.url, e.batchRows, e.timeoutMs, at, at).lastInsertRowid
    )
  }

  deleteEndpoint(id: number): boolean {
    return this.db.prepare('DELETE FROM explain_endpoints WHERE id = ?').run(id).changes > 0
  }
}
