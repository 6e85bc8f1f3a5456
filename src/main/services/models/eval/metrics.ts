/**
 * Offline evaluation metrics, defined as scikit-learn defines them (see scripts/reference/models_eval_reference.py
 * for the independent numpy implementation the tests compare against at 1e-9).
 * Every function takes an optional index array (a bootstrap resample); without it all rows are used.
 */

export const EPS = 2.220446049250313e-16 // np.finfo(np.float64).eps

export interface ClassData {
  /** True class per row, encoded 0..K-1. */
  yTrue: Int32Array
  /** Predicted class per row, encoded 0..K-1. */
  yPred: Int32Array
  k: number
  /** Binary only: score / probability of the positive class per row. */
  score?: Float64Array
  /** Binary only: the encoded positive class. */
  positive?: number
}

const all = (n: number): Int32Array => {
  const a = new Int32Array(n)
  for (let i = 0; i < n; i++) a[i] = i
  return a
}

export function confusion(d: ClassData, idx?: Int32Array): number[][] {
  const ix = idx ?? all(d.yTrue.length)
  const m = Array.from({ length: d.k }, () => new Array<number>(d.k).fill(0))
  for (let j = 0; j < ix.length; j++) {
    const i = ix[j]!
    m[d.yTrue[i]!]![d.yPred[i]!]!++
  }
  return m
}

/** accuracy, precision/recall/F1 macro and weighted over the labels present in y_true ∪ y_pred (zero_division = 0). */
export function classificationPoint(d: ClassData, idx?: Int32Array): Record<string, number> {
  const cm = confusion(d, idx)
  const k = d.k
  let n = 0
  let correct = 0
  const support = new Array<number>(k).fill(0)
  const predicted = new Array<number>(k).fill(0)
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      const c = cm[a]![b]!
      n += c
      support[a]! += c
      predicted[b]! += c
      if (a === b) correct += c
    }
  let pM = 0
  let rM = 0
  let fM = 0
  let pW = 0
  let rW = 0
  let fW = 0
  let present = 0
  for (let c = 0; c < k; c++) {
    if (support[c] === 0 && predicted[c] === 0) continue
    present++
    const tp = cm[c]![c]!
    const p = predicted[c]! > 0 ? tp / predicted[c]! : 0
    const r = support[c]! > 0 ? tp / support[c]! : 0
    const denom = 2 * tp + (predicted[c]! - tp) + (support[c]! - tp)
    const f = denom > 0 ? (2 * tp) / denom : 0
    pM += p
    rM += r
    fM += f
    pW += p * support[c]!
    rW += r * support[c]!
    fW += f * support[c]!
  }
  return {
    accuracy: n ? correct / n : NaN,
    precision_macro: present ? pM / present : NaN,
    recall_macro: present ? rM / present : NaN,
    f1_macro: present ? fM / present : NaN,
    precision_weighted: n ? pW / n : NaN,
    recall_weighted: n ? rW / n : NaN,
    f1_weighted: n ? fW / n : NaN
  }
}

/** Rows of a binary problem sorted by descending score (ties kept together). */
function binaryRows(d: ClassData, idx?: Int32Array): { s: Float64Array; y: Uint8Array } {
  const ix = idx ?? all(d.yTrue.length)
  const order = Int32Array.from(ix).sort((a, b) => d.score![b]! - d.score![a]!)
  const s = new Float64Array(order.length)
  const y = new Uint8Array(order.length)
  for (let j = 0; j < order.length; j++) {
    s[j] = d.score![order[j]!]!
    y[j] = d.yTrue[order[j]!] === d.positive ? 1 : 0
  }
  return { s, y }
}

