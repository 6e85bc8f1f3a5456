import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../src/main/app'
import { silentLogger } from '../../src/main/core/log'
import { setUpDemo, type DemoRun } from '../../src/main/demo/command'
import { DRIFTED_COLUMNS } from '../../src/main/demo/churnData'
import { CHECK_NAME, CHECK_SCHEDULE } from '../../src/main/demo/demoDrift'
import { ML_BUDGET, populateCosts, TOTAL_BUDGET } from '../../src/main/demo/demoCosts'
import { CHURN_MODEL, EVALUATION_NAME } from '../../src/main/demo/demoModels'
import { addDays, dayOf } from '../../src/main/demo/focusBill'
import { tempDir } from '../helpers/app'

let dir: string
let app: App | undefined
let demo: DemoRun | undefined
afterEach(async () => {
  await demo?.close()
  await app?.close()
  demo = undefined
  app = undefined
  fs.rmSync(dir, { recursive: true, force: true })
})

const open = (file: string): App => createApp({ workspacePath: file, mode: 'test', logger: silentLogger })

/** What a newcomer sees, counted through the service API. */
function snapshot(a: App) {
  const churn = a.models.list().find((m) => m.name === CHURN_MODEL)
  const check = a.drift.checks().find((c) => c.name === CHECK_NAME)
  return {
    models: a.models.list().map((m) => `${m.name}:${m.versionCount}`),
    runs: a.models.runs('', 500).length,
    evaluations: a.models.evaluations().length,
    datasets: a.drift.datasets().length,
    checks: a.drift.checks().length,
    driftRuns: check ? a.drift.check(check.id).runs.length : 0,
    costImports: a.costs.imports().length,
    costRows: a.costs.summary().rows,
    budgets: a.costs.budgets().length,
    championCard: churn ? a.models.get(churn.id).card.length > 0 : false
  }
}

