import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { tempApp, tempDir, type TestApp } from '../../../../tests/helpers/app'
import { generateMlruns } from '../../../../tests/helpers/mlrunsStore'
import { oldWorkspace } from '../../../../tests/helpers/oldWorkspace'
import { pack, unpack } from './series'

/**
 * An import writes its metric histories on a worker, in short transactions, under metric sets no query sees, and
 * publishes them in one short transaction: a reader on another connection sees the whole import or nothing of it;
 * a cancelled or crashed import leaves the workspace as it was; replaced histories are deleted afterwards.
 */
let t: TestApp | undefined
const dirs: string[] = []
afterEach(async () => {
  await t?.cleanup()
  t = undefined
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }))
})

// 120 runs × 4 metrics × 1,000 steps: several write transactions, and long enough to be watched from outside
const RUNS = 120
const METRICS = 4
const STEPS = 1000

function store(offset = 0, root = tempDir('cc-gen-')): string {
  if (!dirs.includes(root)) dirs.push(root)
  generateMlruns(root, RUNS, METRICS, STEPS, offset)
  return root
}

const one = (db: Database.Database, sql: string): number => db.prepare(sql).pluck().get() as number

/** What a reader sees, in one read transaction. */
function observe(db: Database.Database) {
  return db.transaction(() => ({
    runs: one(db, 'SELECT count(*) FROM model_runs'),
    points: one(db, 'SELECT coalesce(sum(s.n), 0) FROM model_runs r JOIN model_metric_series s ON s.set_id = r.metric_set'),
    // runs whose visible history carries the re-import's offset (values above 50)
    shifted: one(
      db,
      "SELECT count(*) FROM model_runs r JOIN model_metric_latest l ON l.set_id = r.metric_set WHERE l.key = 'train_loss_0' AND l.value > 50"
    ),
    staging: one(db, "SELECT count(*) FROM model_metric_sets WHERE state = 'staging'")
  }))()
}

/** Polls `observe` on its own connection every 2 ms until stopped. */
function watch(file: string) {
  const db = new Database(file, { readonly: true })
  const seen: ReturnType<typeof observe>[] = []
  const timer = setInterval(() => seen.push(observe(db)), 2)
  return {
    seen,
    stop: () => {
      clearInterval(timer)
      db.close()
    }
  }
}

const rawCounts = (db: Database.Database) => ({
  sets: one(db, 'SELECT count(*) FROM model_metric_sets'),
  series: one(db, 'SELECT count(*) FROM model_metric_series'),
  latest: one(db, 'SELECT count(*) FROM model_metric_latest'),
  notLive: one(db, "SELECT count(*) FROM model_metric_sets WHERE state != 'live'")
})

