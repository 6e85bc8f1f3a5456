import { AppError } from '../../../../shared/errors'
import { guessDirection } from '../direction'
import { align } from './align'
import { canon, sortLabels } from './labels'
import {
  calibrationCurve,
  classificationPoint,
  confusion,
  logLoss,
  mulberry32,
  percentile,
  rankingPoint,
  regressionPoint,
  type ClassData
} from './metrics'
import { multiclassPoint, normaliseRows, probaData, topLabel, topLabelCalibration, type ProbaData } from './multiclass'
import { mcnemar } from './paired'
import { inLabelOrder } from './probabilities'

export interface EvalSpec {
  task: 'classification' | 'regression'
  holdoutPath: string
  labelColumn: string
  idColumn?: string | undefined
  positiveLabel?: string | undefined
  predictions: {
    versionId: number
    label: string
    path?: string | undefined
    column?: string | undefined
    scoreColumn?: string | undefined
    /** Classification: class → probability column. */
    probabilityColumns?: Record<string, string> | undefined
    /** Classification: probability columns named `<prefix><class>`. */
    probabilityPrefix?: string | undefined
  }[]
  resamples: number
  seed: number
  confidence: number
  calibrationBins: number
}

export interface EvalOutput {
  rows: number
  labels: string[]
  positiveLabel: string | null
  versions: {
    versionId: number
    label: string
    metrics: { key: string; value: number | null; ci: [number, number] | null; higherIsBetter: boolean }[]
    confusion: number[][] | null
    calibration: { meanPredicted: number[]; fractionPositive: number[]; counts: number[] } | null
  }[]
  pairedTests: { a: number; b: number; method: string; statistic: number | null; pValue: number | null; detail: string }[]
  notes: string[]
}

export interface EvalHooks {
  signal?: AbortSignal | undefined
  progress(done: number, total: number, message: string): void
  tick(): Promise<void>
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null)

/** Percentile bootstrap CI per metric, with the same resamples for every version (seeded). */
async function bootstrap(
  n: number,
  spec: EvalSpec,
  fns: ((idx: Int32Array) => Record<string, number>)[],
  hooks: EvalHooks
): Promise<Record<string, [number, number] | null>[]> {
  const rand = mulberry32(spec.seed)
  const samples: Record<string, number[]>[] = fns.map(() => ({}))
  const idx = new Int32Array(n)
  for (let r = 0; r < spec.resamples; r++) {
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rand() * n)
    fns.forEach((fn, v) => {
      for (const [k, val] of Object.entries(fn(idx))) (samples[v]![k] ??= []).push(val)
    })
    if (r % 50 === 49) {
      if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'evaluation cancelled')
      hooks.progress(r + 1, spec.resamples, `bootstrap resample ${r + 1} of ${spec.resamples}`)
      await hooks.tick()
    }
  }
  const alpha = (1 - spec.confidence) * 100
  return samples.map((s) => {
    const out: Record<string, [number, number] | null> = {}
    for (const [k, vals] of Object.entries(s)) {
      const lo = percentile(vals, alpha / 2)
      const hi = percentile(vals, 100 - alpha / 2)
      out[k] = Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null
    }
    return out
  })
}

