/** Chart options for the ensemble views (pure, unit-tested). */
import type { ChartOption } from '../../components/echarts'
import type { EnsembleDetail } from '../../../../shared/contract/optimize'
import { fmtValue } from './optimizeCharts'

export const METHOD_NAMES = { average: 'Simple average', nnls: 'NNLS weights', caruana: 'Caruana selection' } as const

/** Each member's weight under each method, as grouped bars. */
export function weightsOption(d: EnsembleDetail): ChartOption {
  const members = d.summary.members.map((m) => m.label)
  const methods = (['average', 'nnls', 'caruana'] as const).filter((m) => d.weights[m])
  return {
    grid: { left: 8, right: 24, top: 36, bottom: 44, containLabel: true },
    legend: { data: methods.map((m) => METHOD_NAMES[m]), top: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => fmtValue(v) },
    xAxis: { type: 'category', data: members, name: 'member version', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: 'weight', min: 0 },
    series: methods.map((m) => ({
      name: METHOD_NAMES[m],
      type: 'bar',
      data: d.weights[m]!,
      ...(m === d.summary.method ? { itemStyle: { borderColor: '#222', borderWidth: 1 } } : {})
    }))
  }
}

/** The loss on the evaluation rows with its bootstrap interval, members and ensembles side by side. */
export function lossOption(d: EnsembleDetail): ChartOption {
  const key = d.summary.lossKey
  const rows = d.evaluated.map((e) => {
    const m = e.metrics.find((x) => x.key === key)
    return { label: e.label, kind: e.kind, value: m?.value ?? null, ci: m?.ci ?? null }
  })
  return {
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    legend: { data: ['member', 'ensemble', '95 % interval'], top: 0 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const r = rows[p.dataIndex]!
        return `${r.label}<br/>${key}: ${fmtValue(r.value)}${r.ci ? `<br/>95 % interval ${fmtValue(r.ci[0])} – ${fmtValue(r.ci[1])}` : ''}`
      }
    },
    yAxis: { type: 'category', data: rows.map((r) => r.label), inverse: true },
    xAxis: {
      type: 'value',
      name: `${key} on ${d.evalRows} held-out rows (lower is better)`,
      nameLocation: 'middle',
      nameGap: 28,
      scale: true
    },
    series: [
      {
        name: 'member',
        type: 'bar',
        stack: 'v',
        data: rows.map((r) => (r.kind === 'member' ? r.value : null)),
        itemStyle: { color: '#8a8f98' }
      },
      {
        name: 'ensemble',
        type: 'bar',
        stack: 'v',
        data: rows.map((r) => (r.kind === 'ensemble' ? r.value : null)),
        itemStyle: { color: '#2f7ed8' }
      },
      {
        name: '95 % interval',
        type: 'scatter',
        symbol: 'rect',
        symbolSize: [2, 14],
        data: rows.flatMap((r, i) =>
          r.ci
            ? [
                [r.ci[0], i],
                [r.ci[1], i]
              ]
            : []
        ),
        itemStyle: { color: '#222' },
        tooltip: { show: false }
      }
    ]
  }
}

/** Caruana: the fit-rows loss after each greedy round. */
export function caruanaTraceOption(d: EnsembleDetail): ChartOption {
  return {
    grid: { left: 8, right: 24, top: 24, bottom: 44, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmtValue(v) },
    xAxis: { type: 'category', name: 'round', nameLocation: 'middle', nameGap: 28, data: d.caruanaTrace.map((_, i) => i + 1) },
    yAxis: { type: 'value', name: `${d.summary.lossKey} on the fit rows`, scale: true },
    series: [{ name: `${d.summary.lossKey} (fit rows)`, type: 'line', data: d.caruanaTrace }]
  }
}
