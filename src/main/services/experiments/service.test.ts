/**
 * The experiments service over a real SQLite file, real worker threads and the real registry and alerting areas:
 * configuration checks, assignment, SRM and guardrail signals turned into alerts, decisions, promotion in the
 * registry, pre-aggregated sums in GrowthBook's format, power, CSV, and bad input.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, tempDir, type TestApp } from '../../../../tests/helpers/app'
import { ExperimentInput, type ExperimentInput as Input } from '../../../shared/contract/experiments'
import { RuleInput } from '../../../shared/contract/alerts'
import { modelsChannels } from '../../../shared/contract/models'
import { AppError } from '../../../shared/errors'
import { assignUnit } from './assign'

let t: TestApp | undefined
const dirs: string[] = []
afterEach(async () => {
  await t?.cleanup()
  t = undefined
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }))
})

const base = (over: Partial<Input> = {}): ReturnType<typeof ExperimentInput.parse> =>
  ExperimentInput.parse({
    name: 'Checkout button',
    variations: [
      { key: 'control', name: 'Control', weight: 0.5 },
      { key: 'green', name: 'Green', weight: 0.5 }
    ],
    metrics: [
      { key: 'conversion', name: 'Conversion', kind: 'proportion', event: 'purchase', role: 'primary' },
      { key: 'latency', name: 'Latency', kind: 'mean', event: 'latency', role: 'guardrail', higherIsBetter: false }
    ],
    ...over
  })

/** Small deterministic data: `split` units per variation; latency 20 ms worse in `green` when `slow`. */
function writeData(split: [number, number], slow = false): { exposures: string; events: string } {
  const dir = tempDir('cc-exp-')
  dirs.push(dir)
  let seed = 7
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const exp = ['user_id,variation,timestamp']
  const ev = ['user_id,event,value,timestamp']
  const t0 = Date.UTC(2024, 4, 1)
  let u = 0
  split.forEach((n, v) => {
    for (let i = 0; i < n; i++, u++) {
      const at = t0 + Math.floor(rnd() * 5 * 86_400_000)
      exp.push(`u${u},${v === 0 ? 'control' : 'green'},${new Date(at).toISOString()}`)
      if (rnd() < 0.2 + v * 0.05) ev.push(`u${u},purchase,1,${new Date(at + 3_600_000).toISOString()}`)
      ev.push(`u${u},latency,${(100 + (slow && v === 1 ? 20 : 0) + rnd() * 30).toFixed(1)},${new Date(at + 60_000).toISOString()}`)
    }
  })
  fs.writeFileSync(path.join(dir, 'exposures.csv'), exp.join('\n') + '\n')
  fs.writeFileSync(path.join(dir, 'events.csv'), ev.join('\n') + '\n')
  return { exposures: path.join(dir, 'exposures.csv'), events: path.join(dir, 'events.csv') }
}

const expectError = (fn: () => unknown, code: string, message: RegExp, field?: string): void => {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe(code)
    expect((err as AppError).message).toMatch(message)
    if (field) expect((err as AppError).field).toBe(field)
    return
  }
  throw new Error('expected an error')
}

