import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, tempDir, type TestApp } from '../../../../tests/helpers/app'
import { sharedData, writableCopy } from '../../../../tests/helpers/data'
import type { EventName } from '../../../shared/events'
import { unpack } from './series'
import { channels } from '../../../shared/contract'

const dataDir = (name: string): string => sharedData(name)

let t: TestApp
const extra: string[] = []
afterEach(async () => {
  await t?.cleanup()
  extra.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }))
})

/** Walk a file store independently of the importer and count what it holds. */
function countStore(store: string) {
  const out = { runs: new Set<string>(), metricLines: 0, metricSeries: 0, params: 0, tags: 0, versions: 0 }
  const walk = (d: string): string[] =>
    fs.existsSync(d)
      ? fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]))
      : []
  for (const exp of fs.readdirSync(store)) {
    const ed = path.join(store, exp)
    if (exp === 'models' || !fs.statSync(ed).isDirectory() || !fs.existsSync(path.join(ed, 'meta.yaml'))) continue
    for (const run of fs.readdirSync(ed)) {
      const rd = path.join(ed, run)
      if (!fs.existsSync(path.join(rd, 'meta.yaml'))) continue
      out.runs.add(run)
      for (const f of walk(path.join(rd, 'metrics'))) {
        out.metricSeries++
        out.metricLines += fs
          .readFileSync(f, 'utf8')
          .split('\n')
          .filter((l) => l.trim()).length
      }
      out.params += walk(path.join(rd, 'params')).length
      out.tags += walk(path.join(rd, 'tags')).length
    }
  }
  const models = path.join(store, 'models')
  if (fs.existsSync(models))
    for (const m of fs.readdirSync(models))
      out.versions += fs.readdirSync(path.join(models, m)).filter((v) => v.startsWith('version-')).length
  return out
}

/** The histories readers see: those of the metric set each run points at. */
const VISIBLE_SERIES = 'FROM model_runs r JOIN model_metric_series s ON s.set_id = r.metric_set'

function countDb() {
  const one = (sql: string): number => (t.app.db.prepare(sql).pluck().get() as number) ?? 0
  return {
    runs: one('SELECT count(*) FROM model_runs'),
    metricSeries: one(`SELECT count(*) ${VISIBLE_SERIES}`),
    metricLines: one(`SELECT coalesce(sum(s.n), 0) ${VISIBLE_SERIES}`),
    params: one('SELECT count(*) FROM model_run_params'),
    tags: one('SELECT count(*) FROM model_run_tags'),
    versions: one('SELECT count(*) FROM model_versions')
  }
}

