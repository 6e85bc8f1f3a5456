/** Recent samples of one target (service or check), for error-rate and latency rules. */
export class SampleWindow {
  private t: number[] = []
  private failed: boolean[] = []
  private latency: number[] = []

  constructor(private keepMs: number) {}

  widen(ms: number): void {
    if (ms > this.keepMs) this.keepMs = ms
  }

  add(at: number, failed: boolean, latencyMs: number): void {
    this.t.push(at)
    this.failed.push(failed)
    this.latency.push(latencyMs)
    const cutoff = at - this.keepMs
    let drop = 0
    while (drop < this.t.length && this.t[drop]! < cutoff) drop++
    if (drop > 0) {
      this.t.splice(0, drop)
      this.failed.splice(0, drop)
      this.latency.splice(0, drop)
    }
  }

  /** Failures / samples since `from`, or null with fewer than minSamples. */
  errorRate(from: number, minSamples: number): { value: number; samples: number } | null {
    let n = 0
    let f = 0
    for (let i = this.t.length - 1; i >= 0 && this.t[i]! >= from; i--) {
      n++
      if (this.failed[i]) f++
    }
    return n >= minSamples ? { value: f / n, samples: n } : null
  }

  percentile(from: number, p: number, minSamples: number): { value: number; samples: number } | null {
    const vals: number[] = []
    for (let i = this.t.length - 1; i >= 0 && this.t[i]! >= from; i--) vals.push(this.latency[i]!)
    if (vals.length < minSamples) return null
    vals.sort((a, b) => a - b)
    return { value: vals[Math.max(0, Math.ceil((p / 100) * vals.length) - 1)]!, samples: vals.length }
  }
}
