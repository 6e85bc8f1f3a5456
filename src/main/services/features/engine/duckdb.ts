/** Historical retrieval on DuckDB: the files read in place, ASOF joins, the result copied to CSV/Parquet; memory capped, spills to disk. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { csvDelimiter, FeatureInputError, type Progress, type SourceFiles } from '../files'
import { badTimestampMessage, type RetrievalRequest, type RetrievalResult } from './retrieval'
import { lit, resultSelect, tsExpr, viewStatements, type SqlView } from './sql'

type Connection = Awaited<ReturnType<Awaited<ReturnType<typeof import('@duckdb/node-api').DuckDBInstance.create>>['connect']>>

const cancelled = (): Error => Object.assign(new Error('cancelled'), { name: 'AbortError' })

/** A relation over a source's files; CSV cells stay text (the same rules as the TypeScript engine then apply). */
export function relation(src: SourceFiles): string {
  const files = `[${src.files.map(lit).join(', ')}]`
  if (src.format === 'parquet') return `read_parquet(${files})`
  return `read_csv(${files}, header = true, all_varchar = true, delim = ${lit(csvDelimiter(src.files[0]!))}, quote = '"', escape = '"', null_padding = true, strict_mode = false)`
}

/**
 * The source with `__ord`, its position in file order: Parquet gives exact row numbers (file index × 2^40 + row);
 * CSV rows are numbered by one ordered scan, so the source is copied into a table once (materialise).
 */
export function orderedSource(src: SourceFiles): { relation: string; materialise: boolean } {
  const files = `[${src.files.map(lit).join(', ')}]`
  if (src.format === 'parquet')
    return {
      relation: `(SELECT *, (list_position(${files}, filename) - 1) * 1099511627776 + file_row_number AS __ord FROM read_parquet(${files}, filename = true, file_row_number = true))`,
      materialise: false
    }
  return { relation: `(SELECT *, row_number() OVER () AS __ord FROM ${relation(src)})`, materialise: true }
}

async function columnTypes(c: Connection, rel: string, label: string, field: string): Promise<Map<string, string>> {
  try {
    const r = await c.runAndReadAll(`DESCRIBE SELECT * FROM ${rel}`)
    return new Map(r.getRowObjects().map((row) => [String(row.column_name), String(row.column_type)]))
  } catch (err) {
    throw new FeatureInputError(`${label}: ${(err as Error).message.split('\n')[0]}`, field)
  }
}

function need(types: Map<string, string>, cols: string[], label: string, field: string): void {
  const missing = cols.filter((c) => !types.has(c))
  if (missing.length)
    throw new FeatureInputError(
      `${label} has no column ${missing.map((m) => `“${m}”`).join(', ')} (its columns: ${[...types.keys()].slice(0, 30).join(', ')})`,
      field
    )
}

/** Loads @duckdb/node-api; null when it cannot be loaded on this machine. */
export async function loadDuckdb(): Promise<typeof import('@duckdb/node-api') | null> {
  try {
    return await import('@duckdb/node-api')
  } catch {
    return null
  }
}

export async function retrieveDuckdb(req: RetrievalRequest, progress: Progress, signal?: AbortSignal): Promise<RetrievalResult> {
  const t0 = performance.now()
  const duck = await loadDuckdb()
  if (!duck) throw new Error('DuckDB (@duckdb/node-api) is not available on this machine')
  const temp = req.tempDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cc-features-duckdb-'))
  fs.mkdirSync(temp, { recursive: true })
  const instance = await duck.DuckDBInstance.create(':memory:', {
    memory_limit: `${req.memoryLimitMb ?? 1024}MB`,
    threads: String(req.threads ?? Math.max(1, os.cpus().length)),
    temp_directory: temp,
    preserve_insertion_order: 'true'
  })
  const c = await instance.connect()
  const stop = (): void => c.interrupt()
  signal?.addEventListener('abort', stop, { once: true })
  const steps = 1 + req.views.length * 6 + 1
  let step = 0
  const run = async (sql: string, message: string): Promise<void> => {
    if (signal?.aborted) throw cancelled()
    progress(step, steps, message)
    try {
      await c.run(sql)
    } catch (err) {
      if (signal?.aborted) throw cancelled()
      throw err
    }
    step++
  }
  try {
    await c.run(`SET TimeZone = 'UTC'`)
    const entityRel = relation(req.entity.source)
    const entityTypes = await columnTypes(c, entityRel, 'entity file', 'entityPath')
    const entityColumns = [...entityTypes.keys()]
    need(
      entityTypes,
      [req.entity.timestampColumn, ...new Set(req.views.flatMap((v) => v.keys.map((k) => k.name)))],
      'the entity file',
      'entityPath'
    )
    await run(
      `CREATE TEMP TABLE __entity AS SELECT row_number() OVER () - 1 AS __row, *, ${tsExpr(req.entity.timestampColumn, entityTypes.get(req.entity.timestampColumn)!)} AS __ts FROM ${entityRel}`,
      'reading the entity file'
    )
    const bad = (await c.runAndReadAll(`SELECT __row FROM __entity WHERE __ts IS NULL ORDER BY __row LIMIT 5`))
      .getRows()
      .map((r) => Number(r[0]))
    if (bad.length) {
      const count = Number((await c.runAndReadAll(`SELECT count(*) FROM __entity WHERE __ts IS NULL`)).getRows()[0]![0])
      throw new FeatureInputError(badTimestampMessage(req.entity.timestampColumn, bad, count, req.entity.source.format), 'entityPath')
    }
    const views: SqlView[] = []
    for (let i = 0; i < req.views.length; i++) {
      const v = req.views[i]!
      const rel = relation(v.source)
      const types = await columnTypes(c, rel, `view ${v.name}`, 'features')
      need(
        types,
        [
          ...v.keys.map((k) => k.name),
          v.timestampField,
          ...(v.createdTimestampField ? [v.createdTimestampField] : []),
          ...v.features.map((f) => f.name)
        ],
        `view ${v.name}: its source`,
        'features'
      )
      const ordered = orderedSource(v.source)
      const sv: SqlView = {
        alias: `v${i}`,
        source: ordered.relation,
        materialise: ordered.materialise,
        types,
        keys: v.keys,
        timestampField: v.timestampField,
        createdTimestampField: v.createdTimestampField,
        ttlMs: v.ttlSeconds * 1000,
        features: v.features
      }
      views.push(sv)
      const stmts = viewStatements(sv, entityTypes, req.filterByCreatedTimestamp)
      for (const s of stmts) await run(s, `joining ${v.name}`)
    }
    const nulls: Record<string, number> = {}
    const total = Number((await c.runAndReadAll('SELECT count(*) FROM __entity')).getRows()[0]![0])
    for (const v of views) {
      const counts = (
        await c.runAndReadAll(`SELECT ${v.features.map((_, i) => `count(__b.v${i})`).join(', ')} FROM ${v.alias}_j`)
      ).getRows()[0]!
      v.features.forEach((f, i) => (nulls[f.column] = total - Number(counts[i])))
    }
    const format = req.output.format === 'parquet' ? 'FORMAT parquet' : 'FORMAT csv, HEADER true'
    await run(`COPY (${resultSelect(entityColumns, views)}) TO ${lit(req.output.path)} (${format})`, 'writing the training set')
    progress(steps, steps, 'done')
    return { engine: 'duckdb', rows: total, nulls, warnings: [], durationMs: performance.now() - t0 }
  } finally {
    signal?.removeEventListener('abort', stop)
    c.closeSync()
    instance.closeSync()
    fs.rmSync(temp, { recursive: true, force: true })
  }
}