describe('MLflow file store import', () => {
  it('imports mlruns-a without loss: every run, metric line, param, tag and version', async () => {
    t = tempApp()
    const expected = countStore(path.join(dataDir('mlruns-a'), 'mlruns'))
    expect(expected.runs.size).toBe(48)
    const report = await t.app.models.importMlruns(dataDir('mlruns-a'))
    expect(report.stores).toEqual([path.join(dataDir('mlruns-a'), 'mlruns')])
    expect(report.runs).toEqual({ created: 48, updated: 0, unchanged: 0, deleted: 0 })
    expect(countDb()).toEqual({
      runs: expected.runs.size,
      metricSeries: expected.metricSeries,
      metricLines: expected.metricLines,
      params: expected.params,
      tags: expected.tags,
      versions: 30
    })
    expect(report.metricPoints).toBe(expected.metricLines)
    const [model] = t.app.models.list()
    expect(model).toMatchObject({ name: 'iris-classifier', versionCount: 30, latestVersion: 30, stages: { Staging: 30 } })
    const v1 = t.app.models.get(model!.id).versions.find((v) => v.version === 1)!
    const detail = t.app.models.version(v1.id)
    expect(detail.runUuid).toBe('1624fc99a6ac408fb4d13a0cece1a38b')
    expect(detail.run?.metrics.map((m) => m.key)).toEqual(['accuracy', 'f1_score', 'precision', 'recall'])
    expect(detail.artifactSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(detail.artifactSize).toBeGreaterThan(0)
    expect(detail.transitions).toEqual([expect.objectContaining({ from: 'None', to: 'Staging' })])
    expect(detail.dataset).toBe('data/train/train.csv')
    // every metric line's value survives: compare one run's file with the stored blob
    const runDir = fs
      .readdirSync(path.join(dataDir('mlruns-a'), 'mlruns', '232396052048832439'))
      .find((d) => d === '1624fc99a6ac408fb4d13a0cece1a38b')!
    const file = path.join(dataDir('mlruns-a'), 'mlruns', '232396052048832439', runDir, 'metrics', 'accuracy')
    const values = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => Number(l.split(' ')[1]))
    const blob = t.app.db
      .prepare(`SELECT s.vals ${VISIBLE_SERIES} WHERE r.run_uuid = ? AND s.key = 'accuracy'`)
      .pluck()
      .get(runDir) as Buffer
    expect(Array.from(unpack(blob))).toEqual(values)
  })

  it('imports both stores of mlruns-b without loss, with RUNNING runs and repeated steps', async () => {
    t = tempApp()
    const root = dataDir('mlruns-b')
    const stores = [path.join(root, 'MLFlow', 'mlruns'), path.join(root, 'MLFlow', 'sklearn_elasticnet_wine', 'mlruns')]
    const counts = stores.map(countStore)
    const report = await t.app.models.importMlruns(root)
    expect(report.stores.sort()).toEqual(stores.sort())
    const db = countDb()
    expect(db.runs).toBe(counts.reduce((s, c) => s + c.runs.size, 0))
    expect(db.runs).toBe(12)
    expect(db.metricLines).toBe(counts.reduce((s, c) => s + c.metricLines, 0))
    expect(db.metricSeries).toBe(counts.reduce((s, c) => s + c.metricSeries, 0))
    expect(db.params).toBe(counts.reduce((s, c) => s + c.params, 0))
    expect(db.tags).toBe(counts.reduce((s, c) => s + c.tags, 0))
    expect(t.app.db.prepare("SELECT count(*) FROM model_runs WHERE status = 'RUNNING' AND end_time IS NULL").pluck().get()).toBe(4)
    expect(t.app.db.prepare('SELECT count(*) FROM model_experiments').pluck().get()).toBe(2)
  })

  it('re-import is idempotent and picks up a new run', async () => {
    t = tempApp()
    const copy = tempDir('cc-mlruns-')
    extra.push(copy)
    writableCopy(path.join(dataDir('mlruns-a'), 'mlruns'), path.join(copy, 'mlruns'))
    await t.app.models.importMlruns(copy)
    const before = countDb()
    const transitions = t.app.db.prepare('SELECT count(*) FROM model_stage_transitions').pluck().get()
    const again = await t.app.models.importMlruns(copy)
    expect(again.runs).toEqual({ created: 0, updated: 0, unchanged: 48, deleted: 0 })
    expect(countDb()).toEqual(before)
    expect(t.app.db.prepare('SELECT count(*) FROM model_stage_transitions').pluck().get()).toBe(transitions)
    // a new run and an appended metric line
    const exp = path.join(copy, 'mlruns', '232396052048832439')
    const src = path.join(exp, '1624fc99a6ac408fb4d13a0cece1a38b')
    const dst = path.join(exp, 'aaaabbbbccccddddeeeeffff00001111')
    fs.cpSync(src, dst, { recursive: true })
    fs.writeFileSync(
      path.join(dst, 'meta.yaml'),
      fs
        .readFileSync(path.join(src, 'meta.yaml'), 'utf8')
        .replaceAll('1624fc99a6ac408fb4d13a0cece1a38b', 'aaaabbbbccccddddeeeeffff00001111')
    )
    fs.appendFileSync(path.join(src, 'metrics', 'accuracy'), '1745421999999 0.5 1\n')
    const third = await t.app.models.importMlruns(copy)
    expect(third.runs).toEqual({ created: 1, updated: 1, unchanged: 47, deleted: 0 })
    const after = countDb()
    expect(after.runs).toBe(before.runs + 1)
    expect(after.metricLines).toBe(before.metricLines + 4 + 1)
    const latest = t.app.db
      .prepare(
        "SELECT l.value, l.step FROM model_metric_latest l JOIN model_runs r ON l.set_id = r.metric_set WHERE r.run_uuid = '1624fc99a6ac408fb4d13a0cece1a38b' AND l.key = 'accuracy'"
      )
      .get()
    expect(latest).toEqual({ value: 0.5, step: 1 })
  })

  it('imports runs deleted in MLflow but hides them from lists, pickers and counts unless asked', async () => {
    t = tempApp()
    const copy = tempDir('cc-mlruns-')
    extra.push(copy)
    const store = path.join(copy, 'mlruns')
    writableCopy(path.join(dataDir('mlruns-a'), 'mlruns'), store)
    const all = countStore(store)
    const gone = '143a83bd1d8b4169a199dd7cca17d340'
    const runDir = path.join(store, '232396052048832439', gone)
    const meta = fs.readFileSync(path.join(runDir, 'meta.yaml'), 'utf8')
    expect(meta).toMatch(/^lifecycle_stage: active$/m)
    // what `mlflow runs delete` leaves in a file store
    fs.writeFileSync(
      path.join(runDir, 'meta.yaml'),
      meta.replace(/^lifecycle_stage: active$/m, 'lifecycle_stage: deleted\ndeleted_time: 1745400000000')
    )
    const deletedPoints = fs.readdirSync(path.join(runDir, 'metrics')).reduce(
      (n, f) =>
        n +
        fs
          .readFileSync(path.join(runDir, 'metrics', f), 'utf8')
          .split('\n')
          .filter((l) => l.trim()).length,
      0
    )
    expect(deletedPoints).toBeGreaterThan(0)

    const report = await t.app.models.importMlruns(copy)
    expect(report.runs).toEqual({ created: 47, updated: 0, unchanged: 0, deleted: 1 })
    expect(report.metricPoints).toBe(all.metricLines - deletedPoints)
    expect(countDb().runs).toBe(48) // kept, so it can be shown on request
    // lists and pickers (the runs list, the compare and register-from-run pickers all read models:runs)
    const live = t.app.models.runs()
    expect(live).toHaveLength(47)
    expect(live.map((r) => r.runUuid)).not.toContain(gone)
    expect(live.every((r) => !r.deleted)).toBe(true)
    expect(t.app.models.runs(gone)).toEqual([])
    const withDeleted = t.app.models.runs('', 500, true)
    expect(withDeleted).toHaveLength(48)
    expect(withDeleted.filter((r) => r.deleted).map((r) => r.runUuid)).toEqual([gone])
    // over the contract: hidden by default, shown with includeDeleted
    const call = async (input: unknown) => {
      const out = await t.app.handlers['models:runs'](channels['models:runs'].input.parse(input), { transport: 'ipc' })
      return channels['models:runs'].output.parse(out)
    }
    expect((await call(undefined)).map((r) => r.runUuid)).not.toContain(gone)
    expect((await call({ search: gone, includeDeleted: true })).map((r) => [r.runUuid, r.deleted])).toEqual([[gone, true]])
    // picked on purpose, it is compared and marked as deleted
    const deletedId = withDeleted.find((r) => r.deleted)!.id
    const cmp = t.app.models.compare({
      items: [
        { kind: 'run', id: live[0]!.id },
        { kind: 'run', id: deletedId }
      ]
    })
    expect(cmp.items[1]!.label).toMatch(/ \(deleted\)$/)
    expect(t.app.models.runDetail(deletedId).deleted).toBe(true)
    expect(t.app.models.runDetail(live[0]!.id).deleted).toBe(false)
    // restored in MLflow: live again on the next import
    fs.writeFileSync(path.join(runDir, 'meta.yaml'), meta)
    const again = await t.app.models.importMlruns(copy)
    expect(again.runs).toEqual({ created: 0, updated: 1, unchanged: 47, deleted: 0 })
    expect(t.app.models.runs()).toHaveLength(48)
  })

  it('publishes job progress and models:changed, and imports nothing when cancelled', async () => {
    t = tempApp()
    const seen: { name: EventName; payload: unknown }[] = []
    t.app.bus.subscribe((name, payload) => seen.push({ name, payload }))
    const first = t.app.models.startImport('mlruns', dataDir('mlruns-a'))
    t.app.jobs.cancel(first.jobId)
    await expect(t.app.jobs.wait(first.jobId)).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(countDb().runs).toBe(0)
    // the job ends once what it staged is deleted
    expect(t.app.db.prepare('SELECT count(*) FROM model_metric_sets').pluck().get()).toBe(0)
    expect(t.app.db.prepare('SELECT count(*) FROM model_metric_series').pluck().get()).toBe(0)
    expect(seen.some((e) => e.name === 'job:progress' && (e.payload as { state: string }).state === 'cancelled')).toBe(true)
    const second = t.app.models.startImport('mlruns', dataDir('mlruns-a'))
    await t.app.jobs.wait(second.jobId)
    expect(
      seen.filter((e) => e.name === 'job:progress' && (e.payload as { jobId: string }).jobId === second.jobId).at(-1)?.payload
    ).toMatchObject({ state: 'done', area: 'models', unit: 'runs' })
    expect(seen.find((e) => e.name === 'models:changed')?.payload).toMatchObject({ kind: 'import', modelId: expect.any(Number) })
  })
})

