/** Seeded random draws for the demo data: the same seed gives the same data on every machine (mulberry32). */
export class Rng {
  private state: number
  private spare: number | null = null

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashSeed(seed)
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next()
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  /** Normal draw (Box–Muller, the second value kept for the next call). */
  normal(mean = 0, sd = 1): number {
    if (this.spare !== null) {
      const z = this.spare
      this.spare = null
      return mean + sd * z
    }
    let u = 0
    while (u === 0) u = this.next()
    const r = Math.sqrt(-2 * Math.log(u))
    const a = 2 * Math.PI * this.next()
    this.spare = r * Math.sin(a)
    return mean + sd * r * Math.cos(a)
  }

  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma))
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }

  /** One of the items, with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0)
    let x = this.next() * total
    for (const [item, w] of items) {
      x -= w
      if (x < 0) return item
    }
    return items[items.length - 1]![0]
  }

  /** n lowercase hex digits (MLflow run ids are 32). */
  hex(n: number): string {
    let s = ''
    while (s.length < n) s += Math.floor(this.next() * 16).toString(16)
    return s
  }

  /** n decimal digits, the first not 0 (MLflow experiment ids are 18). */
  digits(n: number): string {
    let s = String(this.int(1, 9))
    while (s.length < n) s += String(this.int(0, 9))
    return s
  }
}

/** FNV-1a of a string: a seed per generator from a readable name. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}
