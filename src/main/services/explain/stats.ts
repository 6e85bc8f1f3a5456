/**
 * The two-sample Kolmogorov–Smirnov test of the attribution drift check: D = max |F_a − F_b| (ties handled as
 * scipy's searchsorted(side='right')), p from the limiting Kolmogorov distribution at √(n·m/(n+m))·D
 * (scipy.stats.kstwobign.sf; checked against scipy in scripts/reference/explain_views_reference.py).
 */
export function kolmogorovSf(x: number): number {
  if (x <= 0) return 1
  if (x < 1.18) {
    // small x: the theta-function form converges faster
    const w = Math.sqrt(2 * Math.PI) / x
    const v = Math.exp((-Math.PI * Math.PI) / (8 * x * x))
    let s = 0
    for (let k = 1; k <= 7; k += 2) s += v ** (k * k)
    return 1 - w * s
  }
  let s = 0
  for (let k = 1; k <= 100; k++) {
    const t = Math.exp(-2 * k * k * x * x)
    s += (k % 2 ? 1 : -1) * t
    if (t < 1e-17) break
  }
  return Math.min(1, Math.max(0, 2 * s))
}

export function ksTwoSample(a: number[], b: number[]): { statistic: number; pValue: number } | null {
  const x = a.filter((v) => !Number.isNaN(v)).sort((p, q) => p - q)
  const y = b.filter((v) => !Number.isNaN(v)).sort((p, q) => p - q)
  const n = x.length
  const m = y.length
  if (!n || !m) return null
  let i = 0
  let j = 0
  let d = 0
  while (i < n && j < m) {
    const v = Math.min(x[i]!, y[j]!)
    while (i < n && x[i]! <= v) i++
    while (j < m && y[j]! <= v) j++
    d = Math.max(d, Math.abs(i / n - j / m))
  }
  const en = (n * m) / (n + m)
  return { statistic: d, pValue: kolmogorovSf(Math.sqrt(en) * d) }
}
