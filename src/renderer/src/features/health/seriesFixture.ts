import type { Series } from '../../../../shared/contract'

/** A small series for chart tests: 4 one-minute buckets, the third without data. */
export function seriesFixture(over: Partial<Series> = {}): Series {
  const t0 = Date.UTC(2026, 0, 1, 12, 0)
  return {
    bucketMs: 60_000,
    t: [t0, t0 + 60_000, t0 + 120_000, t0 + 180_000],
    count: [10, 10, 0, 8],
    failures: [0, 2, 0, 0],
    degraded: [1, 0, 0, 0],
    maintenance: [0, 0, 0, 8],
    p50: [10, 12, null, 9],
    p95: [20.04, 40, null, 18],
    p99: [30, 80, null, 25],
    uptime: 0.9,
    source: 'minute',
    ...over
  }
}
