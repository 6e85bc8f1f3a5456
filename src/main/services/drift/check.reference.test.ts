import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ColumnSpec } from '../../../shared/contract/drift'
import { driftHarness, type DriftHarness } from './__fixtures__/harness'
import { sharedData } from '../../../../tests/helpers/data'

/** Whole drift checks against scripts/reference/drift_check_reference.py (SciPy/numpy). */
interface RefColumn {
  name: string
  role: string
  kind: string
  test: string | null
  statistic: number | null
  score: number | null
  drifted: boolean
  psi: number | null
  missingReference: number
  missingCurrent: number
  unseen: string[]
}
interface Scenario {
  reference: string
  current: string
  kinds: Record<string, string>
  predictionColumn: string | null
  targetColumn: string | null
  driftShare: number
  columns: RefColumn[]
  share: number
  tested: number
  drifted: number
  datasetDrift: boolean
  referenceRows: number
  currentRows: number
}
const ROOT = path.resolve(__dirname, '../../../..')
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '__fixtures__/check-reference.json'), 'utf8')) as {
  scenarios: Record<string, Scenario>
}

let h: DriftHarness
afterEach(async () => h?.cleanup())

function close(actual: number | null, expected: number | null, rel: number, what: string): void {
  if (expected === null) return expect(actual, what).toBeNull()
  expect(actual, what).not.toBeNull()
  const err = Math.abs(actual! - expected)
  expect(err <= rel * Math.abs(expected) || err <= 1e-13, `${what}: ${actual} vs scipy ${expected}`).toBe(true)
}

export async function runScenario(h: DriftHarness, s: Scenario, refPath: string, curPath: string, schema?: ColumnSpec[]) {
  const ref = await h.drift.importDataset({
    name: 'reference',
    path: refPath,
    ...(schema ? { columns: schema } : {}),
    role: 'reference',
    model: 'churn',
    version: '3'
  })
  const cur = await h.drift.importDataset({
    name: 'current',
    path: curPath,
    ...(schema ? { columns: schema } : {}),
    role: 'current',
    model: 'churn',
    version: '3'
  })
  const check = h.drift.saveCheck({
    name: 'churn drift',
    model: 'churn',
    version: '3',
    referenceId: ref.id,
    currentId: cur.id,
    predictionColumn: s.predictionColumn,
    targetColumn: s.targetColumn,
    driftShare: s.driftShare
  })
  const { runId } = h.drift.runNow(check.id)
  await h.drift.waitForRun(runId)
  return { ref, cur, check, run: h.drift.run(runId) }
}

export function compareWithScipy(run: ReturnType<DriftHarness['drift']['run']>, s: Scenario): void {
  expect(run.state, run.error ?? '').toBe('done')
  // every column of the fixture, and no other: an emptied fixture cannot pass
  expect(s.columns.length, 'columns in the fixture').toBeGreaterThanOrEqual(10)
  expect(run.columns.map((c) => c.name).sort()).toEqual(s.columns.map((e) => e.name).sort())
  for (const e of s.columns) {
    const c = run.columns.find((x) => x.name === e.name)!
    const where = `${e.name} (${e.test})`
    expect(c, e.name).toBeTruthy()
    expect(c.role, where).toBe(e.role)
    expect(c.kind, where).toBe(e.kind)
    expect(c.test, where).toBe(e.test)
    close(c.statistic, e.statistic, 1e-9, `${where} statistic`)
    close(c.score, e.score, e.test && ['ks', 'chi-square', 'z'].includes(e.test) ? 1e-6 : 1e-9, `${where} score`)
    expect(c.drifted, where).toBe(e.drifted)
    close(c.psi, e.psi, 1e-9, `${where} psi`)
    close(c.missingReference, e.missingReference, 1e-12, `${where} missing (reference)`)
    close(c.missingCurrent, e.missingCurrent, 1e-12, `${where} missing (current)`)
    expect([...c.unseen].sort(), where).toEqual(e.unseen)
  }
  expect(run.tested).toBe(s.tested)
  expect(run.drifted).toBe(s.drifted)
  close(run.share, s.share, 1e-12, 'share')
  expect(run.datasetDrift).toBe(s.datasetDrift)
  expect(run.referenceRows).toBe(s.referenceRows)
  expect(run.currentRows).toBe(s.currentRows)
}

describe('a whole drift check matches scipy (scripts/reference/drift_check_reference.py)', () => {
  it('has the three scenarios the generator writes', () => {
    expect(Object.keys(fixture.scenarios).sort()).toEqual(['focus', 'large', 'small'])
  })

  for (const name of ['small', 'large'] as const) {
    it(`${name} generated CSVs: inferred schema, default tests, share, PSI, missing, unseen`, async () => {
      h = driftHarness()
      const s = fixture.scenarios[name]!
      const { ref, run } = await runScenario(h, s, path.join(ROOT, s.reference), path.join(ROOT, s.current))
      const detail = h.drift.dataset(ref.id)
      expect(Object.fromEntries(detail.columns.map((c) => [c.name, c.kind]))).toEqual(s.kinds)
      compareWithScipy(run, s)
      // text column: reported, not tested
      expect(run.columns.find((c) => c.name === 'notes')!.message).toMatch(/Text columns are not tested/)
      expect(run.columns.find((c) => c.name === 'constant')!.message).toMatch(/Constant in the reference/)
      expect(run.predictionDrift).not.toBeNull()
    })
  }

  it('real data: FOCUS cost sample, first vs second half, with an edited schema', async () => {
    h = driftHarness()
    const s = fixture.scenarios.focus!
    const lines = fs.readFileSync(sharedData('focus', 'focus_sample.csv'), 'utf8').split('\n')
    expect(lines.length).toBeGreaterThanOrEqual(1001)
    const dir = h.t.dir
    fs.writeFileSync(path.join(dir, 'ref.csv'), lines.slice(0, 501).join('\n') + '\n')
    fs.writeFileSync(path.join(dir, 'cur.csv'), [lines[0], ...lines.slice(501, 1001)].join('\n') + '\n')
    const schema = Object.entries(s.kinds).map(([n, k]) => ({ name: n, kind: k as ColumnSpec['kind'] }))
    const { run, ref } = await runScenario(h, s, path.join(dir, 'ref.csv'), path.join(dir, 'cur.csv'), schema)
    expect(h.drift.dataset(ref.id).columns.map((c) => c.name)).toEqual(Object.keys(s.kinds))
    compareWithScipy(run, s)
  })
})