export async function evaluate(spec: EvalSpec, hooks: EvalHooks): Promise<EvalOutput> {
  const { truth, preds } = await align(spec, hooks)
  const n = truth.length
  const dir = (k: string): boolean => guessDirection(k).higherIsBetter
  if (spec.task === 'regression') {
    const y = Float64Array.from(truth, Number)
    const bad = y.findIndex((v) => !Number.isFinite(v))
    if (bad >= 0)
      throw new AppError('VALIDATION', `${spec.holdoutPath} row ${bad + 2}: label "${truth[bad]}" is not a finite number`, 'labelColumn')
    const ps = preds.map((p, i) => {
      const v = p.score ?? (p.label ? Float64Array.from(p.label, Number) : null)
      const b = v ? v.findIndex((x) => !Number.isFinite(x)) : 0
      if (!v || b >= 0)
        throw new AppError(
          'VALIDATION',
          `${spec.predictions[i]!.label}: prediction row ${b + 2} is not a finite number`,
          `predictions.${i}.column`
        )
      return v
    })
    const cis = await bootstrap(
      n,
      spec,
      ps.map((p) => (idx) => regressionPoint(y, p, idx)),
      hooks
    )
    const versions = ps.map((p, i) => {
      const point = regressionPoint(y, p)
      return {
        versionId: spec.predictions[i]!.versionId,
        label: spec.predictions[i]!.label,
        metrics: Object.entries(point).map(([key, value]) => ({
          key,
          value: finite(value),
          ci: spec.resamples ? (cis[i]![key] ?? null) : null,
          higherIsBetter: dir(key)
        })),
        confusion: null,
        calibration: null
      }
    })
    const pairedTests: EvalOutput['pairedTests'] = []
    for (let a = 0; a < ps.length; a++)
      for (let b = a + 1; b < ps.length; b++) {
        // paired bootstrap of the RMSE difference A − B on the same resamples
        const rand = mulberry32(spec.seed)
        const idx = new Int32Array(n)
        const diffs: number[] = []
        for (let r = 0; r < Math.max(spec.resamples, 1); r++) {
          for (let i = 0; i < n; i++) idx[i] = Math.floor(rand() * n)
          diffs.push(regressionPoint(y, ps[a]!, idx).rmse! - regressionPoint(y, ps[b]!, idx).rmse!)
        }
        const le = diffs.filter((d) => d <= 0).length / diffs.length
        const ge = diffs.filter((d) => d >= 0).length / diffs.length
        const observed = versions[a]!.metrics[0]!.value! - versions[b]!.metrics[0]!.value!
        const alpha = (1 - spec.confidence) * 100
        pairedTests.push({
          a: spec.predictions[a]!.versionId,
          b: spec.predictions[b]!.versionId,
          method: 'paired bootstrap (RMSE difference)',
          statistic: observed,
          pValue: Math.min(1, 2 * Math.min(le, ge)),
          detail: `RMSE A − B = ${observed.toPrecision(4)}, ${Math.round(spec.confidence * 100)} % CI [${percentile(diffs, alpha / 2).toPrecision(4)}, ${percentile(diffs, 100 - alpha / 2).toPrecision(4)}] over ${diffs.length} paired resamples`
        })
      }
    return { rows: n, labels: [], positiveLabel: null, versions, pairedTests, notes: [] }
  }

  // classification
  const truthC = truth.map(canon)
  const predC = preds.map((p) => p.label?.map(canon))
  const labelSet = new Set(truthC)
  for (const p of predC) for (const l of p ?? []) labelSet.add(l)
  const labels = sortLabels(labelSet)
  const k = labels.length
  const code = new Map(labels.map((l, i) => [l, i]))
  if (k < 2)
    throw new AppError(
      'VALIDATION',
      `the holdout and predictions hold only one class (${labels[0]}); classification needs at least two`,
      'labelColumn'
    )
  const binary = k === 2
  let positive: number | undefined
  if (binary) {
    const want = spec.positiveLabel !== undefined ? canon(spec.positiveLabel) : labels[1]!
    positive = code.get(want)
    if (positive === undefined)
      throw new AppError(
        'VALIDATION',
        `positive label "${spec.positiveLabel}" is not one of the classes (${labels.join(', ')})`,
        'positiveLabel'
      )
  }
  const yTrue = Int32Array.from(truthC, (l) => code.get(l)!)
  const notes: string[] = []
  const datas: (ClassData & { multi?: ProbaData })[] = preds.map((p, i) => {
    const { label } = spec.predictions[i]!
    if (p.score && !binary)
      throw new AppError(
        'VALIDATION',
        `${label}: a score column works only for two classes; there are ${k} (${labels.join(', ')}): give one probability column per class instead`,
        `predictions.${i}.scoreColumn`
      )
    let proba: Float64Array | undefined
    if (p.proba) {
      proba = inLabelOrder(p.proba, labels, label)
      const { changed } = normaliseRows(proba, k)
      if (changed.length)
        notes.push(
          `${label}: the probabilities of ${changed.length} of ${n} rows did not sum to 1 and were divided by their sum (first: ${p.proba.file} row ${p.proba.fileRows[changed[0]!]! + 2})`
        )
    }
    // two classes: the positive class's probability is the score
    const score = p.score ?? (proba && binary ? Float64Array.from({ length: n }, (_, r) => proba[r * k + positive!]!) : undefined)
    const yPred = predC[i]
      ? Int32Array.from(predC[i]!, (l) => code.get(l)!)
      : score
        ? Int32Array.from(score, (s) => (s >= 0.5 ? positive! : 1 - positive!))
        : topLabel(proba!, k).cls
    return {
      yTrue,
      yPred,
      k,
      ...(score ? { score, positive: positive! } : {}),
      ...(proba && !binary ? { multi: probaData(yTrue, proba, k) } : {})
    }
  })
  const absent = labels.filter((_, c) => !yTrue.includes(c))
  if (datas.some((d) => d.multi) && absent.length)
    notes.push(
      `one-vs-rest ROC AUC and PR AUC are undefined (shown empty): no holdout row is of class ${absent.map((a) => `"${a}"`).join(', ')}`
    )
  const pointOf = (d: (typeof datas)[number], idx?: Int32Array): Record<string, number> => ({
    ...classificationPoint(d, idx),
    ...(d.score ? { ...rankingPoint(d, idx), log_loss: logLoss(d, idx) } : {}),
    ...(d.multi ? multiclassPoint(d.multi, idx) : {})
  })
  const cis = await bootstrap(
    n,
    spec,
    datas.map((d) => (idx) => pointOf(d, idx)),
    hooks
  )
  const versions = datas.map((d, i) => ({
    versionId: spec.predictions[i]!.versionId,
    label: spec.predictions[i]!.label,
    metrics: Object.entries(pointOf(d)).map(([key, value]) => ({
      key,
      value: finite(value),
      ci: spec.resamples ? (cis[i]![key] ?? null) : null,
      higherIsBetter: dir(key)
    })),
    confusion: confusion(d),
    calibration: d.score ? calibrationCurve(d, spec.calibrationBins) : d.multi ? topLabelCalibration(d.multi, spec.calibrationBins) : null
  }))
  const right = datas.map((d) => Uint8Array.from(d.yTrue, (t, i) => (t === d.yPred[i] ? 1 : 0)))
  const pairedTests: EvalOutput['pairedTests'] = []
  for (let a = 0; a < datas.length; a++)
    for (let b = a + 1; b < datas.length; b++) {
      const m = mcnemar(right[a]!, right[b]!)
      pairedTests.push({
        a: spec.predictions[a]!.versionId,
        b: spec.predictions[b]!.versionId,
        method: `McNemar (${m.method})`,
        statistic: m.statistic,
        pValue: m.pValue,
        detail: `${m.b} rows only A got right, ${m.c} rows only B got right (${m.b + m.c} discordant pairs)`
      })
    }
  return { rows: n, labels, positiveLabel: positive === undefined ? null : labels[positive]!, versions, pairedTests, notes }
}
