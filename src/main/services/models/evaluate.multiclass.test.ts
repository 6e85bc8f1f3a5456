import { describe, expect, it } from 'vitest'
import type { TestApp } from '../../../../tests/helpers/app'
import { close, closeAll, refEntries, refList, useEvaluationApp } from '../../../../tests/helpers/evaluation'
import { EvaluationInput } from '../../../shared/contract/models'
import reference from './__fixtures__/eval-reference.json'
import { mulberry32 } from './eval/metrics'
import { multiclassPoint, normaliseRows, probaData } from './eval/multiclass'

const cases = reference.cases
const mc = cases.multiclass_proba

const ctx = useEvaluationApp('mc-model')

type Result = Awaited<ReturnType<TestApp['app']['models']['evaluate']>>
const metricsOf = (r: Result, i: number) => Object.fromEntries(r.versions[i]!.metrics.map((m) => [m.key, m]))

describe('multiclass probabilities against the numpy reference (1e-9)', () => {
  it('one-vs-rest ROC AUC (macro, weighted), PR AUC, log loss, top-label calibration and their bootstrap intervals', async () => {
    const classes = mc.classes
    const [v1, v2, v3] = mc.versions as [(typeof mc.versions)[number], (typeof mc.versions)[number], (typeof mc.versions)[number]]
    // v1: an explicit class → column map (columns in another order than the classes); v2: the prefix "p2_"; both in the holdout
    const v1cols = classes.map((c, j) => `v1 ${j}`)
    const holdout = ctx.write(
      'holdout.csv',
      ['id', 'label', 'v1_label', 'v2_label', ...[...v1cols].reverse(), ...classes.map((c) => `p2_${c}`)],
      mc.labels.map((l, i) => [`r${i}`, l, v1.pred![i]!, v2.pred![i]!, ...[...v1.proba[i]!].reverse(), ...v2.proba[i]!])
    )
    // v3: its own file, rows shuffled and matched by id, probabilities only (predicted label = the most probable class)
    const order = mc.labels.map((_, i) => (i * 7) % mc.labels.length)
    expect(new Set(order).size).toBe(mc.labels.length)
    const v3file = ctx.write(
      'v3.csv',
      ['proba_owl', 'id', 'proba_cat', 'proba_dog', 'proba_fox'],
      order.map((i) => [v3.proba[i]![3]!, `r${i}`, v3.proba[i]![0]!, v3.proba[i]![1]!, v3.proba[i]![2]!])
    )
    const r = await ctx.t.app.models.evaluate({
      task: 'classification',
      holdoutPath: holdout,
      labelColumn: 'label',
      idColumn: 'id',
      predictions: [
        { versionId: ctx.versions[0]!, column: 'v1_label', probabilityColumns: Object.fromEntries(classes.map((c, j) => [c, v1cols[j]!])) },
        { versionId: ctx.versions[1]!, column: 'v2_label', probabilityPrefix: 'p2_' },
        { versionId: ctx.versions[2]!, path: v3file, probabilityPrefix: 'proba_' }
      ],
      resamples: mc.resamples,
      seed: mc.seed,
      confidence: mc.confidence,
      calibrationBins: 10
    })
    expect(r.labels).toEqual(classes)
    expect(r.positiveLabel).toBeNull()
    refList(mc.versions, 3, 'multiclass probability versions').forEach((v, i) => {
      const got = metricsOf(r, i)
      expect(Object.keys(got).sort()).toEqual(Object.keys(v.metrics).sort())
      for (const [k, expected] of refEntries(v.metrics, 11, 'metrics')) close(got[k]?.value, expected, `v${i + 1} ${k}`)
      for (const [k, [lo, hi]] of refEntries(v.ci, 11, 'intervals') as [string, [number, number]][]) {
        close(got[k]?.ci?.[0], lo, `v${i + 1} ${k} CI low`)
        close(got[k]?.ci?.[1], hi, `v${i + 1} ${k} CI high`)
      }
      expect(r.versions[i]!.confusion).toEqual(v.confusion)
      const cal = r.versions[i]!.calibration!
      expect(cal.counts).toEqual(v.calibration.counts)
      closeAll(cal.meanPredicted, v.calibration.meanPredicted, `v${i + 1} top-label confidence`)
      closeAll(cal.fractionPositive, v.calibration.fractionPositive, `v${i + 1} top-label accuracy`)
    })
    expect(metricsOf(r, 0).log_loss!.higherIsBetter).toBe(false)
    expect(metricsOf(r, 0).roc_auc_ovr_weighted!.higherIsBetter).toBe(true)
    expect(metricsOf(r, 0).average_precision_ovr_macro!.higherIsBetter).toBe(true)
    // rows not summing to 1 were normalised, and the result says so
    expect(v2.normalisedRows).toBe(0)
    expect(r.notes).toEqual([
      expect.stringMatching(new RegExp(`^mc-model v1: the probabilities of ${v1.normalisedRows} of 360 rows did not sum to 1`)),
      expect.stringMatching(new RegExp(`^mc-model v3: the probabilities of ${v3.normalisedRows} of 360 rows .*/v3\\.csv row \\d+\\)$`))
    ])
    // stored with the evaluation and shown in Compare with intervals and directions
    expect(ctx.t.app.models.evaluation(r.id).notes).toEqual(r.notes)
    const cmp = ctx.t.app.models.compare({ items: ctx.versions.map((id) => ({ kind: 'version' as const, id })), baseline: 0 })
    for (const key of ['roc_auc_ovr_macro', 'roc_auc_ovr_weighted', 'average_precision_ovr_macro', 'log_loss'] as const) {
      const row = cmp.metrics.find((m) => m.key === `eval:${key}`)!
      expect(row, key).toBeDefined()
      expect(row.source).toBe('evaluation')
      expect(row.higherIsBetter).toBe(key !== 'log_loss')
      mc.versions.forEach((v, i) => {
        close(row.values[i], v.metrics[key], `compare ${key} v${i + 1}`)
        close(row.ci?.[i]?.[0], v.ci[key][0]!, `compare ${key} CI v${i + 1}`)
      })
    }
  })

  it('two classes given as two probability columns score like the positive class’s score column', async () => {
    const c = cases.binary
    const s = c.versions[0]!.score
    const holdout = ctx.write(
      'b.csv',
      ['label', 'score', 'p_0', 'p_1'],
      c.labels.map((l, i) => [l, s[i]!, 1 - s[i]!, s[i]!])
    )
    const base = {
      task: 'classification' as const,
      holdoutPath: holdout,
      labelColumn: 'label',
      positiveLabel: '1',
      resamples: 50,
      seed: 5,
      confidence: 0.9,
      calibrationBins: 10
    }
    const a = await ctx.t.app.models.evaluate({ ...base, predictions: [{ versionId: ctx.versions[0]!, scoreColumn: 'score' }] })
    const b = await ctx.t.app.models.evaluate({ ...base, predictions: [{ versionId: ctx.versions[0]!, probabilityPrefix: 'p_' }] })
    expect(b.versions[0]!.metrics).toEqual(a.versions[0]!.metrics)
    expect(b.versions[0]!.calibration).toEqual(a.versions[0]!.calibration)
    expect(b.positiveLabel).toBe('1')
  })

  it('a class predicted but absent from the holdout: one-vs-rest AUCs are empty and say why, log loss still counts', async () => {
    const holdout = ctx.write(
      'abs.csv',
      ['label', 'pred', 'p_a', 'p_b', 'p_c', 'p_d'],
      [
        ['a', 'a', 0.7, 0.1, 0.1, 0.1],
        ['b', 'b', 0.1, 0.6, 0.2, 0.1],
        ['c', 'd', 0.1, 0.1, 0.3, 0.5],
        ['a', 'b', 0.4, 0.5, 0.05, 0.05],
        ['c', 'c', 0.2, 0.1, 0.6, 0.1]
      ]
    )
    const r = await ctx.t.app.models.evaluate({
      task: 'classification',
      holdoutPath: holdout,
      labelColumn: 'label',
      predictions: [{ versionId: ctx.versions[0]!, column: 'pred', probabilityPrefix: 'p_' }],
      resamples: 20,
      seed: 2,
      confidence: 0.9,
      calibrationBins: 5
    })
    const got = metricsOf(r, 0)
    expect(r.labels).toEqual(['a', 'b', 'c', 'd'])
    expect(got.roc_auc_ovr_macro!.value).toBeNull()
    expect(got.average_precision_ovr_macro!.value).toBeNull()
    close(got.log_loss!.value, -(Math.log(0.7) + Math.log(0.6) + Math.log(0.3) + Math.log(0.4) + Math.log(0.6)) / 5, 'log loss')
    expect(r.notes).toEqual([expect.stringContaining('no holdout row is of class "d"')])
  })

  it('a bootstrap resample weighted by row counts gives the metrics of the resampled rows', () => {
    const v = mc.versions[0]!
    const k = mc.classes.length
    const yTrue = Int32Array.from(mc.labels, (l) => mc.classes.indexOf(l))
    const proba = Float64Array.from(v.proba.flat())
    normaliseRows(proba, k)
    const d = probaData(yTrue, proba, k)
    const rand = mulberry32(99)
    for (let r = 0; r < 5; r++) {
      const idx = Int32Array.from(yTrue, () => Math.floor(rand() * yTrue.length))
      const y2 = Int32Array.from(idx, (i) => yTrue[i]!)
      const p2 = new Float64Array(idx.length * k)
      idx.forEach((i, j) => p2.set(proba.subarray(i * k, i * k + k), j * k))
      const weighted = multiclassPoint(d, idx)
      const direct = multiclassPoint(probaData(y2, p2, k))
      for (const [key, val] of Object.entries(direct)) close(weighted[key as keyof typeof weighted], val, key)
    }
  })
})

