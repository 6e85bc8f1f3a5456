import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterEach, describe, expect, it } from 'vitest'
import { featuresHarness, feastDocs, type FeaturesHarness } from './__fixtures__/harness'
import { inlineFeaturesExecutor, type FeaturesExecutor } from './jobs'
import { writeCsv } from './__fixtures__/cases'

let h: FeaturesHarness
afterEach(async () => h?.cleanup())

const readCsv = (file: string): Record<string, string>[] =>
  parse(fs.readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[]

describe('training sets', () => {
  it('Feast’s documented example through the service: exact versions, a manifest with null rates, CSV and Parquet', async () => {
    h = featuresHarness()
    const docs = feastDocs(h.dir)
    h.features.saveView(docs.view)
    const ts = await h.features.trainingSets.create({
      name: 'trip_success',
      entityPath: docs.entity,
      timestampColumn: 'timestamp',
      features: ['driver_hourly_stats:trips_today', 'driver_hourly_stats:earnings_today'],
      format: 'csv'
    })
    expect(ts.outputPath).toBe(path.join(h.t.dir, 'training-sets', 'trip_success.csv'))
    expect(readCsv(ts.outputPath).map((r) => [r.timestamp, r.trip_success, r.trips_today, r.earnings_today])).toEqual([
      ['2021-09-16 23:00:00', '0', '', ''],
      ['2021-09-17 01:15:30', '1', '1', '50'],
      ['2021-09-17 04:32:45', '0', '6', '238'],
      ['2021-09-17 05:43:10', '1', '8', '301'],
      ['2021-09-17 16:26:17', '0', '', '']
    ])
    expect(ts.manifest).toMatchObject({
      name: 'trip_success',
      rows: 5,
      views: [{ name: 'driver_hourly_stats', version: 0, ttlSeconds: 7200, features: ['trips_today', 'earnings_today'] }],
      features: [
        { ref: 'driver_hourly_stats:trips_today', column: 'trips_today', version: 0, nulls: 2, nullRate: 0.4 },
        { ref: 'driver_hourly_stats:earnings_today', column: 'earnings_today', version: 0, nulls: 2, nullRate: 0.4 }
      ],
      columns: ['timestamp', 'driver_id', 'trip_success', 'trips_today', 'earnings_today'],
      engine: 'typescript',
      filterByCreatedTimestamp: false
    })
    expect(JSON.parse(fs.readFileSync(ts.manifestPath, 'utf8'))).toEqual(ts.manifest)
    expect(h.features.trainingSets.list('driver_hourly_stats').map((t) => t.name)).toEqual(['trip_success'])
    expect(h.features.view('driver_hourly_stats').trainingSets).toEqual([expect.objectContaining({ name: 'trip_success', version: 0 })])

    const pq = await h.features.trainingSets.create({
      name: 'trip_success_pq',
      entityPath: docs.entity,
      timestampColumn: 'timestamp',
      features: ['driver_hourly_stats:earnings_today'],
      format: 'parquet',
      engine: 'duckdb'
    })
    expect(pq.manifest).toMatchObject({ engine: 'duckdb', rows: 5, output: { format: 'parquet' }, features: [{ nulls: 2 }] })
    expect(pq.manifest.output.bytes).toBe(fs.statSync(pq.outputPath).size)
  })

  it('a pinned reference reads the version it names, with that version’s source', async () => {
    h = featuresHarness()
    const docs = feastDocs(h.dir)
    h.features.saveView(docs.view)
    // v1: a corrected source where every earning is doubled
    const rows = (parse(fs.readFileSync(docs.source, 'utf8'), { columns: false }) as string[][]).slice(1)
    const v1 = writeCsv(
      path.join(h.dir, 'corrected.csv'),
      ['timestamp', 'driver_id', 'trips_today', 'earnings_today'],
      rows.map((r) => [r[0]!, r[1]!, r[2]!, String(Number(r[3]) * 2)])
    )
    expect(h.features.saveView({ ...docs.view, source: { path: v1 } })).toMatchObject({ outcome: 'new-version', version: 1 })
    const both = async (name: string, ref: string): Promise<string[]> => {
      const t = await h.features.trainingSets.create({
        name,
        entityPath: docs.entity,
        timestampColumn: 'timestamp',
        features: [ref],
        format: 'csv'
      })
      return readCsv(t.outputPath).map((r) => r.earnings_today!)
    }
    expect(await both('pinned', 'driver_hourly_stats@v0:earnings_today')).toEqual(['', '50', '238', '301', ''])
    expect(await both('current', 'driver_hourly_stats:earnings_today')).toEqual(['', '100', '476', '602', ''])
    expect(h.features.trainingSets.get(h.features.trainingSets.list().find((t) => t.name === 'pinned')!.id).views).toEqual([
      { name: 'driver_hourly_stats', version: 0 }
    ])
  })

  it('checks the request at once, naming the field', async () => {
    h = featuresHarness()
    const docs = feastDocs(h.dir)
    h.features.saveView(docs.view)
    h.features.saveView({ ...docs.view, name: 'other' })
    const base = { name: 'ts', entityPath: docs.entity, timestampColumn: 'timestamp', features: ['driver_hourly_stats:trips_today'] }
    await h.features.trainingSets.create(base)
    const refused = async (over: object, field: string, msg: RegExp): Promise<void> => {
      await expect(h.features.trainingSets.create({ ...base, name: 'ts2', ...over })).rejects.toMatchObject({
        code: 'VALIDATION',
        field,
        message: expect.stringMatching(msg)
      })
    }
    await refused({ name: 'ts' }, 'name', /already used/)
    await refused({ entityPath: path.join(h.dir, 'nope.csv') }, 'entityPath', /no file or folder/)
    await refused({ features: ['driver_hourly_stats:nope'] }, 'features', /has no feature “nope”/)
    await refused({ features: ['driver_hourly_stats:trips_today', 'other:trips_today'] }, 'features', /turn on full feature names/)
    await refused({ features: ['driver_hourly_stats@v0:trips_today', 'driver_hourly_stats@v0:trips_today'] }, 'features', /selected twice/)
    await refused({ timestampColumn: 'when' }, 'entityPath', /has no column “when”/)
    const ok = await h.features.trainingSets.create({
      ...base,
      name: 'full',
      features: ['driver_hourly_stats:trips_today', 'other:trips_today'],
      fullFeatureNames: true
    })
    expect(ok.manifest.columns.slice(-2)).toEqual(['driver_hourly_stats__trips_today', 'other__trips_today'])
    const badTs = writeCsv(
      path.join(h.dir, 'bad_entity.csv'),
      ['timestamp', 'driver_id'],
      [
        ['2021-09-17 01:00:00', '101'],
        ['yesterday', '101'],
        ['', '101']
      ]
    )
    await refused({ entityPath: badTs }, 'entityPath', /“timestamp” is missing or not a timestamp in 2 rows \(lines 3, 4\)/)
    expect(fs.existsSync(path.join(h.t.dir, 'training-sets', 'ts2.parquet'))).toBe(false)
  })

  it('is attached to a model version as its training data (lineage on the version page)', async () => {
    h = featuresHarness()
    const docs = feastDocs(h.dir)
    h.features.saveView(docs.view)
    const ts = await h.features.trainingSets.create({
      name: 'eta_train',
      entityPath: docs.entity,
      timestampColumn: 'timestamp',
      features: ['driver_hourly_stats:trips_today']
    })
    const m = h.t.app.models.create({ name: 'eta', description: '', owner: '', tags: {} })
    const v = h.t.app.models.createVersion({ modelId: m.id, description: '', notes: '', tags: {} })
    expect(() => h.features.trainingSets.attach(ts.id, v.id + 50)).toThrow(/modelVersionId: no such model version/)
    expect(h.features.trainingSets.attach(ts.id, v.id).modelVersion).toEqual({ id: v.id, label: 'eta v1' })
    expect(h.t.app.models.version(v.id)).toMatchObject({
      trainingSet: { id: ts.id, name: 'eta_train', views: ['driver_hourly_stats@v0'] },
      dataset: expect.stringContaining('eta_train: feature store training set, 5 rows from driver_hourly_stats@v0')
    })
  })

  it('one click makes a drift check between the training set and the recent values of each view', async () => {
    h = featuresHarness()
    const docs = feastDocs(h.dir)
    h.features.saveView(docs.view)
    const ts = await h.features.trainingSets.create({
      name: 'drifty',
      entityPath: docs.entity,
      timestampColumn: 'timestamp',
      features: ['driver_hourly_stats:trips_today', 'driver_hourly_stats:earnings_today'],
      format: 'csv'
    })
    const { checks } = await h.features.trainingSets.createDriftCheck(ts.id, 1)
    expect(checks).toHaveLength(1)
    const check = h.t.app.drift.check(checks[0]!.id)
    expect(check.name).toMatch(/^drifty · driver_hourly_stats · last 1d · /)
    expect(Object.keys(check.columns).sort()).toEqual(['driver_id', 'timestamp', 'trip_success'])
    const current = h.t.app.drift.dataset(check.currentId)
    expect(current.rows).toBe(6)
    expect(current.columns.map((c) => c.name)).toEqual(['trips_today', 'earnings_today'])
    expect(h.features.trainingSets.get(ts.id).driftChecks).toEqual(checks)
    await expect(h.features.trainingSets.createDriftCheck(ts.id, 1)).resolves.toMatchObject({
      checks: [{ name: expect.stringMatching(/\(2\)$/) }]
    })
  }, 60_000)

  it('engine auto falls back to TypeScript, with a warning in the manifest, where DuckDB cannot load', async () => {
    const noDuck: FeaturesExecutor = {
      run: (job, progress, signal) =>
        job.type === 'retrieve' && job.engine === 'duckdb'
          ? Promise.reject(new Error("Cannot find module '@duckdb/node-bindings-linux-arm64-musl/duckdb.node'"))
          : inlineFeaturesExecutor.run(job, progress, signal)
    }
    h = featuresHarness({ executor: noDuck, engine: 'duckdb' })
    const docs = feastDocs(h.dir)
    h.features.saveView(docs.view)
    const ts = await h.features.trainingSets.create({
      name: 'fallback',
      entityPath: docs.entity,
      timestampColumn: 'timestamp',
      features: ['driver_hourly_stats:trips_today']
    })
    expect(ts.manifest.engine).toBe('typescript')
    expect(ts.manifest.warnings).toEqual([expect.stringMatching(/^DuckDB could not be loaded here \(Cannot find module/)])
    // asked for by name, DuckDB's failure is the job's failure
    await expect(
      h.features.trainingSets.create({
        name: 'strict',
        entityPath: docs.entity,
        timestampColumn: 'timestamp',
        features: ['driver_hourly_stats:trips_today'],
        engine: 'duckdb'
      })
    ).rejects.toThrow(/Cannot find module/)
  })
})
