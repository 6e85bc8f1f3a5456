import crypto from 'node:crypto'
import fs from 'node:fs'
import Database from 'better-sqlite3'
import { AppError } from '../../../shared/errors'
import { normaliseStage } from './mlruns'
import { SeriesBuilder, type Series } from './series'
import type { ParseContext, ParsedExperiment, ParsedModel, ParsedRun, ParsedVersion } from './types'

/**
 * MLflow SQLite backend store (mlflow.db) reader. Tables as MLflow's SQLAlchemy models define them:
 * experiments, experiment_tags, runs, metrics, latest_metrics, params, tags, registered_models,
 * registered_model_tags, model_versions, model_version_tags, registered_model_aliases.
 */
export class MlflowDb {
  private db: Database.Database
  constructor(
    file: string,
    private nativeBinding?: string
  ) {
    if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `${file} does not exist on the machine running the console`, 'path')
    try {
      this.db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) })
      this.db.prepare('SELECT count(*) FROM sqlite_master').get()
    } catch (err) {
      throw new AppError('VALIDATION', `${file} is not a SQLite database: ${(err as Error).message}`, 'path')
    }
    const missing = ['experiments', 'runs', 'metrics', 'params', 'tags'].filter((t) => !this.has(t))
    if (missing.length)
      throw new AppError('VALIDATION', `${file} is not an MLflow tracking database (missing tables: ${missing.join(', ')})`, 'path')
  }

  private has(table: string): boolean {
    return !!this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)
  }

  close(): void {
    this.db.close()
  }

  experiments(): ParsedExperiment[] {
    const tags = new Map<string, Record<string, string>>()
    if (this.has('experiment_tags'))
      for (const t of this.db.prepare('SELECT key, value, experiment_id FROM experiment_tags').all() as {
        key: string
        value: string | null
        experiment_id: number
      }[]) {
        const m = tags.get(String(t.experiment_id)) ?? {}
        m[t.key] = t.value ?? ''
        tags.set(String(t.experiment_id), m)
      }
    return (this.db.prepare('SELECT * FROM experiments ORDER BY experiment_id').all() as Record<string, unknown>[]).map((e) => ({
      externalId: String(e.experiment_id),
      name: String(e.name),
      artifactLocation: (e.artifact_location as string | null) ?? null,
      lifecycleStage: (e.lifecycle_stage as string | null) ?? 'active',
      createdAt: (e.creation_time as number | null) ?? null,
      updatedAt: (e.last_update_time as number | null) ?? null,
      tags: tags.get(String(e.experiment_id)) ?? {}
    }))
  }

  runCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n
  }

  /** Runs one at a time, metrics read per run (ordered as logged). */
  *runs(ctx: ParseContext): Generator<ParsedRun> {
    const runs = this.db.prepare('SELECT * FROM runs ORDER BY start_time, run_uuid').all() as Record<string, unknown>[]
    const params = this.db.prepare('SELECT key, value FROM params WHERE run_uuid = ? ORDER BY key')
    const tags = this.db.prepare('SELECT key, value FROM tags WHERE run_uuid = ? ORDER BY key')
    const metrics = this.db
      .prepare('SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? ORDER BY key, timestamp, step')
      .raw(true)
    const summary = this.db
      .prepare(
        'SELECT key, count(*) AS n, max(timestamp) AS t, max(step) AS s, total(value) AS v FROM metrics WHERE run_uuid = ? GROUP BY key ORDER BY key'
      )
      .raw(true)
    for (const r of runs) {
      const uuid = String(r.run_uuid)
      const p = new Map((params.all(uuid) as { key: string; value: string | null }[]).map((x) => [x.key, x.value ?? '']))
      const t = new Map((tags.all(uuid) as { key: string; value: string | null }[]).map((x) => [x.key, x.value ?? '']))
      const h = crypto.createHash('sha256')
      h.update(JSON.stringify(r))
      for (const [k, v] of p) h.update(`p\0${k}\0${v}\0`)
      for (const [k, v] of t) h.update(`t\0${k}\0${v}\0`)
      for (const row of summary.all(uuid) as unknown[][]) h.update(`m\0${row.join('\0')}\0`)
      const contentHash = h.digest('hex')
      let series: Map<string, Series> | null = null
      if (ctx.knownHash(uuid) !== contentHash) {
        series = new Map()
        let key = ''
        let b: SeriesBuilder | null = null
        let nonFinite = 0
        const flush = (): void => {
          if (b) series!.set(key, b.build())
          if (nonFinite)
            ctx.warn(
              `run ${uuid} metric ${key}: ${nonFinite} NaN or infinite value(s) kept in the history, shown as gaps and left out of comparisons`
            )
          nonFinite = 0
        }
        for (const row of metrics.iterate(uuid) as Iterable<[string, number | null, number, number, number]>) {
          if (row[0] !== key || !b) {
            flush()
            key = row[0]
            b = new SeriesBuilder(64)
          }
          const value = row[4] ? NaN : row[1] === null ? NaN : row[1]
          if (!Number.isFinite(value)) nonFinite++
          b.push(row[2], value, row[3] ?? 0)
        }
        flush()
      }
      yield {
        runUuid: uuid,
        experimentExternalId: String(r.experiment_id),
        name: (r.name as string | null) ?? t.get('mlflow.runName') ?? uuid.slice(0, 8),
        status: (r.status as string | null) ?? 'UNKNOWN',
        startTime: (r.start_time as number | null) ?? null,
        endTime: (r.end_time as number | null) ?? null,
        userId: (r.user_id as string | null) ?? null,
        artifactUri: (r.artifact_uri as string | null) ?? null,
        lifecycleStage: (r.lifecycle_stage as string | null) ?? 'active',
        params: p,
        tags: t,
        metrics: series,
        contentHash
      }
    }
  }

  registry(): ParsedModel[] {
    if (!this.has('registered_models')) return []
    const modelTags = new Map<string, Record<string, string>>()
    if (this.has('registered_model_tags'))
      for (const t of this.db.prepare('SELECT key, value, name FROM registered_model_tags').all() as {
        key: string
        value: string | null
        name: string
      }[]) {
        const m = modelTags.get(t.name) ?? {}
        m[t.key] = t.value ?? ''
        modelTags.set(t.name, m)
      }
    const versionTags = new Map<string, Record<string, string>>()
    if (this.has('model_version_tags'))
      for (const t of this.db.prepare('SELECT key, value, name, version FROM model_version_tags').all() as {
        key: string
        value: string | null
        name: string
        version: number
      }[]) {
        const k = `${t.name}\0${t.version}`
        const m = versionTags.get(k) ?? {}
        m[t.key] = t.value ?? ''
        versionTags.set(k, m)
      }
    const aliases = new Map<string, Record<string, number>>()
    if (this.has('registered_model_aliases'))
      for (const a of this.db.prepare('SELECT alias, version, name FROM registered_model_aliases').all() as {
        alias: string
        version: number
        name: string
      }[]) {
        const m = aliases.get(a.name) ?? {}
        m[a.alias] = a.version
        aliases.set(a.name, m)
      }
    const versions = this.has('model_versions')
      ? (this.db.prepare('SELECT * FROM model_versions ORDER BY name, version').all() as Record<string, unknown>[])
      : []
    return (this.db.prepare('SELECT * FROM registered_models ORDER BY name').all() as Record<string, unknown>[]).map((m) => {
      const name = String(m.name)
      const vs: ParsedVersion[] = versions
        .filter((v) => v.name === name)
        .map((v) => ({
          version: Number(v.version),
          createdAt: (v.creation_time as number | null) ?? 0,
          updatedAt: (v.last_updated_time as number | null) ?? (v.creation_time as number | null) ?? 0,
          runUuid: (v.run_id as string | null) ?? null,
          source: (v.source as string | null) ?? (v.storage_location as string | null) ?? '',
          status: (v.status as string | null) ?? 'READY',
          stage: normaliseStage((v.current_stage as string | null) ?? null),
          description: (v.description as string | null) ?? '',
          tags: versionTags.get(`${name}\0${String(v.version)}`) ?? {},
          artifactLocalPath: null
        }))
      return {
        name,
        description: (m.description as string | null) ?? '',
        createdAt: (m.creation_time as number | null) ?? 0,
        updatedAt: (m.last_updated_time as number | null) ?? 0,
        tags: modelTags.get(name) ?? {},
        aliases: aliases.get(name) ?? {},
        versions: vs
      }
    })
  }
}
