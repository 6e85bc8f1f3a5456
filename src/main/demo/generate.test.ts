import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { featureCsv, holdoutCsv } from './churnData'
import { writeFocusBill } from './focusBill'
import { writeDemoStore } from './mlflowStore'
import { Rng } from './random'

let dir: string
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const sha256 = (data: Buffer | string): string => crypto.createHash('sha256').update(data).digest('hex')

/** sha256 of every file below root, by relative path. */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue
    const file = path.join(e.parentPath, e.name)
    out[path.relative(root, file)] = sha256(fs.readFileSync(file))
  }
  return out
}

describe('demo data generators', () => {
  it('write the same bytes for the same seed and day, and other bytes for another day', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-demo-gen-'))
    const now = Date.parse('2026-03-18T09:30:00Z')
    const store = async (name: string, at: number) =>
      tree((await writeDemoStore(path.join(dir, name), { now: at, trainPath: '/data/ref.csv' })).root)
    const a = await store('a', now)
    expect(Object.keys(a).length).toBeGreaterThan(400)
    expect(await store('a', now)).toEqual(a) // rewritten in place (paths to the store are part of its files)
    expect(await store('a', now + 86_400_000)).not.toEqual(a)
    const bill = async (name: string, lastDay: string) => {
      const b = await writeFocusBill(path.join(dir, name), { lastDay })
      return { ...b, file: undefined, sha256: sha256(fs.readFileSync(b.file)) }
    }
    expect(await bill('x.csv', '2026-03-17')).toEqual(await bill('y.csv', '2026-03-17'))
    expect(sha256(await featureCsv(new Rng('s'), 500, true))).toBe(sha256(await featureCsv(new Rng('s'), 500, true)))
    const holdout = async () => sha256(await holdoutCsv(new Rng('s'), 500, [{ name: 'v1', error: 1 }]))
    expect(await holdout()).toBe(await holdout())
  })

  it('store runs in the MLflow file layout, with aliases and every stage', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-demo-gen-'))
    const s = await writeDemoStore(path.join(dir, 'mlruns'), { now: Date.parse('2026-03-18T09:30:00Z'), trainPath: '/data/ref.csv' })
    expect(s).toMatchObject({ experiments: 3, runs: 26, deletedRuns: 1 })
    const model = path.join(s.root, 'models', 'churn-classifier')
    expect(fs.readFileSync(path.join(model, 'aliases', 'champion'), 'utf8')).toBe('3')
    expect(fs.readFileSync(path.join(model, 'version-3', 'meta.yaml'), 'utf8')).toMatch(/^current_stage: Production$/m)
    const experiments = fs.readdirSync(s.root).filter((d) => d !== 'models')
    for (const e of experiments) expect(fs.readFileSync(path.join(s.root, e, 'meta.yaml'), 'utf8')).toMatch(/^experiment_id: '\d+'$/m)
    const bill = await writeFocusBill(path.join(dir, 'bill.csv'), { lastDay: '2026-03-17' })
    expect(bill).toMatchObject({ firstDay: '2025-03-01', lastDay: '2026-03-17', anomaly: { day: '2026-02-10' } })
    expect(bill.daily).toHaveLength(382)
    expect(bill.anomaly.extraUsd).toBeGreaterThan(1500)
  })
})