describe('configuration', () => {
  it('refuses weights that do not add up, duplicate keys, dangling ratio parts and two primaries', () => {
    t = tempApp()
    const x = t.app.experiments
    expectError(
      () =>
        x.create(
          base({
            variations: [
              { key: 'a', name: 'A', weight: 0.5 },
              { key: 'b', name: 'B', weight: 0.4 }
            ]
          })
        ),
      'VALIDATION',
      /add up to 1 \(they add up to 0\.9\)/,
      'variations'
    )
    expectError(
      () =>
        x.create(
          base({
            variations: [
              { key: 'a', name: 'A', weight: 0.5 },
              { key: 'a', name: 'B', weight: 0.5 }
            ]
          })
        ),
      'VALIDATION',
      /used twice/,
      'variations.1.key'
    )
    expectError(
      () => x.create(base({ metrics: [{ key: 'r', name: 'R', kind: 'ratio', numerator: 'x', denominator: 'y', role: 'primary' }] })),
      'VALIDATION',
      /numerator must be the key/,
      'metrics.0.numerator'
    )
    expectError(
      () =>
        x.create(
          base({
            metrics: [
              { key: 'a', name: 'A', kind: 'mean', event: 'e', role: 'primary' },
              { key: 'b', name: 'B', kind: 'mean', event: 'e', role: 'primary' }
            ]
          })
        ),
      'VALIDATION',
      /only one metric can be primary/
    )
    expectError(
      () =>
        x.create(
          base({
            variations: [
              { key: 'a', name: 'A', weight: 0.5, modelVersionId: 99 },
              { key: 'b', name: 'B', weight: 0.5 }
            ]
          })
        ),
      'VALIDATION',
      /no model version with id 99/
    )
    x.create(base())
    expectError(() => x.create(base({ name: 'checkout BUTTON' })), 'VALIDATION', /exists already/, 'name')
  })

  it('locks who gets which variation while running, and records the start and stop', () => {
    t = tempApp()
    const x = t.app.experiments
    const { id } = x.create(base())
    expect(x.setStatus(id, 'running').status).toBe('running')
    expectError(() => x.update({ ...base({ coverage: 0.5 }), id }), 'VALIDATION', /stop the experiment/)
    x.update({ ...base({ hypothesis: 'green converts better' }), id })
    expectError(() => x.setStatus(id, 'draft'), 'VALIDATION', /stop the experiment before reopening/)
    x.setStatus(id, 'stopped')
    const d = x.get(id)
    expect(d.startedAt).not.toBeNull()
    expect(d.stoppedAt).not.toBeNull()
    expect(d.hypothesis).toBe('green converts better')
  })
})

describe('assignment', () => {
  it('answers a batch of ids exactly as the GrowthBook SDK would, with the seed defaulting to the name', () => {
    t = tempApp()
    const x = t.app.experiments
    const { id } = x.create(
      base({
        coverage: 0.8,
        hashVersion: 2,
        variations: [
          { key: 'a', name: 'A', weight: 0.3 },
          { key: 'b', name: 'B', weight: 0.7 }
        ]
      })
    )
    const ids = Array.from({ length: 500 }, (_, i) => `user-${i}`)
    const r = x.assign(id, ids)
    expect(r.seed).toBe('Checkout button')
    expect(r.ranges.flat().map((x) => +x.toFixed(12))).toEqual([0, 0.24, 0.3, 0.86])
    r.assignments.forEach((a, i) => {
      const want = assignUnit({ seed: 'Checkout button', hashVersion: 2, numVariations: 2, weights: [0.3, 0.7], coverage: 0.8 }, ids[i]!)
      expect(a.variation).toBe(want.variation)
      expect(a.key).toBe(want.variation < 0 ? null : ['a', 'b'][want.variation])
    })
    const out = r.assignments.filter((a) => !a.inExperiment).length
    expect(out).toBeGreaterThan(50) // 20 % outside coverage
    expect(out).toBeLessThan(150)
  })
})

