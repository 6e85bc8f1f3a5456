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

  /** Sparse encoding: [u8 bucket, u32 count] per non-empty bucket. */
  encode(): Buffer {
    let n = 0
    for (let i = 0; i < BUCKETS; i++) if (this.counts[i]) n++
    const buf = Buffer.allocUnsafe(n * 5)
    let o = 0
    for (let i = 0; i < BUCKETS; i++) {
      const c = this.counts[i]!
      if (!c) continue
      buf.writeUInt8(i, o)
      buf.writeUInt32LE(c, o + 1)
      o += 5
    }
    return buf
  }

  static decode(buf: Uint8Array, into = new Histogram()): Histogram {
    const view = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
    for (let o = 0; o + 5 <= view.length; o += 5) {
      const c = view.readUInt32LE(o + 1)
      into.counts[view.readUInt8(o)]! += c
      into.total += c
    }
    return into
  }
}
