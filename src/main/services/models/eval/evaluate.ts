import { AppError } from '../../../../shared/errors'
import { columnIndex, readTable, type Table } from '../tabular'
import { guessDirection } from '../direction'
import { calibrationCurve, classificationPoint, confusion, logLoss, mulberry32, percentile, rankingPoint, regressionPoint, type ClassData } from './metrics'
import { mcnemar } from './paired'

export interface EvalSpec {
  task: 'classification' | 'regression'
  holdoutPath: string
  labelColumn: string
  idColumn?: string | undefined
  positiveLabel?: string | undefined
  predictions: { versionId: number; label: string; path?: string | undefined; column?: string | undefined; scoreColumn?: string | undefined }[]
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
}

export interface EvalHooks {
  signal?: AbortSignal | undefined
  progress(done: number, total: number, message: string): void
  tick(): Promise<void>
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null)

/** Sort labels as numpy/sklearn do: numerically if every label is a number, else as strings. */
export function sortLabels(labels: Iterable<string>): string[] {
  const u = [...new Set(labels)]
  const numeric = u.every((l) => l.trim() !== '' && Number.isFinite(Number(l)))
  return numeric ? u.sort((a, b) => Number(a) - Number(b)) : u.sort()
}

/** Canonical form of a label so that "1", "1.0" and "1.00" are the same class. */
const canon = (s: string): string => {
  const t = s.trim()
  return t !== '' && Number.isFinite(Number(t)) ? String(Number(t)) : t
}

interface Aligned {
  truth: string[]
  preds: { label?: string[]; score?: Float64Array }[]
}

async function align(spec: EvalSpec, hooks: EvalHooks): Promise<Aligned> {
  const holdout = await readTable(spec.holdoutPath, 'holdoutPath')
  if (holdout.rows.length === 0) throw new AppError('VALIDATION', `${spec.holdoutPath} has no data rows`, 'holdoutPath')
  const li = columnIndex(holdout, spec.labelColumn, spec.holdoutPath, 'labelColumn')
  const idIdx = spec.idColumn ? columnIndex(holdout, spec.idColumn, spec.holdoutPath, 'idColumn') : -1
  const truth = holdout.rows.map((r) => r[li] ?? '')
  const emptyAt = truth.findIndex((t) => t.trim() === '')
  if (emptyAt >= 0) throw new AppError('VALIDATION', `${spec.holdoutPath} row ${emptyAt + 2}: the label "${spec.labelColumn}" is empty`, 'labelColumn')
  let ids: Map<string, number> | null = null
  if (idIdx >= 0) {
    ids = new Map()
    holdout.rows.forEach((r, i) => {
      const id = r[idIdx] ?? ''
      if (ids!.has(id)) throw new AppError('VALIDATION', `${spec.holdoutPath}: id "${id}" appears more than once (rows ${ids!.get(id)! + 2} and ${i + 2})`, 'idColumn')
      ids!.set(id, i)
    })
  }
  const cache = new Map<string, Table>([[spec.holdoutPath, holdout]])
  const preds: Aligned['preds'] = []
  for (const [pi, p] of spec.predictions.entries()) {
    if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'evaluation cancelled')
    const field = `predictions.${pi}`
    const file = p.path ?? spec.holdoutPath
    let t = cache.get(file)
    if (!t) {
      t = await readTable(file, `${field}.path`)
      cache.set(file, t)
    }
    if (!p.column && !p.scoreColumn) throw new AppError('VALIDATION', `${p.label}: name the prediction column (or, for a binary classifier, the score column)`, `${field}.column`)
    const ci = p.column ? columnIndex(t, p.column, file, `${field}.column`) : -1
    const si = p.scoreColumn ? columnIndex(t, p.scoreColumn, file, `${field}.scoreColumn`) : -1
    // row order: by id when the holdout has ids, else position
    let order: number[]
    if (ids) {
      const pid = t === holdout ? idIdx : t.columns.indexOf(spec.idColumn!)
      if (pid < 0) throw new AppError('VALIDATION', `${file} has no id column "${spec.idColumn}" to match rows with the holdout`, `${field}.path`)
      const seen = new Map<string, number>()
      t.rows.forEach((r, i) => seen.set(r[pid] ?? '', i))
      const missing = [...ids.keys()].filter((id) => !seen.has(id))
      const extra = [...seen.keys()].filter((id) => !ids!.has(id))
      if (missing.length || extra.length || seen.size !== t.rows.length)
        throw new AppError(
          'VALIDATION',
          `${p.label}: the prediction ids in ${file} do not match the holdout: ${missing.length} holdout id(s) without a prediction${missing.length ? ` (e.g. ${missing.slice(0, 3).join(', ')})` : ''}, ${extra.length} prediction id(s) not in the holdout${extra.length ? ` (e.g. ${extra.slice(0, 3).join(', ')})` : ''}${seen.size !== t.rows.length ? `, ${t.rows.length - seen.size} duplicate id(s)` : ''}`,
          `${field}.path`
        )
      order = [...ids.keys()].map((id) => seen.get(id)!)
    } else {
      if (t.rows.length !== holdout.rows.length)
        throw new AppError('VALIDATION', `${p.label}: ${file} has ${t.rows.length} prediction rows but the holdout has ${holdout.rows.length}; give an id column to match rows, or fix the file`, `${field}.path`)
      order = holdout.rows.map((_, i) => i)
    }
    const out: Aligned['preds'][number] = {}
    if (ci >= 0) {
      out.label = order.map((i) => t.rows[i]![ci] ?? '')
      const bad = out.label.findIndex((v) => v.trim() === '')
      if (bad >= 0) throw new AppError('VALIDATION', `${p.label}: ${file} row ${order[bad]! + 2} has an empty prediction in "${p.column}"`, `${field}.column`)
    }
    if (si >= 0) {
      out.score = Float64Array.from(order, (i) => Number(t.rows[i]![si]))
      const bad = out.score.findIndex((v) => !Number.isFinite(v))
      if (bad >= 0) throw new AppError('VALIDATION', `${p.label}: ${file} row ${order[bad]! + 2}: score "${t.rows[order[bad]!]![si]}" in "${p.scoreColumn}" is not a finite number`, `${field}.scoreColumn`)
      if (spec.task === 'classification') {
        const out01 = out.score.findIndex((v) => v < 0 || v > 1)
        if (out01 >= 0) throw new AppError('VALIDATION', `${p.label}: ${file} row ${order[out01]! + 2}: probability ${out.score[out01]} is outside [0, 1]`, `${field}.scoreColumn`)
      }
    }
    preds.push(out)
    hooks.progress(pi + 1, spec.predictions.length, `read predictions of ${p.label}`)
  }
  return { truth, preds }
}

