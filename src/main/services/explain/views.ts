/**
 * The views' data, computed from a stored explanation (all rows loaded as columns): beeswarm layout, dependence with
 * the strongest interaction, one row's contributions, the comparison of two explanations, and CSV.
 * Pure functions over arrays, so they are tested without a database.
 */
import type { Beeswarm, Dependence, ExplainComparison, ExplanationSummary, RowDetail } from '../../../shared/contract/explain'
import { Rng } from './random'
import { ksTwoSample } from './stats'
import { csvCell as quoteCsv } from '../../core/escape'

export interface Loaded {
  n: number
  M: number
  K: number
  features: string[]
  rowIds: Int32Array
  /** n × M raw feature values */
  x: Float64Array
  /** n × K × M */
  phi: Float64Array
  /** n × K */
  fx: Float64Array
  se: Float64Array | null
  expected: number[]
  link: string
  meanAbs: number[][]
  interactionAbs: number[][][] | null
}

export const phiAt = (d: Loaded, i: number, k: number, j: number): number => d.phi[(i * d.K + k) * d.M + j]!

/** Features of output k by mean |φ|, largest first. */
export function order(d: Loaded, k: number): number[] {
  const m = d.meanAbs[k] ?? []
  return d.features.map((_, j) => j).sort((a, b) => (m[b] ?? 0) - (m[a] ?? 0) || a - b)
}

/** Evenly spread positions when there are more rows than points to show (the same rows every time). */
export function pickRows(n: number, max: number, seed = 1): number[] {
  return n <= max ? Array.from({ length: n }, (_, i) => i) : new Rng(seed).sample(n, max)
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

/** Feature values to 0…1 between the 5th and 95th percentiles (shap's beeswarm colouring); null for missing. */
export function colorScale(values: number[]): (number | null)[] {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  let lo = quantile(finite, 0.05)
  let hi = quantile(finite, 0.95)
  if (hi <= lo) {
    lo = finite[0] ?? 0
    hi = finite[finite.length - 1] ?? 1
  }
  return values.map((v) => (Number.isFinite(v) ? (hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0.5) : null))
}

/** shap's beeswarm offsets: points binned by φ (100 bins), stacked alternately above and below, scaled into ±0.4. */
export function beeswarmJitter(phi: number[], seed = 7): number[] {
  const n = phi.length
  if (!n) return []
  const rng = new Rng(seed)
  const min = Math.min(...phi)
  const max = Math.max(...phi)
  const nbins = 100
  const quant = phi.map((v) => Math.round((nbins * (v - min)) / (max - min + 1e-8)))
  const idx = phi.map((_, i) => i).sort((a, b) => quant[a]! - quant[b]! || 0)
  // random order within a bin, as shap shuffles before its stable sort
  const noise = phi.map(() => rng.next())
  idx.sort((a, b) => quant[a]! - quant[b]! || noise[a]! - noise[b]!)
  const ys = new Array<number>(n).fill(0)
  let layer = 0
  let last = -1
  for (const i of idx) {
    if (quant[i] !== last) layer = 0
    ys[i] = layer === 0 ? 0 : Math.ceil(layer / 2) * ((layer % 2) * 2 - 1)
    layer++
    last = quant[i]!
  }
  const top = Math.max(...ys.map((y) => Math.abs(y)), 0) + 1
  return ys.map((y) => (0.4 * y) / top)
}

export function beeswarm(d: Loaded, k: number, top: number, maxPoints: number): Beeswarm {
  const rows = pickRows(d.n, maxPoints)
  const feats = order(d, k).slice(0, top)
  return {
    output: k,
    rows: d.n,
    shown: rows.length,
    rowIds: rows.map((i) => d.rowIds[i]!),
    features: feats.map((j) => {
      const phi = rows.map((i) => phiAt(d, i, k, j))
      const all = Array.from({ length: d.n }, (_, i) => d.x[i * d.M + j]!)
      const scaleAll = colorScale(all)
      return {
        name: d.features[j]!,
        meanAbs: d.meanAbs[k]?.[j] ?? 0,
        phi,
        value: rows.map((i) => (Number.isFinite(d.x[i * d.M + j]!) ? d.x[i * d.M + j]! : null)),
        color: rows.map((i) => scaleAll[i]!),
        jitter: beeswarmJitter(phi)
      }
    }),
    otherFeatures: Math.max(0, d.M - feats.length)
  }
}

function corr(a: number[], b: number[]): number {
  const n = a.length
  const ma = a.reduce((s, v) => s + v, 0) / n
  const mb = b.reduce((s, v) => s + v, 0) / n
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb)
    saa += (a[i]! - ma) ** 2
    sbb += (b[i]! - mb) ** 2
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN
}