describe('bad input', () => {
  function store(): string {
    const dir = tempDir('cc-bad-')
    extra.push(dir)
    const exp = path.join(dir, '1')
    fs.mkdirSync(exp, { recursive: true })
    fs.writeFileSync(path.join(exp, 'meta.yaml'), "experiment_id: '1'\nname: bad\nlifecycle_stage: active\n")
    const run = (id: string, meta: string, metrics: Record<string, string> = {}): void => {
      fs.mkdirSync(path.join(exp, id, 'metrics'), { recursive: true })
      if (meta) fs.writeFileSync(path.join(exp, id, 'meta.yaml'), meta)
      for (const [k, v] of Object.entries(metrics)) {
        fs.mkdirSync(path.dirname(path.join(exp, id, 'metrics', k)), { recursive: true })
        fs.writeFileSync(path.join(exp, id, 'metrics', k), v)
      }
    }
    run('good', "run_uuid: good\nexperiment_id: '1'\nstatus: 3\nstart_time: 1\nend_time: 2\n", {
      loss: '1 0.5 0\n2 nan 1\n3 inf 2\n4 0.25\n',
      'train/acc': '1 0.9 0\nbroken line here now\n'
    })
    run('broken', 'run_uuid: [unclosed\n  : :\n')
    run('nometa', '')
    return dir
  }

  it('skips malformed meta.yaml, missing meta and bad lines with reasons; keeps NaN/inf with a warning', async () => {
    t = tempApp()
    const report = await t.app.models.importMlruns(store())
    expect(report.runs.created).toBe(1)
    expect(report.skipped.map((s) => s.reason).join('\n')).toMatch(/malformed YAML/)
    expect(report.skipped.map((s) => s.reason).join('\n')).toMatch(/no meta.yaml/)
    expect(report.skipped.find((s) => s.path.endsWith('acc:2'))?.reason).toMatch(/got 4 fields/)
    expect(report.warnings.join('\n')).toMatch(/2 NaN or infinite/)
    const run = t.app.models.runDetail(t.app.db.prepare("SELECT id FROM model_runs WHERE run_uuid = 'good'").pluck().get() as number)
    expect(run.metrics.find((m) => m.key === 'loss')).toMatchObject({ value: null, step: 2, count: 4 })
    expect(run.metrics.find((m) => m.key === 'train/acc')).toMatchObject({ value: 0.9, count: 1 })
  })

  it('refuses a path that is not there or holds no store, with a clear message', async () => {
    t = tempApp()
    await expect(t.app.models.importMlruns('/nope/mlruns')).rejects.toThrow(/does not exist/)
    const empty = tempDir()
    extra.push(empty)
    await expect(t.app.models.importMlruns(empty)).rejects.toThrow(/no MLflow file store found/)
  })
})
