/**
 * Probability metrics for more than two classes, defined as scikit-learn defines them (checked at 1e-9 against
 * scripts/reference/models_eval_reference.py, which uses the Mann–Whitney rank formula and the step-wise AP sum):
 * - roc_auc_score(multi_class='ovr', average='macro' | 'weighted'): one-vs-rest AUC per class, plain or prevalence-weighted mean
 * - average_precision_score one-vs-rest, macro mean
 * - log_loss: −mean log p(true class), p clipped to [eps, 1 − eps] as in the binary case
 * - top-label calibration: the highest class probability (confidence) against whether that class is the true one
 * Rows are weighted by how often a bootstrap resample drew them, so each class is sorted once, not once per resample.
 */
import { EPS, binnedCalibration, type Calibration } from './metrics'

/** Rows whose probabilities sum to 1 within this are left as they are (np.allclose-like; float rounding of a sum). */
export const SUM_TOLERANCE = Math.sqrt(EPS)

export interface ProbaData {
  /** True class per row, encoded 0..K-1. */
  yTrue: Int32Array
  k: number
  /** Row-major n × k probabilities, every row summing to 1. */
  proba: Float64Array
  /** Per class, rows by descending probability of that class: the rows, whether each is of the class, where each run of ties ends. */
  ranked: { rows: Int32Array; positive: Uint8Array; ends: Int32Array }[]
  /** Per row: −log of the true class's probability clipped to [eps, 1 − eps]. */
  nll: Float64Array
}

/**
 * Divides each row by its sum where the sum is not 1; returns the indices of the rows it changed.
 * A row that sums to 0 cannot be normalised: its index is returned as `zeroRow` (the caller reports it).
 */
export function normaliseRows(proba: Float64Array, k: number): { changed: number[]; zeroRow: number } {
  const n = proba.length / k
  const changed: number[] = []
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let c = 0; c < k; c++) s += proba[i * k + c]!
    if (!(s > 0)) return { changed, zeroRow: i }
    if (Math.abs(s - 1) > SUM_TOLERANCE) {
      for (let c = 0; c < k; c++) proba[i * k + c]! /= s
      changed.push(i)
    }
  }
  return { changed, zeroRow: -1 }
}

export function probaData(yTrue: Int32Array, proba: Float64Array, k: number): ProbaData {
  const n = yTrue.length
  const ranked = Array.from({ length: k }, (_, c) => {
    const rows = new Int32Array(n)
    for (let i = 0; i < n; i++) rows[i] = i
    rows.sort((a, b) => proba[b * k + c]! - proba[a * k + c]!)
    const positive = Uint8Array.from(rows, (i) => (yTrue[i] === c ? 1 : 0))
    const ends: number[] = []
    for (let j = 1; j <= n; j++) if (j === n || proba[rows[j]! * k + c] !== proba[rows[j - 1]! * k + c]) ends.push(j)
    return { rows, positive, ends: Int32Array.from(ends) }
  })
  const nll = Float64Array.from(yTrue, (t, i) => -Math.log(Math.min(Math.max(proba[i * k + t]!, EPS), 1 - EPS)))
  return { yTrue, k, proba, ranked, nll }
}

/** Highest class probability per row and its class (the first on ties, as np.argmax). */
export function topLabel(proba: Float64Array, k: number): { conf: Float64Array; cls: Int32Array } {
  const n = proba.length / k
  const conf = new Float64Array(n)
  const cls = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    let best = 0
    for (let c = 1; c < k; c++) if (proba[i * k + c]! > proba[i * k + best]!) best = c
    cls[i] = best
    conf[i] = proba[i * k + best]!
  }
  return { conf, cls }
}

/** How often each row appears in a resample (all ones without one). */
export function rowWeights(n: number, idx?: Int32Array): Int32Array {
  const w = new Int32Array(n)
  if (!idx) return w.fill(1)
  for (let j = 0; j < idx.length; j++) w[idx[j]!]!++
  return w
}

/** ROC AUC (trapezoid over distinct thresholds) and average precision of class `c` against the rest; NaN when undefined. */
function ovr(d: ProbaData, c: number, w: Int32Array, positives: number, total: number): { auc: number; ap: number } {
  const P = positives
  const N = total - P
  if (P === 0) return { auc: NaN, ap: NaN }
  const { rows, positive, ends } = d.ranked[c]!
  let tps = 0
  let fps = 0
  let prevTpr = 0
  let prevFpr = 0
  let auc = 0
  let ap = 0
  let prevRecall = 0
  let j = 0
  for (let g = 0; g < ends.length; g++) {
    let groupWeight = 0
    for (const end = ends[g]!; j < end; j++) {
      const wi = w[rows[j]!]!
      groupWeight += wi
      if (positive[j]) tps += wi
      else fps += wi
    }
    if (groupWeight === 0) continue // no row of this score in the resample: not a threshold
    if (N > 0) {
      const tpr = tps / P
      const fpr = fps / N
      auc += ((fpr - prevFpr) * (tpr + prevTpr)) / 2
      prevTpr = tpr
      prevFpr = fpr
    }
    const recall = tps / P
    ap += (recall - prevRecall) * (tps / (tps + fps))
    prevRecall = recall
  }
  return { auc: N > 0 ? auc : NaN, ap }
}

export interface MulticlassPoint {
  roc_auc_ovr_macro: number
  roc_auc_ovr_weighted: number
  average_precision_ovr_macro: number
  log_loss: number
}

/** The probability metrics over all rows, or over a bootstrap resample given as row indices. */
export function multiclassPoint(d: ProbaData, idx?: Int32Array): MulticlassPoint {
  const n = d.yTrue.length
  const k = d.k
  const w = rowWeights(n, idx)
  const pos = new Float64Array(k)
  let total = 0
  let loss = 0
  for (let i = 0; i < n; i++) {
    if (!w[i]) continue
    const t = d.yTrue[i]!
    pos[t]! += w[i]!
    total += w[i]!
    loss += w[i]! * d.nll[i]!
  }
  let aucSum = 0
  let aucWeighted = 0
  let apSum = 0
  for (let c = 0; c < k; c++) {
    const { auc, ap } = ovr(d, c, w, pos[c]!, total)
    aucSum += auc
    aucWeighted += auc * pos[c]!
    apSum += ap
  }
  return {
    roc_auc_ovr_macro: aucSum / k,
    roc_auc_ovr_weighted: aucWeighted / total,
    average_precision_ovr_macro: apSum / k,
    log_loss: total ? loss / total : NaN
  }
}

/** Top-label calibration: confidence (highest probability) against the accuracy of that label, uniform bins. */
export function topLabelCalibration(d: ProbaData, bins: number): Calibration {
  const { conf, cls } = topLabel(d.proba, d.k)
  return binnedCalibration(
    conf,
    Uint8Array.from(cls, (c, i) => (c === d.yTrue[i] ? 1 : 0)),
    bins
  )
}
