/**
 * numpy-compatible binning helpers on sorted Float64Arrays: `np.quantile` (method='linear'),
 * `np.linspace`, `np.histogram_bin_edges(x, bins='sturges')` and `np.histogram(x, edges)` counts (numpy 2.x).
 */

/** Index of the first element >= x (`np.searchsorted(a, x, side='left')`). */
export function searchLeft(a: Float64Array, x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Index of the first element > x (`np.searchsorted(a, x, side='right')`). */
export function searchRight(a: Float64Array, x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** `np.linspace(start, stop, num)` with endpoint=True, same floating-point operations as numpy. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const y = new Float64Array(num)
  const div = num - 1
  const delta = stop - start
  if (div > 0) {
    const step = delta / div
    if (step === 0) for (let i = 0; i < num; i++) y[i] = (i / div) * delta + start
    else for (let i = 0; i < num; i++) y[i] = i * step + start
  } else {
    for (let i = 0; i < num; i++) y[i] = i * delta + start
  }
  if (num > 1) y[num - 1] = stop
  return y
}

/** `np.quantile(sorted, q)` with the default 'linear' method (Hyndman & Fan type 7); `sorted` must be ascending. */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length
  const virtual = (n - 1) * q
  if (virtual >= n - 1) return sorted[n - 1]!
  if (virtual < 0) return sorted[0]!
  const prev = Math.floor(virtual)
  const a = sorted[prev]!
  const b = sorted[prev + 1]!
  const t = virtual - prev
  const diff = b - a
  // numpy _lerp: a + diff*t, replaced by b - diff*(1-t) where t >= 0.5
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
}

/**
 * `np.histogram_bin_edges(concat(samples), bins='sturges')` for already-sorted finite samples:
 * width = ptp / (log2(n) + 1), nbins = ceil(ptp / width), edges = linspace(min, max, nbins + 1).
 */
export function sturgesBinEdges(...samples: Float64Array[]): Float64Array {
  let n = 0
  let lo = Infinity
  let hi = -Infinity
  for (const s of samples) {
    if (s.length === 0) continue
    n += s.length
    if (s[0]! < lo) lo = s[0]!
    if (s[s.length - 1]! > hi) hi = s[s.length - 1]!
  }
  if (n === 0) return linspace(0, 1, 2)
  const ptp = hi - lo
  let first = lo
  let last = hi
  if (first === last) {
    first -= 0.5
    last += 0.5
  }
  const width = ptp / (Math.log2(n) + 1.0)
  const nbins = width ? Math.ceil((last - first) / width) : 1
  return linspace(first, last, nbins + 1)
}

/**
 * `np.histogram(sorted, edges)[0]`: bins [e_i, e_{i+1}) except the last, which is closed; values outside
 * [e_0, e_last] are not counted. `sorted` must be ascending, `edges` non-decreasing.
 */
export function histogramSorted(sorted: Float64Array, edges: Float64Array): Float64Array {
  const nb = edges.length - 1
  const counts = new Float64Array(Math.max(nb, 0))
  if (nb <= 0) return counts
  let prev = searchLeft(sorted, edges[0]!)
  for (let b = 0; b < nb; b++) {
    const next = b === nb - 1 ? searchRight(sorted, edges[nb]!) : searchLeft(sorted, edges[b + 1]!)
    counts[b] = next - prev
    prev = next
  }
  return counts
}
