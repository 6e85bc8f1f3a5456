/** Mergeable latency histogram: log buckets growing by 8 %, from 0.1 ms to ~7 min; p-error ≤ 4 %. */
const BASE = 0.1
const GROWTH = 1.08
const LOG_G = Math.log(GROWTH)
export const BUCKETS = 200

export const bucketOf = (ms: number): number => (ms <= BASE ? 0 : Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(ms / BASE) / LOG_G)))

/** Representative value of a bucket: the geometric middle of its bounds. */
export const bucketValue = (i: number): number => (i === 0 ? BASE / 2 : BASE * Math.pow(GROWTH, i - 0.5))

export class Histogram {
  readonly counts = new Uint32Array(BUCKETS)
  total = 0

  add(ms: number, n = 1): void {
    this.counts[bucketOf(ms)]! += n
    this.total += n
  }

  merge(other: Histogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!
    this.total += other.total
  }

  /** p in [0, 100]; NaN when empty. */
  percentile(p: number): number {
    if (this.total === 0) return NaN
    const rank = Math.max(1, Math.ceil((p / 100) * this.total))
    let seen = 0
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!
      if (seen >= rank) return bucketValue(i)
    }
    return bucketValue(BUCKETS - 1)
  }

  /** p50, p95 and p99 in one pass over the buckets (what every rollup row stores); NaN when empty. */
  quantiles(): [p50: number, p95: number, p99: number] {
    if (this.total === 0) return [NaN, NaN, NaN]
    const r50 = Math.max(1, Math.ceil(0.5 * this.total))
    const r95 = Math.max(1, Math.ceil(0.95 * this.total))
    const r99 = Math.max(1, Math.ceil(0.99 * this.total))
    const out: [number, number, number] = [NaN, NaN, NaN]
    let seen = 0
    for (let i = 0; i < BUCKETS; i++) {
      const c = this.counts[i]!
      if (c === 0) continue
      seen += c
      if (seen >= r50 && Number.isNaN(out[0])) out[0] = bucketValue(i)
      if (seen >= r95 && Number.isNaN(out[1])) out[1] = bucketValue(i)
      if (seen >= r99) {
        out[2] = bucketValue(i)
        return out
      }
    }
    return out.map((v) => (Number.isNaN(v) ? bucketValue(BUCKETS - 1) : v)) as [number, number, number]
  }

  /** Sparse encoding: [u8 bucket, u32 LE count] per non-empty bucket. */
  encode(): Buffer {
    const buf = SCRATCH
    let o = 0
    for (let i = 0; i < BUCKETS; i++) {
      const c = this.counts[i]!
      if (c === 0) continue
      buf[o] = i
      buf[o + 1] = c & 0xff
      buf[o + 2] = (c >>> 8) & 0xff
      buf[o + 3] = (c >>> 16) & 0xff
      buf[o + 4] = c >>> 24
      o += 5
    }
    return Buffer.from(buf.subarray(0, o))
  }

  /** Adds an encoded histogram into `into` (sign -1 takes one out again: counts are exact integers). */
  static decode(buf: Uint8Array, into = new Histogram(), sign: 1 | -1 = 1): Histogram {
    const counts = into.counts
    let total = 0
    for (let o = 0; o + 5 <= buf.length; o += 5) {
      const c = (buf[o + 1]! + buf[o + 2]! * 0x100 + buf[o + 3]! * 0x10000 + buf[o + 4]! * 0x1000000) * sign
      counts[buf[o]!]! += c
      total += c
    }
    into.total += total
    return into
  }

  clone(): Histogram {
    const h = new Histogram()
    h.counts.set(this.counts)
    h.total = this.total
    return h
  }
}

/** encode() writes here first, then copies out exactly the bytes used. */
const SCRATCH = new Uint8Array(BUCKETS * 5)
