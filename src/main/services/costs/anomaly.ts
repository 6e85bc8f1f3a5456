/** Robust anomalies: a day is anomalous when it lies beyond median ± k·MAD of the `window` days before it. */
export interface Anomaly {
  index: number
  value: number
  median: number
  mad: number
  direction: 'high' | 'low'
}

export function median(values: number[]): number {
  if (!values.length) return NaN
  const s = Float64Array.from(values).sort()
  return medianSorted(s)
}

function medianSorted(s: Float64Array): number {
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/**
 * MAD is scaled by 1.4826 so that k = 3 means "about three standard deviations" for normal noise.
 * When the window is flat (MAD 0), a deviation above 1 % of the median (or 1e-6) counts.
 */
export function detectAnomalies(y: number[], k = 3, window = 28, minHistory = 7): Anomaly[] {
  const out: Anomaly[] = []
  const buf = new Float64Array(window)
  for (let i = minHistory; i < y.length; i++) {
    const start = Math.max(0, i - window)
    const n = i - start
    const past = buf.subarray(0, n)
    for (let j = 0; j < n; j++) past[j] = y[start + j]!
    past.sort()
    const med = medianSorted(past)
    for (let j = 0; j < n; j++) past[j] = Math.abs(y[start + j]! - med)
    past.sort()
    const mad = 1.4826 * medianSorted(past)
    const limit = mad > 0 ? k * mad : Math.max(Math.abs(med) * 0.01, 1e-6)
    const v = y[i]!
    if (Math.abs(v - med) > limit) out.push({ index: i, value: v, median: med, mad, direction: v > med ? 'high' : 'low' })
  }
  return out
}