describe('imports, signals and alerts', () => {
  it('a wrong split raises SRM, a slower variation raises its guardrail, and both become alerts', async () => {
    t = tempApp()
    const x = t.app.experiments
    t.app.alerts.createRule(RuleInput.parse({ name: 'Experiments', condition: { signal: 'experiment' } }))
    const signals: string[] = []
    t.app.bus.on('experiments:signal', (p) => signals.push(`${p.kind}:${p.metric ?? ''}:${p.variation ?? ''}`))
    const { id } = x.create(base())
    await x.importEvents({ id, ...writeData([600, 400], true), covariates: null })
    const r = x.results({ id, difference: 'relative', dimension: null })
    expect(r.overall!.srm.status).toBe('mismatch')
    expect(r.overall!.srm.pValue).toBeLessThan(1e-6)
    const latency = r.overall!.metrics.find((m) => m.key === 'latency')!
    expect(latency.variations[1]!.verdict).toBe('worse')
    expect(signals.sort()).toEqual(['guardrail:latency:green', 'srm::'])
    const alerts = t.app.alerts.list({ state: 'firing', limit: 10 })
    expect(alerts.map((a) => a.labels.problem).sort()).toEqual(['guardrail', 'srm'])
    expect(alerts.find((a) => a.labels.problem === 'srm')!.summary).toMatch(/sample ratio mismatch/)
    expect(x.list()[0]!.srm!.status).toBe('mismatch')
  }, 60_000)

  it('a fair split raises nothing; all three engines answer', async () => {
    t = tempApp()
    const x = t.app.experiments
    const signals: unknown[] = []
    t.app.bus.on('experiments:signal', (p) => signals.push(p))
    const { id } = x.create(base())
    await x.importEvents({ id, ...writeData([500, 500]), covariates: null })
    for (const engine of ['frequentist', 'sequential', 'bayesian'] as const) {
      const r = x.results({ id, engine, difference: 'relative', dimension: null })
      expect(r.overall!.srm.status).toBe('ok')
      const v = r.overall!.metrics[0]!.variations[1]!
      expect(v.estimate).not.toBeNull()
      if (engine === 'bayesian') expect(v.chanceToWin).toBeGreaterThan(0)
      else expect(v.pValue).toBeGreaterThan(0)
    }
    expect(signals).toEqual([])
    const p = x.power({ id })
    expect(p.baseline!.mean).toBeGreaterThan(0.1)
    expect(p.sampleSize).toBeGreaterThan(1000)
    expect(p.daysNeeded).toBeGreaterThan(0)
    expect(p.midExperiment[0]!.status).toMatch(/powered|needs-more/)
    const csv = x.exportCsv({ id, difference: 'relative' })
    expect(csv.csv.split('\n')[0]).toMatch(/^dimension,value,metric,role,variation,units,mean,estimate/)
    expect(csv.csv.split('\n').length).toBe(1 + 4 + 1)
  }, 60_000)

  it('bad files are refused with the file, row and column named, and leave no import behind', async () => {
    t = tempApp()
    const x = t.app.experiments
    const { id } = x.create(base())
    const files = writeData([10, 10])
    expectError(
      () => x.startImportEvents({ id, exposures: '/no/such.csv', events: files.events, covariates: null }),
      'NOT_FOUND',
      /does not exist/
    )
    fs.appendFileSync(files.exposures, 'u999,green,yesterday-ish\n')
    await expect(x.importEvents({ id, ...files, covariates: null })).rejects.toThrow(
      /exposures\.csv: row 22, column 3 \(timestamp\): "yesterday-ish" is not a date-time/
    )
    fs.writeFileSync(files.exposures, 'uid,arm,timestamp\nu1,control,2024-05-01\n')
    await expect(x.importEvents({ id, ...files, covariates: null })).rejects.toThrow(
      /no unit id column \(looked for user_id, unit_id, user_id, id\)/
    )
    expect(x.get(id).lastImport?.state).toBe('failed')
    expect(x.results({ id, difference: 'relative', dimension: null }).overall).toBeNull()
  }, 60_000)
})

