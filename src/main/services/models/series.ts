/** Compact metric histories: packed little-endian Float64Array blobs of steps, values and timestamps. */

export interface Series {
  steps: Float64Array
  values: Float64Array
  timestamps: Float64Array
  n: number
}

export interface Latest {
  value: number
  step: number
  timestamp: number
}

/** A growable series builder for parsers that do not know the length up front. */
export class SeriesBuilder {
  private cap: number
  n = 0
  steps: Float64Array
  values: Float64Array
  timestamps: Float64Array
  constructor(capacity = 16) {
    this.cap = Math.max(1, capacity)
    this.steps = new Float64Array(this.cap)
    this.values = new Float64Array(this.cap)
    this.timestamps = new Float64Array(this.cap)
  }
  push(timestamp: number, value: number, step: number): void {
    if (this.n === this.cap) {
      this.cap *= 2
      const grow = (a: Float64Array): Float64Array => {
        const b = new Float64Array(this.cap)
        b.set(a)
        return b
      }
      this.steps = grow(this.steps)
      this.values = grow(this.values)
      this.timestamps = grow(this.timestamps)
    }
    this.steps[this.n] = step
    this.values[this.n] = value
    this.timestamps[this.n] = timestamp
    this.n++
  }
  build(): Series {
    return {
      steps: this.steps.subarray(0, this.n),
      values: this.values.subarray(0, this.n),
      timestamps: this.timestamps.subarray(0, this.n),
      n: this.n
    }
  }
}

/** Float64Array → Buffer sharing no memory with the source (SQLite copies it anyway). */
export const pack = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

export function unpack(b: Buffer | Uint8Array): Float64Array {
  if (b.byteOffset % 8 === 0) return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8)
  const copy = new Uint8Array(b.byteLength)
  copy.set(b)
  return new Float64Array(copy.buffer)
}

/**
 * The latest value as MLflow picks it: the highest step, then the latest timestamp, then the largest value
 * (NaN counts as smaller than any number).
 */
export function latestOf(s: Series): Latest | null {
  if (s.n === 0) return null
  let best = 0
  for (let i = 1; i < s.n; i++) {
    const ds = s.steps[i]! - s.steps[best]!
    if (ds > 0) best = i
    else if (ds === 0) {
      const dt = s.timestamps[i]! - s.timestamps[best]!
      if (dt > 0) best = i
      else if (dt === 0) {
        const a = s.values[i]!
        const b = s.values[best]!
        if (Number.isNaN(b) ? !Number.isNaN(a) : a > b) best = i
      }
    }
  }
  return { value: s.values[best]!, step: s.steps[best]!, timestamp: s.timestamps[best]! }
}

/**
 * Largest-Triangle-Three-Buckets downsampling to at most `threshold` points (non-finite values dropped first).
 * Input must be ordered by x.
 */
export function lttb(xs: ArrayLike<number>, ys: ArrayLike<number>, threshold: number): { x: number[]; y: number[] } {
  const px: number[] = []
  const py: number[] = []
  for (let i = 0; i < xs.length; i++) {
    if (Number.isFinite(ys[i]!) && Number.isFinite(xs[i]!)) {
      px.push(xs[i]!)
      py.push(ys[i]!)
    }
  }
  const n = px.length
  if (threshold >= n || threshold < 3) return { x: px, y: py }
  const outX: number[] = [px[0]!]
  const outY: number[] = [py[0]!]
  const every = (n - 2) / (threshold - 2)
  let a = 0
  for (let i = 0; i < threshold - 2; i++) {
    const avgStart = Math.floor((i + 1) * every) + 1
    const avgEnd = Math.min(Math.floor((i + 2) * every) + 1, n)
    let avgX = 0
    let avgY = 0
    for (let j = avgStart; j < avgEnd; j++) {
      avgX += px[j]!
      avgY += py[j]!
    }
    const len = Math.max(1, avgEnd - avgStart)
    avgX /= len
    avgY /= len
    const rangeStart = Math.floor(i * every) + 1
    const rangeEnd = Math.floor((i + 1) * every) + 1
    let maxArea = -1
    let next = rangeStart
    for (let j = rangeStart; j < rangeEnd; j++) {
      const area = Math.abs((px[a]! - avgX) * (py[j]! - py[a]!) - (px[a]! - px[j]!) * (avgY - py[a]!))
      if (area > maxArea) {
        maxArea = area
        next = j
      }
    }
    outX.push(px[next]!)
    outY.push(py[next]!)
    a = next
  }
  outX.push(px[n - 1]!)
  outY.push(py[n - 1]!)
  return { x: outX, y: outY }
}

/** Order a history by step, then timestamp (stable), for plotting. */
export function sortedByStep(s: Series): { steps: Float64Array; values: Float64Array } {
  const idx = Array.from({ length: s.n }, (_, i) => i)
  let sorted = true
  for (let i = 1; i < s.n && sorted; i++) if (s.steps[i]! < s.steps[i - 1]!) sorted = false
  if (sorted) return { steps: s.steps, values: s.values }
  idx.sort((i, j) => s.steps[i]! - s.steps[j]! || s.timestamps[i]! - s.timestamps[j]! || i - j)
  return { steps: Float64Array.from(idx, (i) => s.steps[i]!), values: Float64Array.from(idx, (i) => s.values[i]!) }
}
