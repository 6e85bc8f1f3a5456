import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { driftHarness, type DriftHarness } from './__fixtures__/harness'
import { systemTimeZone } from '../../core/cron'
import { DRIFT_RUN_HISTORY_DAYS, nextCheckRun } from './service'

const FIX = path.join(__dirname, '__fixtures__')
let h: DriftHarness
afterEach(async () => h?.cleanup())

async function setup(schedule: string | null = null) {
  const ref = await h.drift.importDataset({
    name: 'ref',
    path: path.join(FIX, 'small-reference.csv'),
    role: 'reference',
    model: 'churn',
    version: '3'
  })
  const cur = await h.drift.importDataset({
    name: 'cur',
    path: path.join(FIX, 'small-current.csv'),
    role: 'current',
    model: 'churn',
    version: '3'
  })
  const check = h.drift.saveCheck({
    name: 'nightly',
    model: 'churn',
    version: '3',
    referenceId: ref.id,
    currentId: cur.id,
    schedule,
    predictionColumn: 'prediction',
    targetColumn: 'target'
  })
  return { ref, cur, check }
}

describe('drift service', () => {
  it('stores datasets column by column as typed-array blobs, not a row per cell', async () => {
    h = driftHarness()
    const { ref } = await setup()
    const rows = h.t.app.db
      .prepare(
        'SELECT name, encoding, n, (SELECT sum(length(data)) FROM drift_column_segments s WHERE s.dataset_id = c.dataset_id AND s.idx = c.idx) AS bytes FROM drift_dataset_columns c WHERE dataset_id = ? ORDER BY idx'
      )
      .all(ref.id) as { name: string; encoding: string; n: number; bytes: number }[]
    expect(rows).toHaveLength(13)
    expect(rows.find((r) => r.name === 'age')).toMatchObject({ encoding: 'f64', n: 800, bytes: 800 * 8 })
    expect(rows.find((r) => r.name === 'plan')).toMatchObject({ encoding: 'dict', n: 800, bytes: 800 * 4 })
    const col = h.drift.repo.readColumn(ref.id, 0)!
    expect(col.encoding === 'f64' && col.values.length).toBe(800)
    // one segment per 131,072 values
    expect(
      (h.t.app.db.prepare('SELECT count(*) AS n FROM drift_column_segments WHERE dataset_id = ?').get(ref.id) as { n: number }).n
    ).toBe(13)
    expect(h.drift.datasets().map((d) => [d.name, d.rows, d.columnCount, d.model, d.version, d.role])).toEqual([
      ['cur', 700, 13, 'churn', '3', 'current'],
      ['ref', 800, 13, 'churn', '3', 'reference']
    ])
  })

  it('a scheduled check runs when due (injected clock), stores history and fires drift:detected', async () => {
    h = driftHarness()
    const { check } = await setup('0 * * * *')
    expect(check.nextRunAt).toBe(Date.UTC(2026, 0, 5, 10, 0))
    expect(h.drift.tick()).toEqual([]) // not due yet
    h.clock.set(Date.UTC(2026, 0, 5, 10, 0, 1))
    const [runId] = h.drift.tick()
    expect(runId).toBeGreaterThan(0)
    await h.drift.waitForRun(runId!)
    const detected = h.events.filter((e) => e.name === 'drift:detected')
    expect(detected).toHaveLength(1)
    const run = h.drift.run(runId!)
    expect(detected[0]!.payload).toEqual({
      checkId: check.id,
      checkName: 'nightly',
      model: 'churn',
      version: '3',
      share: run.share,
      driftedColumns: run.columns.filter((c) => c.drifted).map((c) => c.name),
      runId,
      at: Date.UTC(2026, 0, 5, 10, 0, 1)
    })
    expect(run.trigger).toBe('schedule')
    expect(h.drift.check(check.id).nextRunAt).toBe(Date.UTC(2026, 0, 5, 11, 0))
    const states = h.events.filter((e) => e.name === 'drift:run').map((e) => e.payload.state)
    expect(states[0]).toBe('running')
    expect(states.at(-1)).toBe('done')
    expect(h.events.some((e) => e.name === 'job:progress' && e.payload.kind === 'drift:run' && e.payload.state === 'done')).toBe(true)
    // a second beat an hour later adds to the history
    h.clock.set(Date.UTC(2026, 0, 5, 11, 0, 0))
    const [second] = h.drift.tick()
    await h.drift.waitForRun(second!)
    expect(h.drift.check(check.id).runs.map((r) => r.id)).toEqual([second, runId])
  })

  it('a schedule runs in its own time zone; checks saved without one get the machine’s zone', async () => {
    h = driftHarness()
    const { ref, cur, check } = await setup('0 * * * *')
    expect(check.timezone).toBe(systemTimeZone())
    // 06:00 in Kolkata (UTC+5:30) is 00:30 UTC
    const kolkata = h.drift.saveCheck({
      name: 'india',
      referenceId: ref.id,
      currentId: cur.id,
      schedule: '0 6 * * *',
      timezone: 'Asia/Kolkata'
    })
    expect(kolkata.timezone).toBe('Asia/Kolkata')
    expect(kolkata.nextRunAt).toBe(Date.UTC(2026, 0, 6, 0, 30))
    h.clock.set(Date.UTC(2026, 0, 6, 0, 30, 1))
    const started = h.drift.tick()
    expect(started).toHaveLength(2) // the hourly one is due as well
    for (const id of started) await h.drift.waitForRun(id)
    expect(h.drift.check(kolkata.id).nextRunAt).toBe(Date.UTC(2026, 0, 7, 0, 30))
    // a check saved before schedules had zones ran in the machine's zone, and keeps it
    h.t.app.db.prepare("UPDATE drift_checks SET timezone = '' WHERE id = ?").run(check.id)
    h.drift.repo.fillTimeZones('Europe/Paris')
    expect(h.drift.check(check.id).timezone).toBe('Europe/Paris')
  })

  it('no drift:detected when the share stays below drift_share', async () => {
    h = driftHarness()
    const ref = await h.drift.importDataset({ name: 'a', path: path.join(FIX, 'small-reference.csv') })
    const same = await h.drift.importDataset({ name: 'b', path: path.join(FIX, 'small-reference.csv') })
    const check = h.drift.saveCheck({ name: 'same', referenceId: ref.id, currentId: same.id })
    const { runId } = h.drift.runNow(check.id)
    await h.drift.waitForRun(runId)
    expect(h.drift.run(runId)).toMatchObject({ state: 'done', share: 0, datasetDrift: false })
    expect(h.events.filter((e) => e.name === 'drift:detected')).toHaveLength(0)
  })

  it('per-column overrides change the test and threshold; ignored columns are not counted', async () => {
    h = driftHarness()
    const { ref, cur } = await setup()
    const check = h.drift.saveCheck({
      name: 'custom',
      referenceId: ref.id,
      currentId: cur.id,
      columns: { age: { test: 'psi', threshold: 0.2 }, income: { threshold: 1e-30 }, plan: { ignore: true }, country: { test: 'ks' } }
    })
    const { runId } = h.drift.runNow(check.id)
    await h.drift.waitForRun(runId)
    const cols = h.drift.run(runId).columns
    const by = (n: string) => cols.find((c) => c.name === n)!
    expect(by('age')).toMatchObject({ test: 'psi', threshold: 0.2, overridden: true, scoreKind: 'distance' })
    expect(by('age').score).toBe(by('age').psi)
    expect(by('income')).toMatchObject({ test: 'ks', threshold: 1e-30, overridden: true })
    expect(by('plan')).toMatchObject({ test: null, message: 'Ignored by this check’s settings.' })
    expect(by('country').test).toBe('chi-square')
    expect(by('country').message).toMatch(/needs numbers/)
  })

  it('validates checks: cron, datasets, columns, names', async () => {
    h = driftHarness()
    const { ref, cur } = await setup()
    const err = (fn: () => unknown) => {
      try {
        fn()
      } catch (e) {
        return e as AppError
      }
      throw new Error('did not throw')
    }
    expect(err(() => h.drift.saveCheck({ name: 'x', referenceId: ref.id, currentId: cur.id, schedule: 'every day' }))).toMatchObject({
      code: 'VALIDATION',
      field: 'schedule'
    })
    expect(err(() => h.drift.saveCheck({ name: 'x', referenceId: 999, currentId: cur.id }))).toMatchObject({
      code: 'VALIDATION',
      field: 'referenceId'
    })
    expect(err(() => h.drift.saveCheck({ name: 'x', referenceId: ref.id, currentId: cur.id, predictionColumn: 'nope' }))).toMatchObject({
      field: 'predictionColumn'
    })
    expect(err(() => h.drift.saveCheck({ name: 'nightly', referenceId: ref.id, currentId: cur.id }))).toMatchObject({ field: 'name' })
    expect(err(() => h.drift.deleteDataset(ref.id))).toMatchObject({ code: 'CONFLICT' })
    await expect(h.drift.importDataset({ name: 'ref', path: path.join(FIX, 'small-reference.csv') })).rejects.toMatchObject({
      field: 'name'
    })
    expect(nextCheckRun('*/15 * * * *', 'UTC', Date.UTC(2026, 0, 1, 0, 7))).toBe(Date.UTC(2026, 0, 1, 0, 15))
    expect(
      err(() => h.drift.saveCheck({ name: 'x', referenceId: ref.id, currentId: cur.id, schedule: '0 6 * * *', timezone: 'Mars/Base' }))
    ).toMatchObject({
      field: 'timezone',
      message: expect.stringMatching(/not a time zone/)
    })
  })

  it('a registered file is re-read by every run', async () => {
    h = driftHarness()
    const file = path.join(h.t.dir, 'window.csv')
    fs.copyFileSync(path.join(FIX, 'small-reference.csv'), file)
    const ref = await h.drift.importDataset({ name: 'ref', path: path.join(FIX, 'small-reference.csv') })
    const win = await h.drift.importDataset({ name: 'window', path: file, mode: 'register' })
    const check = h.drift.saveCheck({ name: 'live', referenceId: ref.id, currentId: win.id })
    let { runId } = h.drift.runNow(check.id)
    await h.drift.waitForRun(runId)
    expect(h.drift.run(runId).share).toBe(0)
    fs.copyFileSync(path.join(FIX, 'small-current.csv'), file)
    ;({ runId } = h.drift.runNow(check.id))
    await h.drift.waitForRun(runId)
    expect(h.drift.run(runId).share).toBeGreaterThan(0.5)
    expect(h.drift.dataset(win.id).rows).toBe(700)
  })

  it('a cancelled run is recorded as cancelled', async () => {
    h = driftHarness()
    const { check } = await setup()
    const { runId } = h.drift.runNow(check.id)
    expect(() => h.drift.runNow(check.id)).toThrow(/already running/)
    expect(h.drift.cancelRun(runId)).toEqual({ cancelled: true })
    await h.drift.waitForRun(runId)
    expect(h.drift.run(runId).state).toBe('cancelled')
    expect(h.drift.cancelRun(runId)).toEqual({ cancelled: false })
  })

  it('column detail: histograms and ECDF for numbers, side-by-side shares for categories', async () => {
    h = driftHarness()
    const { check } = await setup()
    const { runId } = h.drift.runNow(check.id)
    await h.drift.waitForRun(runId)
    const age = h.drift.column(runId, 'age')
    expect(age.numeric!.edges).toHaveLength(31)
    expect(age.numeric!.reference.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    expect(age.numeric!.ecdf.reference.at(-1)).toBe(1)
    expect(age.numeric!.referenceStats.n).toBe(800)
    const country = h.drift.column(runId, 'country')
    expect(country.categories!.labels).toContain('BR')
    expect(country.column.unseen).toEqual(['BR'])
    expect(() => h.drift.column(runId, 'nope')).toThrow(/not found/)
  })

  it('port for other areas: a check between two registered files, ignored columns untested; undone when a file is bad', async () => {
    h = driftHarness()
    expect(h.t.app.ports.has('drift')).toBe(true)
    const made = await h.drift.createFileCheck({
      name: 'train vs recent',
      referencePath: path.join(FIX, 'small-reference.csv'),
      currentPath: path.join(FIX, 'small-current.csv'),
      model: 'churn',
      version: '3',
      ignore: ['target', 'prediction']
    })
    const check = h.drift.check(made.checkId)
    expect(check).toMatchObject({
      name: 'train vs recent',
      model: 'churn',
      columns: { target: { ignore: true }, prediction: { ignore: true } }
    })
    expect(h.drift.datasets().map((d) => [d.name, d.mode, d.role])).toEqual([
      ['train vs recent · current', 'register', 'current'],
      ['train vs recent · reference', 'register', 'reference']
    ])
    const { runId } = h.drift.runNow(made.checkId)
    await h.drift.waitForRun(runId)
    const cols = h.drift.run(runId).columns
    expect(cols.find((c) => c.name === 'target')!.test).toBeNull()
    expect(cols.find((c) => c.name === 'age')!.test).not.toBeNull()
    await expect(
      h.drift.createFileCheck({
        name: 'broken',
        referencePath: path.join(FIX, 'small-reference.csv'),
        currentPath: path.join(FIX, 'nope.csv'),
        model: '',
        version: '',
        ignore: []
      })
    ).rejects.toThrow(/no file or folder/)
    expect(h.drift.datasets()).toHaveLength(2)
  })
})

describe('drift run history over a long run', () => {
  it(`keeps finished runs for DRIFT_RUN_HISTORY_DAYS (each check its latest): 200 days of 15-minute runs stay bounded`, async () => {
    h = driftHarness()
    const { check, ref, cur } = await setup()
    const lone = h.drift.saveCheck({ name: 'once', referenceId: ref.id, currentId: cur.id })
    const db = h.t.app.db
    const run = db.prepare(
      "INSERT INTO drift_runs (check_id, trigger, state, started_at, finished_at) VALUES (?, 'schedule', 'done', ?, ?)"
    )
    const col = db.prepare("INSERT INTO drift_run_columns (run_id, idx, name, drifted, result) VALUES (?, 0, 'age', 0, '{}')")
    const loneRun = Number(run.run(lone.id, h.clock.now(), h.clock.now()).lastInsertRowid)
    const count = (table: string): number => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
    const perDay = 96
    for (let day = 0; day < 200; day++) {
      const t0 = h.clock.now()
      db.transaction(() => {
        for (let i = 0; i < perDay; i++) col.run(Number(run.run(check.id, t0 + i * 900_000, t0 + i * 900_000 + 1000).lastInsertRowid))
      })()
      h.clock.advance(86_400_000)
      h.drift.tick()
      expect(count('drift_runs')).toBeLessThanOrEqual((DRIFT_RUN_HISTORY_DAYS + 1) * perDay + 1)
    }
    expect(count('drift_run_columns')).toBe(count('drift_runs') - 1) // the column results went with their runs
    expect(h.drift.check(lone.id).runs.map((r) => r.id)).toEqual([loneRun]) // 200 days old, but its check's latest
  })
})
