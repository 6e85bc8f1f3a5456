import type { ChartOption } from '../../components/echarts'

export interface TableStat {
  name: string
  rows: number
  bytes: number
}

/** Horizontal bars of on-disk size per table, largest first, rows in the tooltip. */
export function buildStorageOption(tables: TableStat[]): ChartOption {
  const sorted = [...tables].sort((a, b) => a.bytes - b.bytes)
  return {
    grid: { left: 8, right: 24, top: 32, bottom: 28, containLabel: true },
    legend: { data: ['Size on disk (KB)'], top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => `${Number(v).toFixed(1)} KB`
    },
    xAxis: { type: 'value', name: 'KB', nameLocation: 'end' },
    yAxis: { type: 'category', data: sorted.map((t) => `${t.name} (${t.rows.toLocaleString()} rows)`) },
    series: [{ name: 'Size on disk (KB)', type: 'bar', data: sorted.map((t) => Number((t.bytes / 1024).toFixed(1))) }]
  }
}
