/**
 * Deterministic assignment, bucket for bucket what GrowthBook's SDKs compute (packages/sdk-js/src/util.ts):
 * FNV-1a 32-bit over the UTF-16 code units of a string; hash version 1 = fnv(id + seed) mod 1000 / 1000 (biased,
 * kept for old experiments), version 2 = fnv(String(fnv(seed + id))) mod 10000 / 10000; bucket ranges laid out from
 * the weights (equal weights when they are missing, of the wrong length or do not sum to 1 ± 0.01), each range
 * shortened to coverage × weight; a unit whose hash falls outside every range is not in the experiment.
 */

export type Range = [number, number]

/** FNV-1a, 32 bits, over UTF-16 code units (JavaScript's charCodeAt). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** A unit's place in [0, 1) for a seed, or null for an unknown hash version. */
export function hashUnit(seed: string, id: string, version: number): number | null {
  if (version === 2) return (fnv1a32(String(fnv1a32(seed + id))) % 10000) / 10000
  if (version === 1) return (fnv1a32(id + seed) % 1000) / 1000
  return null
}

export function equalWeights(n: number): number[] {
  return n <= 0 ? [] : new Array<number>(n).fill(1 / n)
}

export function bucketRanges(numVariations: number, coverage = 1, weights?: number[] | null): Range[] {
  const cover = Math.min(1, Math.max(0, coverage))
  const equal = equalWeights(numVariations)
  let w = weights ?? equal
  if (w.length !== numVariations) w = equal
  const total = w.reduce((s, x) => s + x, 0)
  if (total < 0.99 || total > 1.01) w = equal
  let cumulative = 0
  return w.map((x) => {
    const start = cumulative
    cumulative += x
    return [start, start + cover * x]
  })
}

/** The variation whose range holds n, or -1. */
export function chooseVariation(n: number, ranges: Range[]): number {
  for (let i = 0; i < ranges.length; i++) if (n >= ranges[i]![0] && n < ranges[i]![1]) return i
  return -1
}

/** Whether an id falls in a namespace slice [start, end) (GrowthBook: hash "__" + name with version 1). */
export function inNamespace(id: string, namespace: [string, number, number]): boolean {
  const n = hashUnit(`__${namespace[0]}`, id, 1)
  return n !== null && n >= namespace[1] && n < namespace[2]
}

export interface AssignmentConfig {
  /** Hash seed; GrowthBook uses the experiment key when none is set. */
  seed: string
  hashVersion: number
  numVariations: number
  weights: number[]
  coverage: number
  namespace?: [string, number, number] | null
}

export interface Assignment {
  id: string
  /** Variation index, or -1 when the unit is not in the experiment. */
  variation: number
  inExperiment: boolean
  /** The unit's hash in [0, 1) (null for an empty id or unknown hash version). */
  hash: number | null
}

/** Assigns one unit as GrowthBook's `run()` does for these settings (no targeting, forcing or sticky buckets). */
export function assignUnit(cfg: AssignmentConfig, id: string): Assignment {
  const out = (variation: number, hash: number | null): Assignment => ({ id, variation, inExperiment: variation >= 0, hash })
  if (!id || cfg.numVariations < 2) return out(-1, null)
  if (cfg.namespace && !inNamespace(id, cfg.namespace)) return out(-1, null)
  const n = hashUnit(cfg.seed, id, cfg.hashVersion)
  if (n === null) return out(-1, null)
  return out(chooseVariation(n, bucketRanges(cfg.numVariations, cfg.coverage, cfg.weights)), n)
}
