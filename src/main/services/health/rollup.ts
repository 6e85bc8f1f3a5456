import { Histogram } from './histogram'

export const MINUTE = 60_000
export const HOUR = 3_600_000

/** One rollup bucket of one check: counts, latency extremes and a mergeable histogram. */
export class Aggregate {
  count = 0
  failures = 0
  degraded = 0
  maintenance = 0
  min = Infinity
  max = -Infinity
  sum = 0
  hist = new Histogram()

  add(status: 0 | 1 | 2, latencyMs: number, maintenance: boolean): void {
    this.count++
    if (maintenance) this.maintenance++
    else if (status === 2) this.failures++
    else if (status === 1) this.degraded++
    if (latencyMs < this.min) this.min = latencyMs
    if (latencyMs > this.max) this.max = latencyMs
    this.sum += latencyMs
    this.hist.add(latencyMs)
  }

  static fromRow(row: RollupRow): Aggregate {
    const a = new Aggregate()
    a.count = row.count
    a.failures = row.failures
    a.degraded = row.degraded
    a.maintenance = row.maintenance
    a.min = row.lat_min
    a.max = row.lat_max
    a.sum = row.lat_sum
    Histogram.decode(row.hist, a.hist)
    return a
  }

  toRow(checkId: number, bucket: number): RollupRow {
    const [p50, p95, p99] = this.hist.quantiles()
    return {
      check_id: checkId,
      bucket,
      count: this.count,
      failures: this.failures,
      degraded: this.degraded,
      maintenance: this.maintenance,
      lat_min: this.min,
      lat_max: this.max,
      lat_sum: this.sum,
      p50,
      p95,
      p99,
      hist: this.hist.encode()
    }
  }

  /** The row as positional parameters, in ROLLUP_COLUMNS order (cheaper to bind than named ones). */
  toParams(checkId: number, bucket: number): unknown[] {
    const [p50, p95, p99] = this.hist.quantiles()
    return [
      checkId,
      bucket,
      this.count,
      this.failures,
      this.degraded,
      this.maintenance,
      this.min,
      this.max,
      this.sum,
      p50,
      p95,
      p99,
      this.hist.encode()
    ]
  }
}

export const ROLLUP_COLUMNS = 'check_id, bucket, count, failures, degraded, maintenance, lat_min, lat_max, lat_sum, p50, p95, p99, hist'

export interface RollupRow {
  check_id: number
  bucket: number
  count: number
  failures: number
  degraded: number
  maintenance: number
  lat_min: number
  lat_max: number
  lat_sum: number
  p50: number
  p95: number
  p99: number
  hist: Buffer
}

/** Uptime over counted (non-maintenance) results; degraded counts as up. */
export const uptimeOf = (count: number, failures: number, maintenance: number): number | null => {
  const counted = count - maintenance
  return counted > 0 ? (counted - failures) / counted : null
}
