/** The CPU and memory chart of a run, from its samples. */
import type { ChartOption } from '../../components/echarts'
import type { MlopsRunDetail } from '../../../../shared/contract/mlops'

export function buildResourceOption(samples: MlopsRunDetail['samples']): ChartOption {
  const t0 = samples[0]?.at ?? 0
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: ['CPU (%)', 'Memory (MB)'] },
    grid: { left: 56, right: 64, top: 36, bottom: 40 },
    xAxis: { type: 'value', name: 'seconds', nameLocation: 'middle', nameGap: 26, min: 0 },
    yAxis: [
      { type: 'value', name: 'CPU (%)', min: 0 },
      { type: 'value', name: 'MB', min: 0 }
    ],
    series: [
      {
        name: 'CPU (%)',
        type: 'line',
        showSymbol: false,
        data: samples.map((s) => [(s.at - t0) / 1000, Math.round(s.cpuPercent * 10) / 10])
      },
      {
        name: 'Memory (MB)',
        type: 'line',
        yAxisIndex: 1,
        showSymbol: false,
        data: samples.map((s) => [(s.at - t0) / 1000, Math.round(s.rssBytes / 1048576)])
      }
    ]
  }
}