/** Percentile bootstrap CI per metric, with the same resamples for every version (seeded). */
async function bootstrap(n: number, spec: EvalSpec, fns: ((idx: Int32Array) => Record<string, number>)[], hooks: EvalHooks): Promise<Record<string, [number, number] | null>[]> {
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
    if (bad >= 0) throw new AppError('VALIDATION', `${spec.holdoutPath} row ${bad + 2}: label "${truth[bad]}" is not a finite number`, 'labelColumn')
    const ps = preds.map((p, i) => {
      const v = p.score ?? (p.label ? Float64Array.from(p.label, Number) : null)
      const b = v ? v.findIndex((x) => !Number.isFinite(x)) : 0
      if (!v || b >= 0) throw new AppError('VALIDATION', `${spec.predictions[i]!.label}: prediction row ${b + 2} is not a finite number`, `predictions.${i}.column`)
      return v
    })
    const cis = await bootstrap(n, spec, ps.map((p) => (idx) => regressionPoint(y, p, idx)), hooks)
    const versions = ps.map((p, i) => {
      const point = regressionPoint(y, p)
      return {
        versionId: spec.predictions[i]!.versionId,
        label: spec.predictions[i]!.label,
        metrics: Object.entries(point).map(([key, value]) => ({ key, value: finite(value), ci: spec.resamples ? (cis[i]![key] ?? null) : null, higherIsBetter: dir(key) })),
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
    return { rows: n, labels: [], positiveLabel: null, versions, pairedTests }
  }

  // classification
  const truthC = truth.map(canon)
  const predC = preds.map((p) => p.label?.map(canon))
  const labelSet = new Set(truthC)
  for (const p of predC) for (const l of p ?? []) labelSet.add(l)
  const labels = sortLabels(labelSet)
  const k = labels.length
  const code = new Map(labels.map((l, i) => [l, i]))
  if (k < 2) throw new AppError('VALIDATION', `the holdout and predictions hold only one class (${labels[0]}); classification needs at least two`, 'labelColumn')
  const binary = k === 2
  let positive: number | undefined
  if (binary) {
    const want = spec.positiveLabel !== undefined ? canon(spec.positiveLabel) : labels[1]!
    positive = code.get(want)
    if (positive === undefined) throw new AppError('VALIDATION', `positive label "${spec.positiveLabel}" is not one of the classes (${labels.join(', ')})`, 'positiveLabel')
  }
  const yTrue = Int32Array.from(truthC, (l) => code.get(l)!)
  const datas: ClassData[] = preds.map((p, i) => {
    if (p.score && !binary) throw new AppError('VALIDATION', `${spec.predictions[i]!.label}: a score column works only for two classes; there are ${k} (${labels.join(', ')})`, `predictions.${i}.scoreColumn`)
    const yPred = predC[i]
      ? Int32Array.from(predC[i]!, (l) => code.get(l)!)
      : Int32Array.from(p.score!, (s) => (s >= 0.5 ? positive! : 1 - positive!))
    return { yTrue, yPred, k, ...(p.score ? { score: p.score, positive: positive! } : {}) }
  })
  const pointOf = (d: ClassData, idx?: Int32Array): Record<string, number> => ({
    ...classificationPoint(d, idx),
    ...(d.score ? { ...rankingPoint(d, idx), log_loss: logLoss(d, idx) } : {})
  })
  const cis = await bootstrap(n, spec, datas.map((d) => (idx) => pointOf(d, idx)), hooks)
  const versions = datas.map((d, i) => ({
    versionId: spec.predictions[i]!.versionId,
    label: spec.predictions[i]!.label,
    metrics: Object.entries(pointOf(d)).map(([key, value]) => ({ key, value: finite(value), ci: spec.resamples ? (cis[i]![key] ?? null) : null, higherIsBetter: dir(key) })),
    confusion: confusion(d),
    calibration: d.score ? calibrationCurve(d, spec.calibrationBins) : null
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
  return { rows: n, labels, positiveLabel: positive === undefined ? null : labels[positive]!, versions, pairedTests }
}
