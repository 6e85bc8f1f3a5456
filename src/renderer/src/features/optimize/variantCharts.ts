/** Chart options and formatting for optimised-versus-base comparisons (pure, unit-tested). */
import type { ChartOption } from '../../components/echarts'
import type { VariantComparison } from '../../../../shared/contract/optimize'
import { fmtValue } from './optimizeCharts'

export const fmtBytes = (b: number | null): string =>
  b === null
    ? '—'
    : b >= 1e9
      ? `${(b / 1e9).toFixed(2)} GB`
      : b >= 1e6
        ? `${(b / 1e6).toFixed(2)} MB`
        : b >= 1e3
          ? `${(b / 1e3).toFixed(1)} kB`
          : `${b} B`

export const fmtPct = (v: number | null, signed = true): string =>
  v === null ? '—' : `${signed && v > 0 ? '+' : ''}${(v * 100).toFixed(1)} %`

/** Latency p50/p95/p99 (ms) of the base and every variant at one batch size, as grouped bars. */
export function latencyOption(c: VariantComparison, batch: number): ChartOption {
  const all = [c.base, ...c.variants]
  const at = (i: number, q: 'p50' | 'p95' | 'p99'): number | null => all[i]!.latency.find((l) => l.batch === batch)?.[q] ?? null
  return {
    grid: { left: 8, right: 24, top: 36, bottom: 44, containLabel: true },
    legend: { data: ['p50', 'p95', 'p99'], top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number | null) => (v === null ? '—' : `${fmtValue(v)} ms`)
    },
    xAxis: {
      type: 'category',
      data: all.map((v, i) => (i === 0 ? `${v.label} (base)` : `${v.label} (${c.variants[i - 1]!.kind})`)),
      name: `batch ${batch}`,
      nameLocation: 'middle',
      nameGap: 28
    },
    yAxis: { type: 'value', name: 'latency (ms)', min: 0 },
    series: (['p50', 'p95', 'p99'] as const).map((q) => ({ name: q, type: 'bar', data: all.map((_, i) => at(i, q)) }))
  }
}

/** The batch sizes measured for the base. */
export const batches = (c: VariantComparison): number[] => c.base.latency.map((l) => l.batch)
