/** The points of a sweep: every combination of a grid, or a seeded random sample of it. */
import { AppError } from '../../../shared/errors'

const MAX_POINTS = 500

/** mulberry32: small, seeded, reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function sweepCombos(
  mode: 'grid' | 'random',
  space: Record<string, string[]>,
  samples: number,
  seed: number
): Record<string, string>[] {
  const keys = Object.keys(space)
  if (!keys.length) throw new AppError('VALIDATION', 'space: name at least one parameter and its values', 'space')
  if (mode === 'random') {
    const r = rng(seed)
    return Array.from({ length: samples }, () => Object.fromEntries(keys.map((k) => [k, space[k]![Math.floor(r() * space[k]!.length)]!])))
  }
  const total = keys.reduce((n, k) => n * space[k]!.length, 1)
  if (total > MAX_POINTS)
    throw new AppError('VALIDATION', `space: the grid has ${total} points; at most ${MAX_POINTS} (use random mode)`, 'space')
  let out: Record<string, string>[] = [{}]
  for (const k of keys) out = out.flatMap((c) => space[k]!.map((v) => ({ ...c, [k]: v })))
  return out
}
