import fs from 'node:fs'
import path from 'node:path'
import { parquetWriteFile } from 'hyparquet-writer'
import { afterEach, describe, expect, it } from 'vitest'
import { driftHarness, type DriftHarness } from '../services/drift/__fixtures__/harness'
import type { ColumnData } from '../services/drift/columns'
import { inlineExecutor } from '../services/drift/executor'
import { loadPath } from '../services/drift/load'
import { resolveWorkerScript, workerExecutor } from './pool'

/**
 * The real worker thread. Under vitest the worker runs from TypeScript source (`drift.worker.ts`, loaded
 * through tsx by a bootstrap); the built app runs `out/main/drift-worker.js` (covered by the e2e test).
 */
const FIX = path.resolve(__dirname, '../services/drift/__fixtures__')
const fixture = JSON.parse(fs.readFileSync(path.join(FIX, 'check-reference.json'), 'utf8')) as { scenarios: Record<string, any> }
let h: DriftHarness
afterEach(async () => h?.cleanup())

async function runBoth(h: DriftHarness, refPath: string, curPath: string) {
  const ref = await h.drift.importDataset({ name: 'ref', path: refPath })
  const cur = await h.drift.importDataset({ name: 'cur', path: curPath })
  const check = h.drift.saveCheck({
    name: 'c',
    referenceId: ref.id,
    currentId: cur.id,
    predictionColumn: 'prediction',
    targetColumn: 'target'
  })
  const { runId } = h.drift.runNow(check.id)
  await h.drift.waitForRun(runId)
  return h.drift.run(runId)
}

describe('drift worker thread', () => {
  it('finds its script: built file next to the bundle or in its parent, else the TypeScript source', () => {
    const dir = fs.mkdtempSync(path.join(FIX, '..', '.tmp-'))
    try {
      fs.mkdirSync(path.join(dir, 'chunks'))
      fs.writeFileSync(path.join(dir, 'drift-worker.js'), '')
      expect(resolveWorkerScript(path.join(dir, 'chunks'))).toEqual({ file: path.join(dir, 'drift-worker.js'), kind: 'built' })
      expect(resolveWorkerScript(__dirname)).toEqual({ file: path.join(__dirname, 'drift.worker.ts'), kind: 'source' })
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('imports, computes and reports progress on a real worker, with results identical to the in-process path', async () => {
    h = driftHarness(workerExecutor())
    const s = fixture.scenarios.small
    const viaWorker = await runBoth(h, path.join(FIX, 'small-reference.csv'), path.join(FIX, 'small-current.csv'))
    expect(viaWorker.state, viaWorker.error ?? '').toBe('done')
    expect(
      h.events.some((e) => e.name === 'drift:run' && e.payload.state === 'running' && e.payload.total === viaWorker.columns.length)
    ).toBe(true)
    const inline = driftHarness(inlineExecutor)
    try {
      const inProcess = await runBoth(inline, path.join(FIX, 'small-reference.csv'), path.join(FIX, 'small-current.csv'))
      expect(viaWorker.columns).toEqual(inProcess.columns)
    } finally {
      await inline.cleanup()
    }
    expect(viaWorker.share).toBe(s.share)
    const insp = await h.drift.inspect({ path: path.join(FIX, 'large-reference.csv') })
    expect(insp.columns.map((c) => c.kind)).toEqual(Object.values(s.kinds))
  })

  it('cancelling terminates the worker and records the run as cancelled', async () => {
    h = driftHarness(workerExecutor())
    const ref = await h.drift.importDataset({ name: 'ref', path: path.join(FIX, 'large-reference.csv') })
    const check = h.drift.saveCheck({ name: 'c', referenceId: ref.id, currentId: ref.id })
    const { runId } = h.drift.runNow(check.id)
    setTimeout(() => h.drift.cancelRun(runId), 5)
    await h.drift.waitForRun(runId)
    expect(h.drift.run(runId).state).toBe('cancelled')
  })

  it('reads Parquet (several row groups) with the same results as the CSV', async () => {
    h = driftHarness(workerExecutor())
    const toParquet = async (csv: string, out: string) => {
      const d = await loadPath(csv)
      const data = (c: ColumnData): unknown[] =>
        c.encoding === 'dict'
          ? Array.from(c.codes, (k) => (k < 0 ? null : c.dictionary[k]))
          : Array.from(c.values, (v) => (Number.isNaN(v) ? null : c.kind === 'boolean' ? v === 1 : c.kind === 'datetime' ? new Date(v) : v))
      const type = (c: ColumnData) =>
        c.kind === 'boolean' ? 'BOOLEAN' : c.kind === 'datetime' ? 'TIMESTAMP' : c.encoding === 'dict' ? 'STRING' : 'DOUBLE'
      parquetWriteFile({
        filename: out,
        rowGroupSize: 300,
        columnData: d.columns.map((c) => ({ name: c.name, data: data(c), type: type(c) }))
      } as any)
    }
    const ref = path.join(h.t.dir, 'ref.parquet')
    const cur = path.join(h.t.dir, 'cur.parquet')
    await toParquet(path.join(FIX, 'small-reference.csv'), ref)
    await toParquet(path.join(FIX, 'small-current.csv'), cur)
    const insp = await h.drift.inspect({ path: ref })
    expect(insp.format).toBe('parquet')
    expect(insp.columns.map((c) => c.kind)).toEqual(Object.values(fixture.scenarios.small.kinds))
    const fromParquet = await runBoth(h, ref, cur)
    const s = fixture.scenarios.small
    expect(fromParquet.share).toBe(s.share)
    expect(s.columns.length).toBeGreaterThanOrEqual(10)
    expect(fromParquet.columns.map((c) => c.name).sort()).toEqual(s.columns.map((e: { name: string }) => e.name).sort())
    for (const e of s.columns) {
      const c = fromParquet.columns.find((x) => x.name === e.name)!
      expect(c.test, e.name).toBe(e.test)
      expect(c.drifted, e.name).toBe(e.drifted)
      if (e.score !== null) expect(Math.abs(c.score! - e.score), e.name).toBeLessThanOrEqual(Math.abs(e.score) * 1e-6 + 1e-13)
    }
  })
})