describe('import visibility', () => {
  it('a reader on another connection sees a whole import or nothing of it, a first import and a re-import alike', async () => {
    t = tempApp()
    const root = store()
    const all = RUNS * METRICS * STEPS
    const w1 = watch(t.file)
    const first = await t.app.models.importMlruns(root)
    w1.stop()
    expect(first.metricPoints).toBe(all)
    expect(w1.seen.length).toBeGreaterThan(10)
    for (const o of w1.seen) expect((o.runs === 0 && o.points === 0) || (o.runs === RUNS && o.points === all), JSON.stringify(o)).toBe(true)
    // it did look while histories were written but not yet visible
    expect(w1.seen.some((o) => o.staging > 0 && o.runs === 0)).toBe(true)

    generateMlruns(root, RUNS, METRICS, STEPS, 100) // every value changes
    const w2 = watch(t.file)
    const again = await t.app.models.importMlruns(root)
    w2.stop()
    expect(again.runs).toEqual({ created: 0, updated: RUNS, unchanged: 0, deleted: 0 })
    for (const o of w2.seen) {
      expect(o.points).toBe(all)
      expect([0, RUNS]).toContain(o.shifted)
    }
    expect(w2.seen.some((o) => o.staging > 0 && o.shifted === 0)).toBe(true)
    expect(observe(t.app.db).shifted).toBe(RUNS)
    // the replaced histories are deleted afterwards: nothing is left but the live sets
    await t.app.models.cleanUp()
    expect(rawCounts(t.app.db)).toEqual({ sets: RUNS, series: RUNS * METRICS, latest: RUNS * METRICS, notLive: 0 })
  }, 120_000)

  it('a cancel mid-import leaves the workspace as it was: earlier histories visible, the staged ones deleted', async () => {
    t = tempApp()
    const root = store()
    await t.app.models.importMlruns(root)
    const before = observe(t.app.db)
    generateMlruns(root, RUNS, METRICS, STEPS, 100)
    const { jobId } = t.app.models.startImport('mlruns', root)
    await vi.waitFor(() => expect(observe(t!.app.db).staging).toBeGreaterThan(0), { timeout: 20_000, interval: 5 })
    t.app.jobs.cancel(jobId)
    await expect(t.app.jobs.wait(jobId)).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(observe(t.app.db)).toEqual(before)
    expect(rawCounts(t.app.db)).toEqual({ sets: RUNS, series: RUNS * METRICS, latest: RUNS * METRICS, notLive: 0 })
    expect(t.app.jobs.get(jobId).state).toBe('cancelled')
  }, 120_000)

  it('a crash mid-import (the process killed) is cleaned at the next start, and nothing of it is visible', async () => {
    const dir = tempDir('cc-crash-')
    dirs.push(dir)
    const file = path.join(dir, 'workspace.db')
    const root = store()
    const script = path.join(__dirname, '__fixtures__', 'crashingImport.ts')
    const child = spawn(path.resolve('node_modules/.bin/vite-node'), [script, file, root], { stdio: ['ignore', 'pipe', 'inherit'] })
    const exited = new Promise((r) => child.once('exit', r))
    try {
      await vi.waitFor(
        () => {
          expect(fs.existsSync(file)).toBe(true)
          const db = new Database(file, { readonly: true })
          try {
            expect(one(db, "SELECT count(*) FROM model_metric_sets WHERE state = 'staging'")).toBeGreaterThan(0)
          } finally {
            db.close()
          }
        },
        { timeout: 60_000, interval: 5 }
      )
    } finally {
      child.kill('SIGKILL')
      await exited
    }
    t = tempApp({ file })
    expect(observe(t.app.db)).toMatchObject({ runs: 0, points: 0 })
    expect(t.app.jobs.list({ area: 'models' }).map((j) => j.state)).toEqual(['interrupted'])
    // the start cleans up by itself, in the background
    await vi.waitFor(() => expect(rawCounts(t!.app.db)).toEqual({ sets: 0, series: 0, latest: 0, notLive: 0 }), { timeout: 20_000 })
    // and the store imports whole afterwards
    const report = await t.app.models.importMlruns(root)
    expect(report.runs.created).toBe(RUNS)
    expect(observe(t.app.db)).toMatchObject({ runs: RUNS, points: RUNS * METRICS * STEPS, staging: 0 })
  }, 120_000)
})

describe('metric sets migration (0012)', () => {
  it('keeps the histories of a workspace imported before metric sets existed', async () => {
    const dir = tempDir('cc-old-')
    dirs.push(dir)
    const { file, db } = oldWorkspace(dir, 11)
    db.prepare("INSERT INTO model_sources (id, kind, path, last_imported_at) VALUES (1, 'mlruns', '/old', 1)").run()
    db.prepare("INSERT INTO model_experiments (id, source_id, external_id, name) VALUES (1, 1, '1', 'old')").run()
    db.prepare(
      "INSERT INTO model_runs (id, experiment_id, run_uuid, name, status, content_hash, imported_at) VALUES (7, 1, 'u7', 'seven', 'FINISHED', 'h', 1)"
    ).run()
    const f = (xs: number[]) => pack(Float64Array.from(xs))
    db.prepare('INSERT INTO model_metric_series (run_id, key, n, steps, vals, timestamps) VALUES (7, ?, 3, ?, ?, ?)').run(
      'loss',
      f([0, 1, 2]),
      f([0.9, 0.5, 0.25]),
      f([10, 11, 12])
    )
    db.prepare("INSERT INTO model_metric_latest (run_id, key, value, step, timestamp) VALUES (7, 'loss', 0.25, 2, 12)").run()
    db.close()
    t = tempApp({ file })
    const run = t.app.models.runDetail(7)
    expect(run.metrics).toEqual([expect.objectContaining({ key: 'loss', value: 0.25, step: 2, count: 3 })])
    expect(Array.from(unpack(t.app.models.repo.series(7)[0]!.vals))).toEqual([0.9, 0.5, 0.25])
    expect(t.app.models.runs()).toEqual([expect.objectContaining({ id: 7, metricCount: 1 })])
  })
})
