/**
 * KernelSHAP (Lundberg & Lee 2017; the sampling of shap's KernelExplainer): coalitions by size, smallest and largest
 * first (a size and its complement together), every coalition of a size while the budget covers it, the rest drawn
 * by the Shapley kernel's weight; then a weighted least-squares fit with Σφ = f(x) − E[f] built in. nsamples
 * defaults to 2M + 2048; when it covers all 2^M − 2 coalitions the fit is exact. The standard error of a sampled fit
 * comes from refitting on bootstrap resamples of the drawn coalitions (the enumerated ones stay fixed).
 */
import { Rng } from '../random'
import { maskedGame, rowSeed, varyingFeatures, type AgnosticResult, type BatchPredictor } from './masked'

export interface KernelSettings {
  /** Coalitions per explained row; null: 2M + 2048. */
  nsamples: number | null
  seed: number
  /** Bootstrap refits for the standard error (default 50). */
  bootstrap?: number
}

export const defaultNsamples = (m: number): number => 2 * m + 2048

function binom(n: number, k: number): number {
  let c = 1
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i
  return c
}

function* combinations(n: number, k: number): Generator<number[]> {
  const c = Array.from({ length: k }, (_, i) => i)
  while (true) {
    yield c.slice()
    let i = k - 1
    while (i >= 0 && c[i] === n - k + i) i--
    if (i < 0) return
    c[i]!++
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1]! + 1
  }
}

interface Plan {
  /** Coalitions over the n varying features (1 = from x). */
  masks: Uint8Array[]
  weights: number[]
  /** Masks from `fixed` on were drawn at random. */
  fixed: number
  exact: boolean
}

/** shap's KernelExplainer sampling, over n players with a budget of `nsamples` coalitions. */
export function planCoalitions(n: number, nsamples: number, rng: Rng): Plan {
  const budget = Math.min(nsamples, 2 ** n - 2)
  const masks: Uint8Array[] = []
  const weights: number[] = []
  const sizes = Math.ceil((n - 1) / 2)
  const paired = Math.floor((n - 1) / 2)
  const weightVector = Array.from({ length: sizes }, (_, i) => ((n - 1) / ((i + 1) * (n - i - 1))) * (i < paired ? 2 : 1))
  const total = weightVector.reduce((a, b) => a + b, 0)
  for (let i = 0; i < sizes; i++) weightVector[i] = weightVector[i]! / total
  let full = 0
  let left = budget
  const remaining = weightVector.slice()
  for (let size = 1; size <= sizes; size++) {
    let count = binom(n, size)
    if (size <= paired) count *= 2
    if ((left * remaining[size - 1]!) / count < 1 - 1e-8) break
    full++
    left -= count
    if (remaining[size - 1]! < 1) {
      const r = 1 - remaining[size - 1]!
      for (let i = 0; i < sizes; i++) remaining[i] = remaining[i]! / r
    }
    const w = weightVector[size - 1]! / binom(n, size) / (size <= paired ? 2 : 1)
    for (const c of combinations(n, size)) {
      const m = new Uint8Array(n)
      for (const j of c) m[j] = 1
      masks.push(m)
      weights.push(w)
      if (size <= paired) {
        masks.push(m.map((b) => 1 - b))
        weights.push(w)
      }
    }
  }
  const fixed = masks.length
  if (full !== sizes && left > 0) {
    const rest = weightVector.map((w, i) => (i < paired ? w / 2 : w)).slice(full)
    const restTotal = rest.reduce((a, b) => a + b, 0)
    const cdf: number[] = []
    rest.reduce((acc, w, i) => (cdf[i] = acc + w / restTotal), 0)
    const seen = new Map<string, number>()
    const idx = Int32Array.from({ length: n }, (_, i) => i)
    const pushMask = (m: Uint8Array): void => {
      const key = String.fromCharCode(...m)
      const at = seen.get(key)
      if (at !== undefined) weights[at] = weights[at]! + 1
      else {
        seen.set(key, masks.length)
        masks.push(m)
        weights.push(1)
        left--
      }
    }
    for (let tries = 0; left > 0 && tries < 4 * budget; tries++) {
      const u = rng.next()
      let which = cdf.findIndex((c) => u < c)
      if (which < 0) which = cdf.length - 1
      const size = which + full + 1
      rng.shuffle(idx)
      const m = new Uint8Array(n)
      for (let j = 0; j < size; j++) m[idx[j]!] = 1
      pushMask(m)
      if (left > 0 && size <= paired) pushMask(m.map((b) => 1 - b))
    }
    const weightLeft = weightVector.slice(full).reduce((a, b) => a + b, 0)
    const drawn = weights.slice(fixed).reduce((a, b) => a + b, 0)
    for (let i = fixed; i < weights.length; i++) weights[i] = (weights[i]! * weightLeft) / drawn
  }
  return { masks, weights, fixed, exact: budget === 2 ** n - 2 }
}

