import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { feastDocs } from './__fixtures__/harness'

/** Through the app as it runs: the module's worker-thread executor, both engines, cancellation. */
let t: TestApp
afterEach(async () => t?.cleanup())

function bigFiles(dir: string, rows: number): { entity: string; source: string } {
  const source = path.join(dir, 'big.csv')
  const lines = ['driver_id,event_timestamp,conv_rate']
  for (let i = 0; i < rows; i++) lines.push(`${i % 5000},${1_600_000_000 + i * 7},${(i % 997) / 997}`)
  fs.writeFileSync(source, lines.join('\n') + '\n')
  const entity = path.join(dir, 'big_entity.csv')
  const e = ['driver_id,event_timestamp']
  for (let i = 0; i < rows / 10; i++) e.push(`${(i * 7) % 5000},${1_600_000_000 + i * 70}`)
  fs.writeFileSync(entity, e.join('\n') + '\n')
  return { entity, source }
}

describe('feature store jobs on worker threads', () => {
  it('builds the same training set with DuckDB and the TypeScript engine, and a cancelled job leaves no file behind', async () => {
    t = tempApp()
    const dir = path.join(t.dir, 'data')
    fs.mkdirSync(dir)
    const docs = feastDocs(dir)
    t.app.features.saveView(docs.view)
    const base = {
      entityPath: docs.entity,
      timestampColumn: 'timestamp',
      features: ['driver_hourly_stats:trips_today', 'driver_hourly_stats:earnings_today'],
      format: 'csv' as const
    }
    const duck = await t.app.features.trainingSets.create({ ...base, name: 'by_duckdb', engine: 'duckdb' })
    const ts = await t.app.features.trainingSets.create({ ...base, name: 'by_ts', engine: 'typescript' })
    expect(duck.manifest.engine).toBe('duckdb')
    expect(ts.manifest.engine).toBe('typescript')
    expect(duck.manifest.features.map((f) => f.nulls)).toEqual([2, 2])
    expect(ts.manifest.features).toEqual(duck.manifest.features)

    const big = bigFiles(dir, 300_000)
    t.app.features.saveView({
      ...docs.view,
      name: 'big',
      timestampField: 'event_timestamp',
      ttlSeconds: 0,
      features: [{ name: 'conv_rate', type: 'float64' }],
      source: { path: big.source }
    })
    for (const engine of ['typescript', 'duckdb'] as const) {
      // cancel as soon as the worker reports its first step (DuckDB: inside a query, interrupted; TypeScript: reading)
      let jobId = ''
      const working = new Promise<void>((resolve) => {
        const off = t.app.bus.subscribe((name, p) => {
          const e = p as { jobId: string; message?: string }
          if (name === 'job:progress' && e.jobId === jobId && e.message) {
            off()
            resolve()
          }
        })
      })
      const started = t.app.features.trainingSets.start({
        name: `big_${engine}`,
        entityPath: big.entity,
        features: ['big:conv_rate'],
        engine,
        format: 'csv'
      })
      jobId = started.jobId
      await working
      expect(t.app.jobs.cancel(started.jobId)).toEqual({ cancelled: true, state: 'cancelled' })
      await expect(t.app.jobs.wait(started.jobId)).rejects.toMatchObject({ code: 'CANCELLED' })
      expect(t.app.jobs.get(started.jobId).state).toBe('cancelled')
      expect(fs.existsSync(path.join(t.dir, 'training-sets', `big_${engine}.csv`))).toBe(false)
    }
    // the console goes on: another job runs to the end
    const after = await t.app.features.trainingSets.create({ ...base, name: 'after', engine: 'duckdb' })
    expect(after.rows).toBe(5)
    expect(fs.readdirSync(path.join(t.dir, 'training-sets')).sort()).toEqual(
      ['after', 'by_duckdb', 'by_ts'].flatMap((n) => [`${n}.csv`, `${n}.csv.manifest.json`])
    )
  }, 120_000)
})
