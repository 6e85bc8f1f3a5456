/** A seeded generator (xoshiro128**): the same seed gives the same sample, permutations and coalitions on every machine. */
export class Rng {
  private s = new Uint32Array(4)

  constructor(seed: number) {
    // splitmix32 spreads the seed over the state
    let z = seed >>> 0
    for (let i = 0; i < 4; i++) {
      z = (z + 0x9e3779b9) >>> 0
      let t = z
      t = Math.imul(t ^ (t >>> 16), 0x85ebca6b)
      t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35)
      this.s[i] = (t ^ (t >>> 16)) >>> 0
    }
    if (!this.s.some((v) => v !== 0)) this.s[0] = 1
  }

  /** Uniform 32-bit integer. */
  nextU32(): number {
    const s = this.s
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0
    const t = (s[1]! << 9) >>> 0
    s[2]! ^= s[0]!
    s[3]! ^= s[1]!
    s[1]! ^= s[2]!
    s[0]! ^= s[3]!
    s[2]! ^= t
    s[3] = rotl(s[3]!, 11)
    return result
  }

  /** Uniform in [0, 1) with 53 random bits. */
  next(): number {
    return ((this.nextU32() >>> 5) * 67108864 + (this.nextU32() >>> 6)) / 9007199254740992
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  normal(): number {
    const u = this.next() || Number.MIN_VALUE
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next())
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(a: T[] | Int32Array): T[] | Int32Array {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const tmp = a[i]!
      a[i] = a[j]!
      a[j] = tmp
    }
    return a
  }

  /** k distinct indexes of [0, n), in increasing order (all of them when k ≥ n). */
  sample(n: number, k: number): number[] {
    if (k >= n) return Array.from({ length: n }, (_, i) => i)
    const idx = Int32Array.from({ length: n }, (_, i) => i)
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i)
      const tmp = idx[i]!
      idx[i] = idx[j]!
      idx[j] = tmp
    }
    return [...idx.subarray(0, k)].sort((a, b) => a - b)
  }
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0
