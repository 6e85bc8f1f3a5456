import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { silentLogger } from '../../core/log'
import { tempDir } from '../../../../tests/helpers/app'
import { driftHarness, type DriftHarness } from './__fixtures__/harness'
import { CSV_HEADER, reportCsv } from './report'
import { DriftService } from './service'

let h: DriftHarness
const dirs: string[] = []
afterEach(async () => {
  await h?.cleanup()
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

/** 40 rows: ID-like columns (customer_id numbers, order_ref strings, both all distinct), a category that shifts, a number. */
function files() {
  const dir = tempDir('cc-drift-report-')
  dirs.push(dir)
  const write = (name: string, offset: number, plans: string[]) => {
    const lines = ['customer_id,order_ref,plan,spend,price']
    for (let i = 0; i < 40; i++)
      lines.push([offset + i, `ORD-${offset + i}`, plans[i % plans.length], (i % 7) * 10 + offset / 100, (offset + i) * 1.37].join(','))
    const file = path.join(dir, name)
    fs.writeFileSync(file, lines.join('\n') + '\n')
    return file
  }
  return {
    ref: write('ref.csv', 0, ['basic', 'basic', 'pro', 'team']),
    cur: write('cur.csv', 1000, ['pro', 'pro', 'team', 'basic', 'pro'])
  }
}

async function setup(columns: Record<string, { include?: boolean }> = {}, name = 'orders') {
  const f = files()
  const ref = await h.drift.importDataset({ name: `${name} ref`, path: f.ref, role: 'reference' })
  const cur = await h.drift.importDataset({ name: `${name} cur`, path: f.cur, role: 'current' })
  const check = h.drift.saveCheck({ name, referenceId: ref.id, currentId: cur.id, columns })
  const { runId } = h.drift.runNow(check.id)
  await h.drift.waitForRun(runId)
  return { ref, cur, check, run: h.drift.run(runId) }
}

describe('drift: ID-like columns, the plan before a run, category counts', () => {
  it('leaves out columns unique per row, says why, and tests them when included', async () => {
    h = driftHarness()
    const { run, ref, cur } = await setup()
    const by = (name: string) => run.columns.find((c) => c.name === name)!
    expect(by('customer_id')).toMatchObject({ leftOut: 'unique per row', score: null, drifted: false })
    expect(by('order_ref')).toMatchObject({ leftOut: 'unique per row', score: null })
    expect(by('order_ref').message).toMatch(/^Left out: unique per row .*Include/)
    // a number that never repeats but is not named like an ID is still tested
    expect(by('price')).toMatchObject({ leftOut: null, test: 'ks' })
    expect(run.tested).toBe(3)

    const plan = h.drift.plan({ referenceId: ref.id, currentId: cur.id })
    expect(plan.find((p) => p.name === 'customer_id')).toMatchObject({ idLike: true, leftOut: 'unique per row', test: null })
    expect(plan.find((p) => p.name === 'spend')!.resolution).toBe(
      'default → Kolmogorov–Smirnov at 0.05 (numeric, 7 distinct, n = 40 ≤ 1,000)'
    )
    expect(plan.find((p) => p.name === 'plan')!.resolution).toBe('default → Chi-square at 0.05 (categorical, 3 distinct, n = 40 ≤ 1,000)')
    const included = h.drift.plan({
      referenceId: ref.id,
      currentId: cur.id,
      columns: { customer_id: { include: true }, plan: { test: 'psi' } }
    })
    expect(included.find((p) => p.name === 'customer_id')).toMatchObject({ idLike: true, leftOut: null, test: 'ks' })
    expect(included.find((p) => p.name === 'plan')!.resolution).toBe('set → PSI at 0.1')

    const again = await setup({ customer_id: { include: true } }, 'with ids')
    expect(again.run.columns.find((c) => c.name === 'customer_id')).toMatchObject({ leftOut: null, test: 'ks', drifted: true })
  })

  it('the column detail carries row counts per category beside the shares', async () => {
    h = driftHarness()
    const { run } = await setup()
    const k = h.drift.column(run.id, 'plan').categories!
    const counts = Object.fromEntries(k.labels.map((l, i) => [l, [k.referenceCounts![i], k.currentCounts![i]]]))
    expect(counts).toEqual({ basic: [20, 8], pro: [10, 24], team: [10, 8] })
    expect(k.reference[k.labels.indexOf('basic')]).toBeCloseTo(0.5)
  })

  it('exports a run as JSON, CSV (one row per column) and self-contained HTML', async () => {
    h = driftHarness()
    const { run } = await setup()
    const json = h.drift.exportRun(run.id, 'json')
    expect(json.filename).toBe(`drift-orders-run-${run.id}.json`)
    const doc = JSON.parse(json.content) as { check: { name: string }; columns: { name: string; verdict: string }[] }
    expect(doc.check.name).toBe('orders')
    expect(doc.columns.map((c) => [c.name, c.verdict])).toEqual([
      ['customer_id', 'left out: unique per row'],
      ['order_ref', 'left out: unique per row'],
      ['plan', 'drift'],
      ['spend', run.columns[3]!.drifted ? 'drift' : 'no drift'],
      ['price', 'drift']
    ])

    const csv = h.drift.exportRun(run.id, 'csv')
    const lines = csv.content.trim().split('\n')
    expect(lines[0]).toBe(CSV_HEADER.join(','))
    expect(lines).toHaveLength(1 + run.columns.length)
    const plan = run.columns.find((c) => c.name === 'plan')!
    expect(lines.find((l) => l.startsWith('plan,'))).toBe(
      `plan,feature,categorical,chi-square,${Number(plan.statistic!.toPrecision(8))},${Number(plan.score!.toPrecision(8))},pvalue,0.05,drift,`
    )
    expect(lines.find((l) => l.startsWith('customer_id,'))).toMatch(/^customer_id,feature,numeric,,,,,,left out: unique per row,"?Left out/)

    const html = h.drift.exportRun(run.id, 'html')
    expect(html.mime).toBe('text/html')
    expect(html.content).toMatch(/^<!doctype html>/)
    expect(html.content.replaceAll('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/<script|<link|src=|https?:\/\//i)
    expect((html.content.match(/<svg /g) ?? []).length).toBe(3) // one chart per tested column
    expect(html.content).toContain(
      '<td>basic</td><td class="n">20</td><td class="n">50.0 %</td><td class="n">8</td><td class="n">20.0 %</td>'
    )
    expect(html.content).toContain('left out: unique per row')
  })
})

describe('drift: model and version from the registry', () => {
  it('refuses a model or version the registry does not have, and accepts registered ones', async () => {
    h = driftHarness()
    const registry = h.t.app.ports.get('modelTraining')
    for (let i = 0; i < 3; i++) h.t.app.ports.get('models').registerVersion({ modelName: 'churn', description: '', notes: '', tags: {} })
    const drift = new DriftService({ db: h.t.app.db, clock: h.clock, bus: h.t.app.bus, logger: silentLogger, jobs: h.t.app.jobs, registry })
    const f = files()
    const ref = await h.drift.importDataset({ name: 'ref', path: f.ref })
    const cur = await h.drift.importDataset({ name: 'cur', path: f.cur })
    const save = (model: string, version: string) => () =>
      drift.saveCheck({ name: 'c', model, version, referenceId: ref.id, currentId: cur.id })
    const refused = (fn: () => unknown) => {
      try {
        fn()
      } catch (err) {
        return err instanceof AppError ? [err.field, err.message.replace(/^\w+: /, '')] : err
      }
      return null
    }
    expect(refused(save('fraud', '1'))).toEqual([
      'model',
      '“fraud” is not a model in the registry; register it under Models or pick one from the list'
    ])
    expect(refused(save('churn', '9'))).toEqual(['version', 'churn has no version “9”; its versions are 1, 2, 3'])
    expect(refused(save('', '2'))).toEqual(['model', 'pick the model of this version from the registry'])
    expect(save('churn', '3')()).toMatchObject({ model: 'churn', version: '3' })
    await drift.stop()
  })
})

describe('drift CSV export', () => {
  it('never lets a column name or note start a spreadsheet formula', () => {
    const column = { name: '=HYPERLINK("x")', role: 'feature', kind: 'categorical', test: null, statistic: null, score: null }
    const csv = reportCsv({
      run: { columns: [{ ...column, scoreKind: null, threshold: null, leftOut: null, message: '+1 note' }] } as never,
      model: '',
      version: '',
      details: new Map(),
      generatedAt: 0
    })
    expect(csv.split('\n')[1]).toBe(`"'=HYPERLINK(""x"")",feature,categorical,,,,,,not tested,'+1 note`)
  })
})
