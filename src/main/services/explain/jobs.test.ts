import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { tempApp, tempDir, type TestApp } from '../../../../tests/helpers/app'
import { answerBatches, startModelServer, type ModelServer } from '../../../../tests/helpers/modelServer'
import { readModelFile } from './model/read'
import { treePredictor } from './predictors'

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__/treeshap')
const DATA = path.join(FIX, 'churn_data.csv')
const MODEL = path.join(FIX, 'churn_v1.model.json')
const base = { rows: 1000, interactions: false, backgroundRows: 100, maxEvals: 500, seed: 42, exclude: [] as string[] }

let t: TestApp
afterEach(async () => t?.cleanup())

/** The model behind an HTTP endpoint: churn v1's margins for {columns, rows}. */
let server: ModelServer
let url = ''
beforeAll(async () => {
  const model = treePredictor(readModelFile(MODEL).model)
  const names = readModelFile(MODEL).model.features
  server = await startModelServer(async (columns, rows) => {
    const idx = names.map((n) => columns.indexOf(n))
    const { values } = await model.predict(Float64Array.from(rows.flatMap((r) => idx.map((i) => r[i] ?? NaN))), rows.length)
    return Array.from(values)
  })
  url = server.url
})
afterAll(() => server.close())

describe('model-agnostic SHAP of an endpoint the user configured', () => {
  it('KernelSHAP over an endpoint equals interventional TreeSHAP of the same model and background (M = 6: every coalition)', async () => {
    t = tempApp()
    const ep = t.app.explain.saveEndpoint({ name: 'churn-api', url, batchRows: 5000, timeoutMs: 10_000 })
    expect(t.app.explain.endpoints()).toEqual([ep])
    const before = server.requests()
    const k = await t.app.explain.explain({
      ...base,
      endpointId: ep.id,
      dataPath: DATA,
      rows: 4,
      backgroundRows: 20,
      algorithm: 'kernel',
      exclude: ['customer_id', 'churned']
    })
    expect(server.requests()).toBeGreaterThan(before)
    const tree = await t.app.explain.explain({
      ...base,
      modelPath: MODEL,
      dataPath: DATA,
      rows: 4,
      backgroundRows: 20,
      algorithm: 'tree-interventional'
    })
    const dk = t.app.explain.get(k.explanationId)
    expect(dk).toMatchObject({ modelKind: 'endpoint', modelSource: `churn-api (${url})`, algorithm: 'kernel', rows: 4 })
    expect(dk.evaluations).toBe(4 * 20 * (2 ** 6 - 2 + 2))
    for (let pos = 0; pos < 4; pos++) {
      const a = t.app.explain.row(k.explanationId, 0, pos)
      const b = t.app.explain.row(tree.explanationId, 0, pos)
      expect(a.rowId).toBe(b.rowId)
      expect(a.expected).toBeCloseTo(b.expected, 9)
      for (const c of a.contributions) {
        expect(c.phi).toBeCloseTo(b.contributions.find((x) => x.feature === c.feature)!.phi, 9)
        expect(c.se).toBe(0)
      }
    }
  })

  it('Permutation SHAP shows its sampling error, is reproducible by seed, and an unknown endpoint is refused', async () => {
    t = tempApp()
    const ep = t.app.explain.saveEndpoint({ name: 'churn-api', url, batchRows: 2000, timeoutMs: 10_000 })
    const opts = {
      ...base,
      endpointId: ep.id,
      dataPath: DATA,
      rows: 3,
      backgroundRows: 10,
      algorithm: 'permutation' as const,
      maxEvals: 130,
      exclude: ['customer_id', 'churned']
    }
    const a = await t.app.explain.explain(opts)
    const b = await t.app.explain.explain(opts)
    const da = t.app.explain.get(a.explanationId)
    expect(da.importance[0]!.some((i) => (i.meanSe ?? 0) > 0)).toBe(true)
    expect(t.app.explain.row(a.explanationId, 0, 1).contributions.map((c) => c.phi)).toEqual(
      t.app.explain.row(b.explanationId, 0, 1).contributions.map((c) => c.phi)
    )
    expect(() => t.app.explain.saveEndpoint({ name: 'x', url: 'ftp://example.test/', batchRows: 1, timeoutMs: 1000 } as never)).toThrow()
    t.app.explain.deleteEndpoint(ep.id)
    expect(() => t.app.explain.startExplain(opts)).toThrow(/no such endpoint/)
  })

  it('the predictions-file protocol: batches written to a folder, answered by another process', async () => {
    t = tempApp()
    const dir = tempDir('cc-explain-batches-')
    const model = treePredictor(readModelFile(MODEL).model)
    const answering = answerBatches(dir, (rows, n) => model.predict(rows, n))
    try {
      const r = await t.app.explain.explain({
        ...base,
        batchDir: dir,
        dataPath: DATA,
        rows: 2,
        backgroundRows: 10,
        algorithm: 'kernel',
        exclude: ['customer_id', 'churned']
      })
      expect(t.app.explain.get(r.explanationId)).toMatchObject({ state: 'done', modelKind: 'batch-files', rows: 2 })
    } finally {
      await answering.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('explanations run off the main thread, on the job model', () => {
  it('a 10,000-row explanation runs on a worker: the event loop keeps turning and progress arrives while it computes', async () => {
    t = tempApp()
    const dir = tempDir('cc-explain-big-')
    const text = fs.readFileSync(DATA, 'utf8').trim().split('\n')
    const big = path.join(dir, 'big.csv')
    fs.writeFileSync(big, [text[0], ...Array.from({ length: 5 }, () => text.slice(1)).flat()].join('\n') + '\n')
    const progress: { done: number; ticks: number }[] = []
    let ticks = 0
    let running = true
    const spin = (): void => {
      ticks++
      if (running) setTimeout(spin, 1)
    }
    const off = t.app.bus.subscribe((name, p) => {
      if (name === 'job:progress' && (p as { kind: string }).kind === 'explain:dataset')
        progress.push({ done: (p as { done: number }).done, ticks })
    })
    spin()
    try {
      const r = await t.app.explain.explain({
        ...base,
        modelPath: path.join(FIX, 'churn_v2.model.json'),
        dataPath: big,
        rows: 10_000,
        algorithm: 'tree-path'
      })
      running = false
      expect(t.app.explain.get(r.explanationId).rows).toBe(10_000)
      const mid = progress.filter((p) => p.done > 0 && p.done < 10_000)
      expect(mid.length).toBeGreaterThan(1)
      // the timer ran between progress reports: the computation did not hold the event loop
      expect(mid[mid.length - 1]!.ticks).toBeGreaterThan(mid[0]!.ticks)
    } finally {
      running = false
      off()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('cancelling the job stops the worker and keeps no values', async () => {
    t = tempApp()
    const started = t.app.explain.startExplain({
      ...base,
      modelPath: MODEL,
      dataPath: DATA,
      rows: 2000,
      algorithm: 'tree-interventional',
      backgroundRows: 1000
    })
    await new Promise<void>((resolve) => {
      const off = t.app.bus.subscribe((name, p) => {
        if (name === 'job:progress' && (p as { jobId: string; done: number }).jobId === started.jobId && (p as { done: number }).done > 0) {
          off()
          resolve()
        }
      })
    })
    t.app.jobs.cancel(started.jobId)
    await expect(t.app.jobs.wait(started.jobId)).rejects.toThrow(/cancelled/)
    const [run] = t.app.explain.list()
    expect(run).toMatchObject({ state: 'cancelled', jobId: started.jobId })
    expect(t.app.explain.repo.chunks(run!.id)).toEqual([])
    expect(t.app.jobs.get(started.jobId).state).toBe('cancelled')
  })
})
