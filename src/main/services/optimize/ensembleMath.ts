/** Ensemble weights: non-negative least squares (Lawson–Hanson, as scipy.optimize.nnls) and Caruana's greedy selection. */

/** Columns of predictions: cols[j][i] is member j's prediction for row i. */
export type Columns = Float64Array[]

export type Loss = (y: Float64Array, p: Float64Array) => number

export const rmseLoss: Loss = (y, p) => {
  let s = 0
  for (let i = 0; i < y.length; i++) s += (y[i]! - p[i]!) ** 2
  return Math.sqrt(s / y.length)
}

const EPS = 1e-15
export const logLossBinary: Loss = (y, p) => {
  let s = 0
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - EPS, Math.max(EPS, p[i]!))
    s += y[i]! ? Math.log(q) : Math.log(1 - q)
  }
  return -s / y.length
}

/** Solves the least squares problem on the columns in `set` (normal equations, Gaussian elimination with pivoting). */
function lstsqOn(cols: Columns, y: Float64Array, set: number[]): Float64Array {
  const k = set.length
  const a = Array.from({ length: k }, () => new Float64Array(k + 1))
  for (let r = 0; r < k; r++) {
    const cr = cols[set[r]!]!
    for (let c = 0; c < k; c++) {
      const cc = cols[set[c]!]!
      let s = 0
      for (let i = 0; i < y.length; i++) s += cr[i]! * cc[i]!
      a[r]![c] = s
    }
    let s = 0
    for (let i = 0; i < y.length; i++) s += cr[i]! * y[i]!
    a[r]![k] = s
  }
  for (let c = 0; c < k; c++) {
    let p = c
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r
    ;[a[c], a[p]] = [a[p]!, a[c]!]
    const piv = a[c]![c]!
    if (Math.abs(piv) < 1e-300) continue
    for (let r = 0; r < k; r++) {
      if (r === c) continue
      const f = a[r]![c]! / piv
      if (f !== 0) for (let cc = c; cc <= k; cc++) a[r]![cc]! -= f * a[c]![cc]!
    }
  }
  return Float64Array.from({ length: k }, (_, r) => (Math.abs(a[r]![r]!) < 1e-300 ? 0 : a[r]![k]! / a[r]![r]!))
}

/** min ‖Aw − y‖ subject to w ≥ 0, by Lawson and Hanson's active-set method (the algorithm behind scipy.optimize.nnls). */
export function nnls(cols: Columns, y: Float64Array, maxIter = 30 * Math.max(cols.length, 1)): Float64Array {
  const m = cols.length
  const w = new Float64Array(m)
  const passive = new Array<boolean>(m).fill(false)
  const tol = 10 * Number.EPSILON * Math.max(1, ...cols.map((c) => c.reduce((s, v) => s + Math.abs(v), 0))) * m
  const gradient = (): Float64Array => {
    const r = Float64Array.from(y, (v, i) => v - cols.reduce((s, c, j) => s + c[i]! * w[j]!, 0))
    return Float64Array.from(cols, (c) => c.reduce((s, v, i) => s + v * r[i]!, 0))
  }
  for (let iter = 0; iter < maxIter; iter++) {
    const g = gradient()
    let best = -1
    for (let j = 0; j < m; j++) if (!passive[j] && g[j]! > tol && (best < 0 || g[j]! > g[best]!)) best = j
    if (best < 0) break
    passive[best] = true
    for (;;) {
      const set = passive.flatMap((p, j) => (p ? [j] : []))
      const z = lstsqOn(cols, y, set)
      if (z.every((v) => v > 0)) {
        set.forEach((j, r) => (w[j] = z[r]!))
        break
      }
      let alpha = Infinity
      set.forEach((j, r) => {
        if (z[r]! <= 0) alpha = Math.min(alpha, w[j]! / (w[j]! - z[r]!))
      })
      set.forEach((j, r) => {
        w[j] = w[j]! + alpha * (z[r]! - w[j]!)
        if (w[j]! <= tol) {
          w[j] = 0
          passive[j] = false
        }
      })
    }
  }
  return w
}

/** Greedy ensemble selection with replacement (Caruana et al. 2004) from an empty ensemble; ties go to the first member. */
export function caruana(cols: Columns, y: Float64Array, loss: Loss, rounds: number): { weights: Float64Array; trace: number[] } {
  const n = y.length
  const counts = new Float64Array(cols.length)
  const total = new Float64Array(n)
  const cand = new Float64Array(n)
  const trace: number[] = []
  for (let r = 0; r < rounds; r++) {
    let best = -1
    let bestLoss = Infinity
    cols.forEach((c, j) => {
      for (let i = 0; i < n; i++) cand[i] = (total[i]! + c[i]!) / (r + 1)
      const l = loss(y, cand)
      if (l < bestLoss) {
        bestLoss = l
        best = j
      }
    })
    counts[best]! += 1
    for (let i = 0; i < n; i++) total[i]! += cols[best]![i]!
    trace.push(bestLoss)
  }
  return { weights: counts.map((c) => c / rounds), trace }
}

export const combine = (cols: Columns, w: ArrayLike<number>): Float64Array =>
  Float64Array.from({ length: cols[0]?.length ?? 0 }, (_, i) => cols.reduce((s, c, j) => s + c[i]! * w[j]!, 0))

/** Rows at even positions fit the weights, rows at odd positions evaluate them: never the same rows, robust to sorted holdouts. */
export const splitRows = (n: number): { fit: number[]; evaluate: number[] } => ({
  fit: Array.from({ length: Math.ceil(n / 2) }, (_, k) => 2 * k),
  evaluate: Array.from({ length: Math.floor(n / 2) }, (_, k) => 2 * k + 1)
})

export const pick = (v: Float64Array, rows: number[]): Float64Array => Float64Array.from(rows, (i) => v[i]!)