/**
 * shap's approximate_interactions: sort rows by feature j, cut them into windows of ~n/10 (at most 50), and add up
 * |corr(φ_j, x_i)| (and of x_i's missingness) over the windows; the feature with the largest sum wins.
 */
export function approximateInteraction(d: Loaded, k: number, j: number): number | null {
  const rows = pickRows(d.n, 10_000, 3)
  const srt = rows.slice().sort((a, b) => {
    const va = d.x[a * d.M + j]!
    const vb = d.x[b * d.M + j]!
    return (Number.isNaN(va) ? Infinity : va) - (Number.isNaN(vb) ? Infinity : vb)
  })
  const ref = srt.map((i) => phiAt(d, i, k, j))
  const inc = Math.max(Math.min(Math.floor(srt.length / 10), 50), 1)
  let best: number | null = null
  let bestV = -1
  for (let o = 0; o < d.M; o++) {
    if (o === j) continue
    const vals = srt.map((i) => d.x[i * d.M + o]!)
    const score = (v: number[]): number => {
      if (v.every((a) => Math.abs(Number.isNaN(a) ? 0 : a) < 1e-8)) return 0
      let s = 0
      for (let w = 0; w < v.length; w += inc) {
        const a: number[] = []
        const b: number[] = []
        for (let t = w; t < Math.min(v.length, w + inc); t++)
          if (!Number.isNaN(v[t]!)) {
            a.push(ref[t]!)
            b.push(v[t]!)
          }
        if (a.length > 1) {
          const c = corr(a, b)
          if (Number.isFinite(c)) s += Math.abs(c)
        }
      }
      return s
    }
    const v = Math.max(score(vals), score(vals.map((a) => (Number.isNaN(a) ? 1 : 0))))
    if (v > bestV) {
      bestV = v
      best = o
    }
  }
  return bestV > 0 ? best : null
}

export function dependence(d: Loaded, k: number, feature: string, colorBy: string | undefined, maxPoints: number): Dependence {
  const j = d.features.indexOf(feature)
  if (j < 0) throw new RangeError(`no feature "${feature}" in this explanation`)
  let c: number | null
  let source: Dependence['colorSource']
  if (colorBy !== undefined) {
    c = d.features.indexOf(colorBy)
    if (c < 0) throw new RangeError(`no feature "${colorBy}" in this explanation`)
    source = 'none'
  } else if (d.interactionAbs) {
    const row = d.interactionAbs[k]![j]!
    c = row.reduce((b, v, o) => (o !== j && (b < 0 || v > row[b]!) ? o : b), -1)
    if (c < 0 || !(row[c]! > 0)) c = null
    source = c === null ? 'none' : 'interaction values'
  } else {
    c = approximateInteraction(d, k, j)
    source = c === null ? 'none' : 'approximation'
  }
  const rows = pickRows(d.n, maxPoints)
  const cv = c === null ? [] : colorScale(rows.map((i) => d.x[i * d.M + c!]!))
  return {
    output: k,
    feature,
    rowIds: rows.map((i) => d.rowIds[i]!),
    x: rows.map((i) => (Number.isFinite(d.x[i * d.M + j]!) ? d.x[i * d.M + j]! : null)),
    phi: rows.map((i) => phiAt(d, i, k, j)),
    colorFeature: c === null ? null : d.features[c]!,
    color: c === null ? rows.map(() => null) : cv,
    colorSource: source,
    rows: d.n,
    shown: rows.length
  }
}

export function linkOf(link: string, margin: number): number {
  if (link === 'logistic') return 1 / (1 + Math.exp(-margin))
  if (link === 'exp') return Math.exp(margin)
  return margin
}

export function rowDetail(d: Loaded, k: number, pos: number): RowDetail {
  if (pos >= d.n) throw new RangeError(`row position ${pos} is past the ${d.n} rows explained`)
  const fx = d.fx[pos * d.K + k]!
  const contributions = d.features
    .map((feature, j) => {
      const v = d.x[pos * d.M + j]!
      const se = d.se ? d.se[(pos * d.K + k) * d.M + j]! : NaN
      return { feature, value: Number.isFinite(v) ? v : null, phi: phiAt(d, pos, k, j), se: Number.isFinite(se) ? se : null }
    })
    .sort((a, b) => Math.abs(b.phi) - Math.abs(a.phi) || a.feature.localeCompare(b.feature))
  let prediction = linkOf(d.link, fx)
  if (d.link === 'softmax') {
    const m = Array.from(d.fx.subarray(pos * d.K, (pos + 1) * d.K))
    const mx = Math.max(...m)
    const s = m.reduce((a, v) => a + Math.exp(v - mx), 0)
    prediction = Math.exp(fx - mx) / s
  }
  return { output: k, rowId: d.rowIds[pos]!, position: pos, expected: d.expected[k]!, fx, prediction, link: d.link, contributions }
}