describe('pre-aggregated sums', () => {
  it('GrowthBook query output loads as it is and gives gbstats figures (test_gbstats.py expectations)', async () => {
    t = tempApp()
    const x = t.app.experiments
    const { id } = x.create(
      base({
        variations: [
          { key: 'zero', name: 'Zero', weight: 0.5 },
          { key: 'one', name: 'One', weight: 0.5 }
        ],
        metrics: [{ key: 'count_metric', name: 'Count', kind: 'mean', event: 'count', role: 'primary' }]
      })
    )
    const dir = tempDir('cc-exp-')
    dirs.push(dir)
    const file = path.join(dir, 'gb.csv')
    // MULTI_DIMENSION_STATISTICS_DF of packages/stats/tests/test_gbstats.py
    fs.writeFileSync(
      file,
      'metric,dimension,variation,main_sum,main_sum_squares,users,count\n' +
        'count_metric,one,one,300,869,120,120\ncount_metric,one,zero,270,848.79,100,100\n' +
        'count_metric,two,one,770,3571,220,220\ncount_metric,two,zero,740,3615.59,200,200\n'
    )
    await x.importSums(id, file)
    const r = x.results({ id, engine: 'frequentist', difference: 'relative', dimension: 'dimension' })
    const one = r.slices.find((s) => s.value === 'one')!.metrics[0]!.variations[1]!
    expect(one.estimate!).toBeCloseTo(-0.074074074, 9)
    expect(one.pValue!).toBeCloseTo(0.145219005, 9)
    const b = x.results({ id, engine: 'bayesian', difference: 'relative', dimension: 'dimension' }).slices.find((s) => s.value === 'one')!
    expect(b.metrics[0]!.variations[1]!.chanceToWin!).toBeCloseTo(0.071834168, 9)
    expect(b.metrics[0]!.variations[1]!.risk![1]).toBeCloseTo(0.075691131, 9)
    // the whole experiment = both dimension values added up
    expect(r.overall!.units).toEqual([300, 340])
  }, 60_000)
})

describe('decisions and promotion', () => {
  it('records who decided what and why, then moves the registry alias and stage to the winner', async () => {
    t = tempApp()
    const { app } = t
    const model = app.models.create(modelsChannels['models:create'].input.parse({ name: 'ranker' }))
    const version = (description: string): { id: number; version: number } =>
      app.models.createVersion(modelsChannels['models:createVersion'].input.parse({ modelId: model.id, description }))
    const v1 = version('champion')
    const v2 = version('challenger')
    app.models.setAlias(v1.id, 'champion')
    const x = app.experiments
    const { id } = x.create(
      base({
        variations: [
          { key: 'control', name: 'v1 (champion)', weight: 0.5, modelVersionId: v1.id },
          { key: 'green', name: 'v2 (challenger)', weight: 0.5, modelVersionId: v2.id }
        ]
      })
    )
    await x.importEvents({ id, ...writeData([500, 500]), covariates: null })
    expectError(() => x.promote({ id, alias: 'champion' }), 'VALIDATION', /decide first/)
    expectError(
      () => x.decide({ id, decision: 'ship', variation: null, reason: 'better', decidedBy: 'ana' }),
      'VALIDATION',
      /choose the variation/
    )
    const d = x.decide({ id, decision: 'ship', variation: 1, reason: 'conversion up, latency flat', decidedBy: 'Ana (ML lead)' })
    expect(d.status).toBe('decided')
    const detail = x.get(id)
    expect(detail.decisions[0]).toMatchObject({
      decision: 'ship',
      variationName: 'v2 (challenger)',
      decidedBy: 'Ana (ML lead)',
      reason: 'conversion up, latency flat'
    })
    expect(JSON.parse(detail.decisions[0]!.snapshot)).toMatchObject({ engine: 'frequentist', metric: 'conversion' })
    const p = x.promote({ id, alias: 'champion' })
    expect(p.description).toBe(`ranker@champion → v${v2.version}`)
    expect(app.models.version(v2.id).aliases).toContain('champion')
    expect(app.models.version(v1.id).aliases).not.toContain('champion')
    x.promote({ id, stage: 'Production' })
    expect(app.models.version(v2.id).stage).toBe('Production')
    expect(x.get(id).promotion).toMatch(/ranker v\d+: None → Production/)
  }, 60_000)
})