describe('npm run demo fills Models, Drift and Costs', () => {
  it('imports an MLflow store, runs a drift check and imports a year of costs, once per workspace', async () => {
    dir = tempDir('cc-demo-data-')
    const file = path.join(dir, 'demo.db')
    app = open(file)
    demo = await setUpDemo(app)
    const timings = await demo.populated
    expect(timings.errors).toEqual({})
    for (const area of ['models', 'drift', 'costs'] as const) expect(timings.ms[area]).toBeGreaterThan(0)
    // the generated files sit beside the workspace, not in the repository
    expect(fs.readdirSync(path.join(dir, 'demo-data')).sort()).toEqual(['costs', 'drift', 'models'])

    // Models: two registered models, versions in every stage, aliases, runs with step histories, one evaluation
    const models = app.models.list()
    const churn = models.find((m) => m.name === CHURN_MODEL)!
    expect(churn).toMatchObject({ versionCount: 5, stages: { Archived: 2, Production: 1, Staging: 1, None: 1 } })
    expect(churn.aliases).toEqual(
      expect.arrayContaining([
        { alias: 'champion', version: 3 },
        { alias: 'challenger', version: 4 }
      ])
    )
    expect(models.find((m) => m.name === 'demand-forecaster')).toMatchObject({ versionCount: 3, stages: { Production: 1 } })
    const runs = app.models.runs('', 500)
    // mlp-debug is deleted in MLflow: hidden like MLflow hides it, listed (marked) only when asked
    expect(runs).toHaveLength(25)
    expect(runs.map((r) => r.name)).not.toContain('mlp-debug')
    expect(app.models.runs('mlp-debug', 500, true).map((r) => [r.name, r.deleted])).toEqual([['mlp-debug', true]])
    expect(runs.filter((r) => r.status === 'FINISHED')).toHaveLength(22)
    expect(runs.filter((r) => r.status === 'KILLED')).toHaveLength(1)
    const versions = app.models.get(churn.id).versions
    const v3 = versions.find((v) => v.version === 3)!
    const v4 = versions.find((v) => v.version === 4)!
    const detail = app.models.version(v3.id)
    expect(detail.run?.params).toMatchObject({ model_type: 'xgboost', max_depth: '6', learning_rate: '0.05' })
    expect(detail.artifactSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(detail.dataset).toBe(path.join(dir, 'demo-data', 'drift', 'churn-reference.csv'))
    expect(app.models.version(v4.id).parent).toMatchObject({ version: 3 })
    const comparison = app.models.compare({ items: [v3, v4].map((v) => ({ kind: 'version' as const, id: v.id })) })
    expect(comparison.metrics.map((m) => m.key)).toEqual(expect.arrayContaining(['roc_auc', 'f1_score', 'log_loss']))
    const valLoss = comparison.history.find((h) => h.key === 'val_logloss')!
    expect(valLoss.series[0]!.n).toBeGreaterThan(40) // v3's boosting curve, every 10 rounds
    const evaluation = app.models.evaluations().find((e) => e.name === EVALUATION_NAME)!
    const result = app.models.evaluation(evaluation.id)
    expect(result.rows).toBe(2000)
    const auc = (versionId: number) =>
      result.versions.find((v) => v.versionId === versionId)!.metrics.find((m) => m.key === 'roc_auc')!.value!
    expect(auc(v3.id)).toBeGreaterThan(0.8)
    expect(auc(v4.id)).toBeGreaterThan(auc(v3.id)) // the challenger is the better model

    // Drift: a scheduled check on the champion with one finished run; the planted columns drifted, the others not
    const check = app.drift.checks().find((c) => c.name === CHECK_NAME)!
    expect(check).toMatchObject({ model: CHURN_MODEL, version: '3', schedule: CHECK_SCHEDULE })
    expect(app.drift.datasets().map((d) => [d.role, d.rows])).toEqual(
      expect.arrayContaining([
        ['reference', 10_000],
        ['current', 4_000]
      ])
    )
    const [run] = app.drift.check(check.id).runs
    expect(run).toMatchObject({ state: 'done', datasetDrift: true, predictionDrift: true, tested: 10, drifted: 4 })
    const columns = app.drift.run(run!.id).columns
    expect(
      columns
        .filter((c) => c.drifted)
        .map((c) => c.name)
        .sort()
    ).toEqual([...DRIFTED_COLUMNS].sort())
    expect(columns.find((c) => c.name === 'tenure_months')).toMatchObject({ drifted: false })

    // Costs: a year up to yesterday, every recent month non-zero, a budget near its line and one over its forecast
    const summary = app.costs.summary()
    expect(summary.lastDay).toBe(addDays(dayOf(Date.now()), -1))
    expect(summary.monthToDate).toBeGreaterThan(0)
    expect(summary.previousMonth).toBeGreaterThan(30_000)
    const monthly = app.costs.series({
      from: addDays(summary.lastDay!, -95),
      to: summary.lastDay!,
      granularity: 'month',
      groupBy: 'service',
      basis: 'billed',
      filters: {},
      top: 5
    })
    expect(monthly.totals.length).toBeGreaterThanOrEqual(4)
    for (const total of monthly.totals) expect(total).toBeGreaterThan(0)
    expect(app.costs.dimensions().service).toHaveLength(17)
    const budgets = app.costs.budgets()
    const total = budgets.find((b) => b.name === TOTAL_BUDGET)!
    expect(total.status.pctForecast).toBeGreaterThan(0.9)
    expect(total.status.pctForecast).toBeLessThan(1)
    expect(total.fired.map((f) => [f.basis, f.threshold])).toContainEqual(['forecast', 90])
    expect(budgets.find((b) => b.name === ML_BUDGET)!.status.state).toBe('forecast-over')
    expect(app.costs.recommendations().map((r) => r.kind)).toEqual(expect.arrayContaining(['idle-resource', 'untagged', 'fast-growth']))

    // a restart on the same workspace finds everything in place and imports nothing twice
    const before = snapshot(app)
    expect(before.championCard).toBe(true)
    await demo.close()
    demo = undefined
    await app.close()
    app = open(file)
    demo = await setUpDemo(app)
    const again = await demo.populated
    expect(again.errors).toEqual({})
    expect(snapshot(app)).toEqual(before)
  }, 180_000)

  it('finishes on the next start what a stop interrupted, without doubles', async () => {
    dir = tempDir('cc-demo-stop-')
    const file = path.join(dir, 'demo.db')
    app = open(file)
    demo = await setUpDemo(app)
    await new Promise((resolve) => setTimeout(resolve, 400))
    const interrupted = demo.populated
    await demo.close() // cancels the import or run under way, skips the areas not started
    demo = undefined
    expect((await interrupted).errors.costs).toBe('stopped before it started')
    await app.close()
    app = open(file)
    demo = await setUpDemo(app)
    expect((await demo.populated).errors).toEqual({})
    const s = snapshot(app)
    expect(s).toMatchObject({ evaluations: 1, datasets: 2, checks: 1, costImports: 1, budgets: 2, championCard: true })
    expect(s.models).toEqual(['churn-classifier:5', 'demand-forecaster:3'])
    expect(app.costs.imports()[0]!.rows).toBe(s.costRows)
  }, 180_000)

  it('plants one cost anomaly, the runaway training job, in a year of otherwise quiet days', async () => {
    dir = tempDir('cc-demo-fixed-')
    app = open(path.join(dir, 'demo.db'))
    await populateCosts(app, dir, { now: Date.parse('2026-03-18T09:30:00Z') })
    const { first, last } = app.costs.range()
    expect([first, last]).toEqual(['2025-03-01', '2026-03-17'])
    const year = app.costs.series({ from: first!, to: last!, granularity: 'day', groupBy: 'service', basis: 'billed', filters: {}, top: 1 })
    const spike = year.anomalies.find((a) => a.day === '2026-02-10')!
    expect(spike).toMatchObject({ direction: 'high' })
    expect(spike.value).toBeGreaterThan(spike.median + 1500)
    // day-to-day noise stays inside the detector's band (median ± 3 MAD of 28 days) on almost every other day
    expect(year.anomalies.length).toBeLessThanOrEqual(3)
  }, 120_000)
})