describe('multiclass probability columns: bad input gives a clear message and stores nothing', () => {
  const base = { task: 'classification' as const, labelColumn: 'label', resamples: 10, seed: 1, confidence: 0.95, calibrationBins: 10 }
  const rows = [
    ['a', 0.7, 0.2, 0.1],
    ['b', 0.1, 0.8, 0.1],
    ['c', 0.2, 0.2, 0.6],
    ['a', 0.5, 0.3, 0.2]
  ]
  const header = ['label', 'p_a', 'p_b', 'p_c']
  const bad = async (
    name: string,
    data: (string | number)[][],
    pred: Record<string, unknown>,
    message: RegExp,
    field: string,
    extra: Record<string, unknown> = {}
  ): Promise<void> => {
    const file = ctx.write(name, header, data)
    const run = ctx.t.app.models.evaluate({
      ...base,
      ...extra,
      holdoutPath: file,
      predictions: [{ versionId: ctx.versions[0]!, ...pred }]
    } as Parameters<TestApp['app']['models']['evaluate']>[0])
    await expect(run, String(message)).rejects.toMatchObject({ code: 'VALIDATION', field, message: expect.stringMatching(message) })
  }
  const cell = (r: number, c: number, v: string | number): (string | number)[][] =>
    rows.map((row, i) => (i === r ? row.map((x, j) => (j === c ? v : x)) : row))
  const P = 'predictions.0.probabilityPrefix'
  const C = 'predictions.0.probabilityColumns'

  it('columns, numbers, ranges, zero rows and classes', async () => {
    await bad(
      'm1.csv',
      rows,
      { probabilityColumns: { a: 'p_a', b: 'p_b', c: 'nope' } },
      /^mc-model v1: .*m1\.csv has no column "nope" for class "c" \(columns: label, p_a, p_b, p_c\)/,
      C
    )
    await bad('m2.csv', rows, { probabilityPrefix: 'q_' }, /^mc-model v1: .*m2\.csv has no column named "q_<class>"/, P)
    await bad(
      'm3.csv',
      cell(2, 2, 'abc'),
      { probabilityPrefix: 'p_' },
      /^mc-model v1: .*m3\.csv row 4: probability "abc" in "p_b" is not a finite number/,
      P
    )
    await bad('m4.csv', cell(1, 3, ''), { probabilityPrefix: 'p_' }, /row 3: probability "" in "p_c" is not a finite number/, P)
    await bad('m5.csv', cell(0, 1, 1.2), { probabilityPrefix: 'p_' }, /row 2: probability 1.2 in "p_a" is outside \[0, 1\]/, P)
    await bad(
      'm6.csv',
      cell(3, 3, -0.1),
      { probabilityColumns: { a: 'p_a', b: 'p_b', c: 'p_c' } },
      /row 5: probability -0.1 in "p_c" is outside \[0, 1\]/,
      C
    )
    await bad(
      'm7.csv',
      rows.map((r, i) => (i === 1 ? [r[0]!, 0, 0, 0] : r)),
      { probabilityPrefix: 'p_' },
      /row 3: the probabilities \(p_a, p_b, p_c\) are all zero/,
      P
    )
    await bad(
      'm8.csv',
      rows,
      { probabilityColumns: { a: 'p_a', b: 'p_b' } },
      /do not match the classes \(a, b, c\): no probability column for "c"/,
      C
    )
    await bad(
      'm9.csv',
      rows,
      { probabilityColumns: { a: 'p_a', b: 'p_b', c: 'p_c', d: 'p_c' } },
      /the column "p_c" is given for both class "c" and class "d"/,
      C
    )
    await bad(
      'm10.csv',
      rows.map((r) => (r[0] === 'c' ? ['b', ...r.slice(1)] : r)),
      { probabilityPrefix: 'p_' },
      /do not match the classes \(a, b\): "p_c" is for class "c", which is neither a holdout label nor a predicted label/,
      P
    )
    await bad(
      'm11.csv',
      rows,
      { probabilityPrefix: 'p_', probabilityColumns: { a: 'p_a', b: 'p_b', c: 'p_c' } },
      /either as a class → column map or as a prefix, not both/,
      P
    )
    await bad(
      'm12.csv',
      rows,
      { probabilityPrefix: 'p_', scoreColumn: 'p_a' },
      /either a score column \(binary\) or one probability column per class/,
      'predictions.0.scoreColumn'
    )
    await bad(
      'm13.csv',
      rows,
      { scoreColumn: 'p_a' },
      /a score column works only for two classes; there are 3 \(a, b, c\): give one probability column per class/,
      'predictions.0.scoreColumn'
    )
    await bad(
      'm14.csv',
      rows.map((r, i) => [i, ...r.slice(1)]),
      { column: 'p_a', probabilityPrefix: 'p_' },
      /probability columns are for classification, not regression/,
      P,
      { task: 'regression' }
    )
    await bad(
      'm15.csv',
      rows,
      { probabilityColumns: { a: 'p_a', '1': 'p_b', '1.0': 'p_c' } },
      /the columns "p_b" and "p_c" are both for class "1"/,
      C
    )
    expect(ctx.t.app.models.evaluations()).toHaveLength(0)
  }, 120_000) // fifteen evaluations, each on a fresh worker thread

  it('the contract accepts a class → column map or a prefix per version', () => {
    const input = {
      task: 'classification',
      holdoutPath: '/data/h.csv',
      labelColumn: 'y',
      predictions: [
        { versionId: 1, probabilityColumns: { cat: 'p_cat', dog: 'p_dog' } },
        { versionId: 2, probabilityPrefix: 'proba_' }
      ]
    }
    expect(EvaluationInput.safeParse(input).success).toBe(true)
    expect(EvaluationInput.safeParse({ ...input, predictions: [{ versionId: 1, probabilityColumns: { cat: 3 } }] }).success).toBe(false)
    expect(EvaluationInput.safeParse({ ...input, predictions: [{ versionId: 1, probabilityColumns: { '': 'x' } }] }).success).toBe(false)
  })
})