/** ROC AUC (trapezoid over the ROC curve, = Mann–Whitney U with mid-ranks) and average precision as sklearn defines it. */
export function rankingPoint(d: ClassData, idx?: Int32Array): { roc_auc: number; average_precision: number } {
  const { s, y } = binaryRows(d, idx)
  const n = s.length
  let P = 0
  for (let i = 0; i < n; i++) P += y[i]!
  const N = n - P
  if (P === 0 || N === 0) return { roc_auc: NaN, average_precision: P === 0 ? NaN : NaN }
  let tps = 0
  let fps = 0
  let prevTpr = 0
  let prevFpr = 0
  let auc = 0
  let ap = 0
  let prevRecall = 0
  let i = 0
  while (i < n) {
    const v = s[i]!
    while (i < n && s[i] === v) {
      if (y[i]) tps++
      else fps++
      i++
    }
    const tpr = tps / P
    const fpr = fps / N
    auc += ((fpr - prevFpr) * (tpr + prevTpr)) / 2
    prevTpr = tpr
    prevFpr = fpr
    const recall = tps / P
    const precision = tps / (tps + fps)
    ap += (recall - prevRecall) * precision
    prevRecall = recall
  }
  return { roc_auc: auc, average_precision: ap }
}

/** Binary log loss with probabilities clipped to [eps, 1 - eps]. */
export function logLoss(d: ClassData, idx?: Int32Array): number {
  const ix = idx ?? all(d.yTrue.length)
  let sum = 0
  for (let j = 0; j < ix.length; j++) {
    const i = ix[j]!
    const p = Math.min(Math.max(d.score![i]!, EPS), 1 - EPS)
    sum += d.yTrue[i] === d.positive ? -Math.log(p) : -Math.log(1 - p)
  }
  return ix.length ? sum / ix.length : NaN
}

/** sklearn.calibration.calibration_curve(strategy='uniform') of the positive class: only non-empty bins are returned. */
export function calibrationCurve(d: ClassData, bins: number): Calibration {
  return binnedCalibration(
    d.score!,
    Uint8Array.from(d.yTrue, (t) => (t === d.positive ? 1 : 0)),
    bins
  )
}

export interface Calibration {
  meanPredicted: number[]
  fractionPositive: number[]
  counts: number[]
}

/** Uniform bins over [0, 1]: mean of `p` and fraction of `hit` per non-empty bin (np.searchsorted on the inner edges, side left). */
export function binnedCalibration(p: ArrayLike<number>, hit: ArrayLike<number>, bins: number): Calibration {
  const edges = Array.from({ length: bins + 1 }, (_, i) => i / bins)
  const inner = edges.slice(1, -1)
  const sumP = new Array<number>(bins).fill(0)
  const sumY = new Array<number>(bins).fill(0)
  const count = new Array<number>(bins).fill(0)
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!
    // np.searchsorted(inner, v, side='left'): first index with inner[idx] >= v
    let lo = 0
    let hi = inner.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (inner[mid]! < v) lo = mid + 1
      else hi = mid
    }
    sumP[lo]! += v
    sumY[lo]! += hit[i]!
    count[lo]!++
  }
  const out: Calibration = { meanPredicted: [], fractionPositive: [], counts: [] }
  for (let b = 0; b < bins; b++)
    if (count[b]! > 0) {
      out.meanPredicted.push(sumP[b]! / count[b]!)
      out.fractionPositive.push(sumY[b]! / count[b]!)
      out.counts.push(count[b]!)
    }
  return out
}

export function regressionPoint(y: Float64Array, p: Float64Array, idx?: Int32Array): Record<string, number> {
  const ix = idx ?? all(y.length)
  const n = ix.length
  if (!n) return { rmse: NaN, mae: NaN, mape: NaN, r2: NaN }
  let se = 0
  let ae = 0
  let ape = 0
  let mean = 0
  for (let j = 0; j < n; j++) mean += y[ix[j]!]!
  mean /= n
  let ssTot = 0
  for (let j = 0; j < n; j++) {
    const i = ix[j]!
    const e = y[i]! - p[i]!
    se += e * e
    ae += Math.abs(e)
    ape += Math.abs(e) / Math.max(Math.abs(y[i]!), EPS)
    ssTot += (y[i]! - mean) * (y[i]! - mean)
  }
  const r2 = ssTot === 0 ? (se === 0 ? 1 : 0) : 1 - se / ssTot
  return { rmse: Math.sqrt(se / n), mae: ae / n, mape: ape / n, r2 }
}

/** Small, fast, seedable PRNG (mulberry32); the same seed gives the same resamples on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** numpy.percentile(values, q) with linear interpolation; NaNs are left out. */
export function percentile(values: number[], q: number): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (!v.length) return NaN
  const pos = (q / 100) * (v.length - 1)
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return v[lo]! + (v[hi]! - v[lo]!) * (pos - lo)
}
