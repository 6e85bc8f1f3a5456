/** A run against its test's baseline: each headline figure and its change in %. */
import type { Delta, LoadReport } from '../../../../shared/contract/testing'

const pct = (base: number, cur: number): number | null => (base === 0 ? null : Math.round(((cur - base) / base) * 10_000) / 100)

export function compareReports(base: LoadReport, cur: LoadReport): Delta[] {
  const lower = (metric: string, unit: string, b: number, c: number): Delta => ({
    metric,
    unit,
    baseline: b,
    current: c,
    changePct: pct(b, c),
    better: c <= b
  })
  const higher = (metric: string, unit: string, b: number, c: number): Delta => ({ ...lower(metric, unit, b, c), better: c >= b })
  const L = (k: 'p50' | 'p90' | 'p95' | 'p99' | 'p999' | 'max', label: string) =>
    lower(`latency ${label}`, 'ms', base.latency[k], cur.latency[k])
  return [
    higher('achieved rate', 'requests/s', base.achievedRate, cur.achievedRate),
    L('p50', 'p50'),
    L('p90', 'p90'),
    L('p95', 'p95'),
    L('p99', 'p99'),
    L('p999', 'p99.9'),
    L('max', 'max'),
    lower('failed requests', '%', base.requests.failedRate * 100, cur.requests.failedRate * 100),
    lower('dropped iterations', 'iterations', base.iterations.dropped, cur.iterations.dropped)
  ]
}