/** Solves A x = b (n × n, symmetric positive semi-definite) by Gaussian elimination with partial pivoting. */
export function solve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const a = A.slice()
  const x = b.slice()
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[p * n + c]!)) p = r
    if (Math.abs(a[p * n + c]!) < 1e-300) throw new Error('the KernelSHAP system is singular: too few distinct coalitions')
    if (p !== c) {
      for (let k = 0; k < n; k++) [a[c * n + k], a[p * n + k]] = [a[p * n + k]!, a[c * n + k]!]
      ;[x[c], x[p]] = [x[p]!, x[c]!]
    }
    for (let r = c + 1; r < n; r++) {
      const f = a[r * n + c]! / a[c * n + c]!
      if (f === 0) continue
      for (let k = c; k < n; k++) a[r * n + k] = a[r * n + k]! - f * a[c * n + k]!
      x[r] = x[r]! - f * x[c]!
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r]!
    for (let k = r + 1; k < n; k++) s -= a[r * n + k]! * x[k]!
    x[r] = s / a[r * n + r]!
  }
  return x
}

/** Weighted least squares with Σφ = total (the last player takes the remainder), as shap's KernelExplainer solves it. */
function fit(masks: Uint8Array[], weights: number[], y: number[], total: number, pick: number[]): Float64Array {
  const n = masks[0]!.length
  const last = n - 1
  const d = last
  const A = new Float64Array(d * d)
  const b = new Float64Array(d)
  const row = new Float64Array(d)
  for (const s of pick) {
    const m = masks[s]!
    const w = weights[s]!
    const yl = y[s]! - m[last]! * total
    for (let j = 0; j < d; j++) row[j] = m[j]! - m[last]!
    for (let i = 0; i < d; i++) {
      if (row[i] === 0) continue
      b[i] = b[i]! + w * row[i]! * yl
      for (let j = 0; j < d; j++) A[i * d + j] = A[i * d + j]! + w * row[i]! * row[j]!
    }
  }
  const sol = d > 0 ? solve(A, b, d) : new Float64Array(0)
  const phi = new Float64Array(n)
  let sum = 0
  for (let j = 0; j < d; j++) {
    phi[j] = sol[j]!
    sum += sol[j]!
  }
  phi[last] = total - sum
  return phi
}

export async function kernelShap(
  x: Float64Array,
  rowIndex: number,
  background: Float64Array[],
  predictor: BatchPredictor,
  settings: KernelSettings,
  signal?: AbortSignal
): Promise<AgnosticResult> {
  const M = x.length
  const inds = varyingFeatures(x, background)
  const n = inds.length
  const game = maskedGame(x, background, predictor)
  const ends = [new Uint8Array(M), new Uint8Array(M).fill(1)]
  if (n <= 1) {
    const [e, f] = await game.values(ends, signal)
    const K = game.outputs()
    const phi = new Float64Array(K * M)
    if (n === 1) for (let k = 0; k < K; k++) phi[k * M + inds[0]!] = f![k]! - e![k]!
    return { phi, se: new Float64Array(K * M), expected: e!, fx: f!, evaluations: game.evaluations, exact: true }
  }
  const rng = new Rng(rowSeed(settings.seed, rowIndex))
  const plan = planCoalitions(n, settings.nsamples ?? defaultNsamples(M), rng)
  const full = plan.masks.map((m) => {
    const out = new Uint8Array(M)
    inds.forEach((j, p) => (out[j] = m[p]!))
    return out
  })
  const v = await game.values([...ends, ...full], signal)
  const K = game.outputs()
  const e = v[0]!
  const f = v[1]!
  const phi = new Float64Array(K * M)
  const se = new Float64Array(K * M)
  const all = plan.masks.map((_, i) => i)
  const B = settings.bootstrap ?? 50
  const sampled = plan.masks.length - plan.fixed
  for (let k = 0; k < K; k++) {
    const y = plan.masks.map((_, s) => v[s + 2]![k]! - e[k]!)
    const total = f[k]! - e[k]!
    const est = fit(plan.masks, plan.weights, y, total, all)
    inds.forEach((j, p) => (phi[k * M + j] = est[p]!))
    if (plan.exact || sampled < 2) continue
    const boot = new Rng(rowSeed(settings.seed ^ 0x9e3779b9, rowIndex * 131 + k))
    const sums = new Float64Array(n)
    const sq = new Float64Array(n)
    let ok = 0
    for (let r = 0; r < B; r++) {
      const pick = all.slice(0, plan.fixed)
      for (let s = 0; s < sampled; s++) pick.push(plan.fixed + boot.int(sampled))
      try {
        const bs = fit(plan.masks, plan.weights, y, total, pick)
        for (let p = 0; p < n; p++) {
          sums[p] = sums[p]! + bs[p]!
          sq[p] = sq[p]! + bs[p]! * bs[p]!
        }
        ok++
      } catch {
        // a resample without enough distinct coalitions: skipped
      }
    }
    if (ok > 1) inds.forEach((j, p) => (se[k * M + j] = Math.sqrt(Math.max(0, (sq[p]! - (sums[p]! * sums[p]!) / ok) / (ok - 1)))))
    else inds.forEach((j) => (se[k * M + j] = NaN))
  }
  return { phi, se, expected: e, fx: f, evaluations: game.evaluations, exact: plan.exact }
}
