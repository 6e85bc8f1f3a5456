import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { TestApp } from '../../../../tests/helpers/app'
import { close, closeAll, refEntries, refList, useEvaluationApp } from '../../../../tests/helpers/evaluation'
import type { EventName } from '../../../shared/events'
import { EvaluationInput } from '../../../shared/contract'
import reference from './__fixtures__/eval-reference.json'
import { binomCdfHalf, mcnemar } from './eval/paired'
import { lttb } from './series'

type Ref = typeof reference.cases
const cases = reference.cases as Ref

const ctx = useEvaluationApp('ref-model')

const metricsOf = (r: Awaited<ReturnType<TestApp['app']['models']['evaluate']>>, i: number) =>
  Object.fromEntries(r.versions[i]!.metrics.map((m) => [m.key, m]))

describe('offline evaluation against the numpy reference (1e-9)', () => {
  it('binary classification: point metrics, confusion, calibration, McNemar (exact and chi-square)', async () => {
    const c = cases.binary
    // v1 and v2 as columns of the holdout; v3 from its own file in shuffled order, matched by id
    const holdout = ctx.write(
      'holdout.csv',
      ['id', 'label', 'v1', 'v2'],
      c.labels.map((l, i) => [`r${i}`, l, c.versions[0]!.score[i]!, c.versions[1]!.score[i]!])
    )
    const order = c.labels.map((_, i) => i).reverse()
    const v3 = ctx.write(
      'v3.csv',
      ['id', 'proba'],
      order.map((i) => [`r${i}`, c.versions[2]!.score[i]!])
    )
    const seen: EventName[] = []
    ctx.t.app.bus.subscribe((n) => seen.push(n))
    const r = await ctx.t.app.models.evaluate({
      task: 'classification',
      holdoutPath: holdout,
      labelColumn: 'label',
      idColumn: 'id',
      positiveLabel: '1',
      predictions: [
        { versionId: ctx.versions[0]!, scoreColumn: 'v1' },
        { versionId: ctx.versions[1]!, scoreColumn: 'v2' },
        { versionId: ctx.versions[2]!, path: v3, scoreColumn: 'proba' }
      ],
      resamples: 200,
      seed: 7,
      confidence: 0.95,
      calibrationBins: 10
    })
    expect(r.labels).toEqual(c.classes)
    refList(c.versions, 3, 'binary versions').forEach((v, i) => {
      const got = metricsOf(r, i)
      for (const [k, expected] of refEntries(v.metrics, 10, 'binary metrics')) close(got[k]?.value, expected, `v${i + 1} ${k}`)
      expect(r.versions[i]!.confusion).toEqual(v.confusion)
      const cal = r.versions[i]!.calibration!
      expect(cal.counts).toEqual(v.calibration.counts)
      closeAll(cal.meanPredicted, v.calibration.meanPredicted, 'calibration mean')
      closeAll(cal.fractionPositive, v.calibration.fractionPositive, 'calibration fraction')
      for (const m of r.versions[i]!.metrics) {
        expect(m.ci, m.key).not.toBeNull()
        expect(m.ci![0]).toBeLessThanOrEqual(m.ci![1])
      }
    })
    const pair = (a: number, b: number) => r.pairedTests.find((p) => p.a === ctx.versions[a] && p.b === ctx.versions[b])!
    for (const [key, expected] of refEntries(c.mcnemar, 3, 'McNemar pairs')) {
      const [a, b] = key.split('-').map(Number) as [number, number]
      expect(pair(a, b).method).toBe(`McNemar (${expected.method})`)
      close(pair(a, b).statistic, expected.statistic, `McNemar ${key} statistic`)
      close(pair(a, b).pValue, expected.pValue, `McNemar ${key} p`)
    }
    // stored, listed, and shown in Compare with CIs
    expect(ctx.t.app.models.evaluations(ctx.versions[0])).toHaveLength(1)
    const cmp = ctx.t.app.models.compare({ items: ctx.versions.map((id) => ({ kind: 'version' as const, id })), baseline: 0 })
    const auc = cmp.metrics.find((m) => m.key === 'eval:roc_auc')!
    close(auc.values[0], c.versions[0]!.metrics.roc_auc, 'compare auc')
    expect(auc.ci?.[0]).not.toBeNull()
    expect(cmp.metrics.find((m) => m.key === 'eval:log_loss')!.higherIsBetter).toBe(false)
    expect(seen).toContain('models:changed')
    expect(seen).toContain('job:progress')
  })

  it('the same seed gives the same intervals', async () => {
    const c = cases.binary
    const holdout = ctx.write(
      'h.csv',
      ['label', 'v1'],
      c.labels.map((l, i) => [l, c.versions[0]!.score[i]!])
    )
    const run = () =>
      ctx.t.app.models.evaluate({
        task: 'classification',
        holdoutPath: holdout,
        labelColumn: 'label',
        predictions: [{ versionId: ctx.versions[0]!, scoreColumn: 'v1' }],
        resamples: 100,
        seed: 3,
        confidence: 0.9,
        calibrationBins: 10
      })
    const a = await run()
    const b = await run()
    expect(a.versions[0]!.metrics).toEqual(b.versions[0]!.metrics)
  })

  it('multiclass with string labels', async () => {
    const c = cases.multiclass
    const holdout = ctx.write(
      'm.csv',
      ['y', 'a', 'b'],
      c.labels.map((l, i) => [l, c.versions[0]!.pred[i]!, c.versions[1]!.pred[i]!])
    )
    const r = await ctx.t.app.models.evaluate({
      task: 'classification',
      holdoutPath: holdout,
      labelColumn: 'y',
      predictions: [
        { versionId: ctx.versions[0]!, column: 'a' },
        { versionId: ctx.versions[1]!, column: 'b' }
      ],
      resamples: 50,
      seed: 1,
      confidence: 0.95,
      calibrationBins: 10
    })
    expect(r.labels).toEqual(c.classes)
    refList(c.versions, 2, 'multiclass versions').forEach((v, i) => {
      const got = metricsOf(r, i)
      for (const [k, expected] of refEntries(v.metrics, 7, 'multiclass metrics')) close(got[k]?.value, expected, `${k}`)
      expect(r.versions[i]!.confusion).toEqual(v.confusion)
      expect(got.roc_auc).toBeUndefined()
    })
    close(r.pairedTests[0]!.pValue, c.mcnemar['0-1'].pValue, 'McNemar p')
  })

  it('regression: RMSE, MAE, MAPE, R² and a paired bootstrap', async () => {
    const c = cases.regression
    const holdout = ctx.write(
      'r.csv',
      ['y', 'a', 'b'],
      c.labels.map((l, i) => [l, c.versions[0]!.pred[i]!, c.versions[1]!.pred[i]!])
    )
    const r = await ctx.t.app.models.evaluate({
      task: 'regression',
      holdoutPath: holdout,
      labelColumn: 'y',
      predictions: [
        { versionId: ctx.versions[0]!, column: 'a' },
        { versionId: ctx.versions[1]!, column: 'b' }
      ],
      resamples: 200,
      seed: 11,
      confidence: 0.95,
      calibrationBins: 10
    })
    refList(c.versions, 2, 'regression versions').forEach((v, i) => {
      const got = metricsOf(r, i)
      for (const [k, expected] of refEntries(v.metrics, 4, 'regression metrics')) close(got[k]?.value, expected, k)
    })
    expect(r.pairedTests[0]!.method).toMatch(/paired bootstrap/)
    expect(r.pairedTests[0]!.pValue).toBeLessThan(0.05)
  })

  it('reads Parquet holdouts', async () => {
    const { parquetWriteFile } = await import('hyparquet-writer')
    const c = cases.regression
    const file = path.join(ctx.t.dir, 'r.parquet')
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'y', data: c.labels, type: 'DOUBLE' },
        { name: 'a', data: c.versions[0]!.pred, type: 'DOUBLE' }
      ]
    })
    const r = await ctx.t.app.models.evaluate({
      task: 'regression',
      holdoutPath: file,
      labelColumn: 'y',
      predictions: [{ versionId: ctx.versions[0]!, column: 'a' }],
      resamples: 0,
      seed: 1,
      confidence: 0.95,
      calibrationBins: 10
    })
    close(metricsOf(r, 0).rmse?.value, c.versions[0]!.metrics.rmse, 'parquet rmse')
  })
})