function spearman(a: number[], b: number[]): number | null {
  if (a.length < 3) return null
  const rank = (v: number[]): number[] => {
    const idx = v.map((_, i) => i).sort((x, y) => v[x]! - v[y]!)
    const r = new Array<number>(v.length)
    for (let i = 0; i < idx.length;) {
      let j = i
      while (j + 1 < idx.length && v[idx[j + 1]!] === v[idx[i]!]) j++
      for (let t = i; t <= j; t++) r[idx[t]!] = (i + j) / 2 + 1
      i = j + 1
    }
    return r
  }
  const c = corr(rank(a), rank(b))
  return Number.isFinite(c) ? c : null
}

export function compare(
  a: { summary: ExplanationSummary; data: Loaded },
  b: { summary: ExplanationSummary; data: Loaded },
  k: number,
  alpha: number
): ExplainComparison {
  const A = a.data
  const B = b.data
  if (k >= A.K || k >= B.K) throw new RangeError(`output ${k} is not in both explanations (they have ${A.K} and ${B.K})`)
  const names = [...new Set([...A.features, ...B.features])]
  const rankOf = (d: Loaded): Map<string, number> => new Map(order(d, k).map((j, r) => [d.features[j]!, r + 1]))
  const ra = rankOf(A)
  const rb = rankOf(B)
  const common = names.filter((f) => A.features.includes(f) && B.features.includes(f))
  const threshold = alpha / Math.max(1, common.length)
  const column = (d: Loaded, j: number): number[] => Array.from({ length: d.n }, (_, i) => phiAt(d, i, k, j))
  const features = names.map((feature) => {
    const ja = A.features.indexOf(feature)
    const jb = B.features.indexOf(feature)
    const ma = ja >= 0 ? (A.meanAbs[k]?.[ja] ?? 0) : null
    const mb = jb >= 0 ? (B.meanAbs[k]?.[jb] ?? 0) : null
    const ks = ja >= 0 && jb >= 0 ? ksTwoSample(column(A, ja), column(B, jb)) : null
    return {
      feature,
      rankA: ra.get(feature) ?? null,
      rankB: rb.get(feature) ?? null,
      meanAbsA: ma,
      meanAbsB: mb,
      shift: ma !== null && mb !== null ? mb - ma : null,
      ks: ks ? { statistic: ks.statistic, pValue: ks.pValue } : null,
      drifted: ks !== null && ks.pValue < threshold
    }
  })
  features.sort((x, y) => Math.max(y.meanAbsA ?? 0, y.meanAbsB ?? 0) - Math.max(x.meanAbsA ?? 0, x.meanAbsB ?? 0))
  const notes: string[] = []
  const sameData = a.summary.dataSha256 === b.summary.dataSha256
  if (!sameData)
    notes.push('the two explanations are of different data: a shift mixes what changed in the model with what changed in the data')
  if (A.link !== B.link) notes.push(`the outputs are on different scales (${A.link} and ${B.link} links)`)
  const onlyA = A.features.filter((f) => !B.features.includes(f))
  const onlyB = B.features.filter((f) => !A.features.includes(f))
  if (onlyA.length) notes.push(`only in A: ${onlyA.join(', ')}`)
  if (onlyB.length) notes.push(`only in B: ${onlyB.join(', ')}`)
  return {
    a: a.summary,
    b: b.summary,
    output: k,
    sameData,
    features,
    alpha,
    drifted: features.filter((f) => f.drifted).length,
    rankCorrelation: spearman(
      common.map((f) => A.meanAbs[k]![A.features.indexOf(f)]!),
      common.map((f) => B.meanAbs[k]![B.features.indexOf(f)]!)
    ),
    notes
  }
}

const csvCell = (v: number | string | null): string => {
  if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return ''
  return quoteCsv(String(v))
}

export function toCsv(d: Loaded, k: number): string {
  const head = ['row', ...d.features, ...d.features.map((f) => `shap_${f}`), 'expected_value', 'f_x']
  const lines = [head.map(csvCell).join(',')]
  for (let i = 0; i < d.n; i++) {
    const cells: (number | string | null)[] = [d.rowIds[i]!]
    for (let j = 0; j < d.M; j++) cells.push(d.x[i * d.M + j]!)
    for (let j = 0; j < d.M; j++) cells.push(phiAt(d, i, k, j))
    cells.push(d.expected[k]!, d.fx[i * d.K + k]!)
    lines.push(cells.map(csvCell).join(','))
  }
  return lines.join('\n') + '\n'
}