describe('evaluation bad input: clear messages and nothing stored', () => {
  const base = { task: 'classification' as const, labelColumn: 'label', resamples: 10, seed: 1, confidence: 0.95, calibrationBins: 10 }
  it('row counts, ids, columns and non-finite scores', async () => {
    const holdout = ctx.write(
      'h.csv',
      ['id', 'label', 'p'],
      [
        ['a', 1, 0.9],
        ['b', 0, 0.2],
        ['c', 1, 0.7]
      ]
    )
    const short = ctx.write('short.csv', ['p'], [[0.9], [0.1]])
    await expect(
      ctx.t.app.models.evaluate({
        ...base,
        holdoutPath: holdout,
        predictions: [{ versionId: ctx.versions[0]!, path: short, scoreColumn: 'p' }]
      })
    ).rejects.toThrow(/has 2 prediction rows but the holdout has 3/)
    const ids = ctx.write(
      'ids.csv',
      ['id', 'p'],
      [
        ['a', 0.9],
        ['b', 0.1],
        ['zz', 0.3]
      ]
    )
    await expect(
      ctx.t.app.models.evaluate({
        ...base,
        holdoutPath: holdout,
        idColumn: 'id',
        predictions: [{ versionId: ctx.versions[0]!, path: ids, scoreColumn: 'p' }]
      })
    ).rejects.toThrow(/1 holdout id\(s\) without a prediction \(e.g. c\), 1 prediction id\(s\) not in the holdout \(e.g. zz\)/)
    await expect(
      ctx.t.app.models.evaluate({ ...base, holdoutPath: holdout, predictions: [{ versionId: ctx.versions[0]!, scoreColumn: 'nope' }] })
    ).rejects.toThrow(/has no column "nope"/)
    const nan = ctx.write(
      'nan.csv',
      ['label', 'p'],
      [
        [1, 'nan'],
        [0, 0.2]
      ]
    )
    await expect(
      ctx.t.app.models.evaluate({ ...base, holdoutPath: nan, predictions: [{ versionId: ctx.versions[0]!, scoreColumn: 'p' }] })
    ).rejects.toThrow(/row 2: score "nan" .* is not a finite number/)
    const prob = ctx.write(
      'prob.csv',
      ['label', 'p'],
      [
        [1, 1.5],
        [0, 0.2]
      ]
    )
    await expect(
      ctx.t.app.models.evaluate({ ...base, holdoutPath: prob, predictions: [{ versionId: ctx.versions[0]!, scoreColumn: 'p' }] })
    ).rejects.toThrow(/outside \[0, 1\]/)
    await expect(
      ctx.t.app.models.evaluate({
        ...base,
        holdoutPath: path.join(ctx.t.dir, 'missing.csv'),
        predictions: [{ versionId: ctx.versions[0]!, scoreColumn: 'p' }]
      })
    ).rejects.toThrow(/does not exist/)
    expect(ctx.t.app.models.evaluations()).toHaveLength(0)
  })

  it('can be cancelled; nothing is stored', async () => {
    const c = cases.binary
    const holdout = ctx.write(
      'h.csv',
      ['label', 'v1'],
      c.labels.map((l, i) => [l, c.versions[0]!.score[i]!])
    )
    const { jobId } = ctx.t.app.models.startEvaluate(
      EvaluationInput.parse({
        ...base,
        holdoutPath: holdout,
        resamples: 5000,
        predictions: [{ versionId: ctx.versions[0]!, scoreColumn: 'v1' }]
      })
    )
    const p = ctx.t.app.jobs.wait(jobId)
    setTimeout(() => ctx.t.app.jobs.cancel(jobId), 30)
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(ctx.t.app.models.evaluations()).toHaveLength(0)
  })
})

describe('helpers', () => {
  it('McNemar switches from exact to chi-square at 25 discordant pairs', () => {
    const a = new Uint8Array(30).fill(1)
    const b = new Uint8Array(30).fill(1)
    for (let i = 0; i < 24; i++) b[i] = 0
    expect(mcnemar(a, b).method).toBe('exact binomial')
    b[24] = 0
    expect(mcnemar(a, b).method).toBe('chi-square with continuity correction')
    expect(binomCdfHalf(0, 3)).toBe(1 / 8)
  })
  it('LTTB keeps the ends and the count', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i)
    const d = lttb(
      xs,
      xs.map((x) => Math.sin(x / 20)),
      100
    )
    expect(d.x).toHaveLength(100)
    expect(d.x[0]).toBe(0)
    expect(d.x.at(-1)).toBe(999)
  })
})
