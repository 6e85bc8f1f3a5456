/** Chart options for the study views (pure, unit-tested), in the spirit of optuna-dashboard's plots. */
import type { ChartOption } from '../../components/echarts'
import type { IntermediateSeries, ParamSpec, StudyDetail, Trial, TrialValue } from '../../../../shared/contract/optimize'

const STATE_COLORS: Record<string, string> = {
  COMPLETE: '#2f7ed8',
  PRUNED: '#e8a33d',
  FAIL: '#d9534f',
  RUNNING: '#8a8f98',
  WAITING: '#b9bec6'
}

export const fmtValue = (v: TrialValue | number | null | undefined): string => {
  if (v === null || v === undefined) return '—'
  if (typeof v === 'string') return v === 'inf' ? '∞' : v === '-inf' ? '−∞' : 'NaN'
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(3)
  return Number(v.toPrecision(5)).toString()
}

const finite = (v: TrialValue | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** A parameter's numeric position on an axis: categorical values by their index. */
export function paramPosition(spec: ParamSpec, v: Trial['params'][string] | undefined): number | null {
  if (v === undefined) return null
  if (spec.kind === 'categorical') {
    const i = spec.choices!.indexOf(v)
    return i < 0 ? null : i
  }
  return typeof v === 'number' ? v : null
}

/** Optimisation history: each complete trial's value as a dot and the best value so far as a step line. */
export function historyOption(d: StudyDetail, objective: number, name: string): ChartOption {
  const h = d.history[objective] ?? []
  return {
    grid: { left: 8, right: 24, top: 36, bottom: 44, containLabel: true },
    legend: { data: [name, 'best so far'], top: 0 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: number[]; seriesName: string }) => `trial ${p.data[0]}<br/>${p.seriesName}: ${fmtValue(p.data[1])}`
    },
    xAxis: { type: 'value', name: 'trial number', nameLocation: 'middle', nameGap: 28, minInterval: 1 },
    yAxis: { type: 'value', name, scale: true, nameTextStyle: { align: 'left' } },
    dataZoom: [{ type: 'inside' }],
    series: [
      { name, type: 'scatter', symbolSize: 6, data: h.map((x) => [x.number, x.value]) },
      { name: 'best so far', type: 'line', step: 'end', showSymbol: false, data: h.map((x) => [x.number, x.best]), lineStyle: { width: 2 } }
    ]
  }
}

/** Learning curves: intermediate values per trial, coloured by how the trial ended (pruned trials visible). */
export function intermediateOption(iv: IntermediateSeries): ChartOption {
  const states = [...new Set(iv.trials.map((t) => t.state))]
  return {
    grid: { left: 8, right: 24, top: 36, bottom: 44, containLabel: true },
    legend: { data: states, top: 0 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; data: number[]; seriesId: string }) =>
        `${p.seriesId}<br/>step ${p.data[0]}: ${fmtValue(p.data[1])}`
    },
    xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 28, minInterval: 1 },
    yAxis: { type: 'value', name: 'intermediate value', scale: true, nameTextStyle: { align: 'left' } },
    series: iv.trials.map((t) => ({
      id: `trial ${t.number} (${t.state})`,
      name: t.state,
      type: 'line',
      showSymbol: t.steps.length === 1,
      symbolSize: 4,
      data: t.steps.map((s, i) => [s, t.values[i]]),
      lineStyle: { width: 1, opacity: t.state === 'PRUNED' ? 0.9 : 0.6 },
      itemStyle: { color: STATE_COLORS[t.state] },
      emphasis: { focus: 'series' }
    }))
  }
}

/** Parallel coordinates: an axis per parameter (categorical axes list their choices) and one for the objective. */
export function parallelOption(d: StudyDetail, objective: number, name: string): ChartOption {
  const done = d.trials.filter((t) => t.state === 'COMPLETE' && finite(t.values[objective]) !== null)
  const values = done.map((t) => finite(t.values[objective])!)
  // a log-scale parameter is drawn as log10 of its value, labelled with the value
  const axes = d.paramSpecs.map((s, i) =>
    s.kind === 'categorical'
      ? { dim: i, name: s.name, type: 'category', data: s.choices!.map(String) }
      : s.log
        ? { dim: i, name: `${s.name} (log)`, type: 'value', scale: true, axisLabel: { formatter: (v: number) => fmtValue(10 ** v) } }
        : { dim: i, name: s.name, type: 'value', scale: true }
  )
  return {
    animation: false, // lines would be drawn left to right over a second
    parallelAxis: [...axes, { dim: axes.length, name, type: 'value', scale: true }],
    parallel: { left: 48, right: 230, top: 48, bottom: 32 },
    visualMap: {
      type: 'continuous',
      dimension: axes.length,
      min: Math.min(...values),
      max: Math.max(...values),
      right: 8,
      top: 'middle',
      text: d.study.directions[objective] === 'minimize' ? [`${name}: worse`, 'better'] : [`${name}: better`, 'worse'],
      calculable: true,
      inRange: {
        color: d.study.directions[objective] === 'minimize' ? ['#1a9850', '#fee08b', '#d73027'] : ['#d73027', '#fee08b', '#1a9850']
      }
    },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: unknown[]; dataIndex: number }) =>
        `trial ${done[p.dataIndex]!.number}: ${name} ${fmtValue(values[p.dataIndex])}`
    },
    series: [
      {
        type: 'parallel',
        lineStyle: { width: 1.2, opacity: 0.7 },
        data: done.map((t, i) => [
          ...d.paramSpecs.map((s) => {
            if (s.kind === 'categorical') return String(t.params[s.name])
            const x = paramPosition(s, t.params[s.name])
            return x === null ? '-' : s.log ? Math.log10(x) : x
          }),
          values[i]
        ])
      }
    ]
  }
}

/** Slice plot: the objective against one parameter, a dot per complete trial, coloured by trial number. */
export function sliceOption(d: StudyDetail, param: string, objective: number, name: string): ChartOption {
  const spec = d.paramSpecs.find((s) => s.name === param)!
  const pts = d.trials
    .filter((t) => t.state === 'COMPLETE' && finite(t.values[objective]) !== null && t.params[param] !== undefined)
    .map((t) => [paramPosition(spec, t.params[param]), finite(t.values[objective]), t.number])
  const n = Math.max(1, ...pts.map((p) => p[2] as number))
  return {
    grid: { left: 8, right: 80, top: 24, bottom: 44, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: number[] }) =>
        `trial ${p.data[2]}<br/>${param}: ${spec.kind === 'categorical' ? String(spec.choices![p.data[0]!]) : fmtValue(p.data[0])}<br/>${name}: ${fmtValue(p.data[1])}`
    },
    xAxis:
      spec.kind === 'categorical'
        ? { type: 'category', name: param, nameLocation: 'middle', nameGap: 28, data: spec.choices!.map(String) }
        : { type: spec.log ? 'log' : 'value', name: param, nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { type: 'value', name, scale: true, nameTextStyle: { align: 'left' } },
    visualMap: {
      type: 'continuous',
      dimension: 2,
      min: 0,
      max: n,
      right: 0,
      top: 'middle',
      text: ['trial', ''],
      inRange: { color: ['#c6dbef', '#08306b'] }
    },
    series: [{ name, type: 'scatter', symbolSize: 7, data: pts }]
  }
}

/** Two parameters against each other, each complete trial coloured by its value (optuna-dashboard's contour, unsmoothed). */
export function contourOption(d: StudyDetail, x: string, y: string, objective: number, name: string): ChartOption {
  const sx = d.paramSpecs.find((s) => s.name === x)!
  const sy = d.paramSpecs.find((s) => s.name === y)!
  const pts = d.trials
    .filter((t) => t.state === 'COMPLETE' && finite(t.values[objective]) !== null)
    .map((t) => [paramPosition(sx, t.params[x]), paramPosition(sy, t.params[y]), finite(t.values[objective]), t.number])
    .filter((p) => p[0] !== null && p[1] !== null)
  const vals = pts.map((p) => p[2] as number)
  const axis = (s: ParamSpec, gap: number) =>
    s.kind === 'categorical'
      ? { type: 'category', name: s.name, nameLocation: 'middle', nameGap: gap, data: s.choices!.map(String) }
      : { type: s.log ? 'log' : 'value', name: s.name, nameLocation: 'middle', nameGap: gap, scale: true }
  return {
    grid: { left: 8, right: 96, top: 24, bottom: 44, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: number[] }) =>
        `trial ${p.data[3]}<br/>${x}: ${fmtValue(p.data[0])}<br/>${y}: ${fmtValue(p.data[1])}<br/>${name}: ${fmtValue(p.data[2])}`
    },
    xAxis: axis(sx, 28),
    yAxis: axis(sy, 40),
    visualMap: {
      type: 'continuous',
      dimension: 2,
      min: vals.length ? Math.min(...vals) : 0,
      max: vals.length ? Math.max(...vals) : 1,
      right: 0,
      top: 'middle',
      text: d.study.directions[objective] === 'minimize' ? ['worse', 'better'] : ['better', 'worse'],
      calculable: true,
      inRange: {
        color: d.study.directions[objective] === 'minimize' ? ['#1a9850', '#fee08b', '#d73027'] : ['#d73027', '#fee08b', '#1a9850']
      }
    },
    series: [{ name, type: 'scatter', symbolSize: 10, data: pts }]
  }
}

/** Importances as horizontal bars with their bootstrap interval as a whisker. */
export function importanceOption(params: { param: string; importance: number; low: number; high: number }[]): ChartOption {
  const shown = [...params].reverse()
  return {
    grid: { left: 8, right: 32, top: 28, bottom: 40, containLabel: true },
    legend: { data: ['importance', '90 % interval'], top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: { dataIndex: number }[]) => {
        const p = shown[ps[0]!.dataIndex]!
        return `${p.param}<br/>importance ${(p.importance * 100).toFixed(1)} %<br/>90 % interval ${(p.low * 100).toFixed(1)}–${(p.high * 100).toFixed(1)} %`
      }
    },
    xAxis: { type: 'value', name: 'share of the objective’s variance explained (%)', nameLocation: 'middle', nameGap: 26, max: 100 },
    yAxis: { type: 'category', data: shown.map((p) => p.param) },
    series: [
      {
        name: 'importance',
        type: 'bar',
        data: shown.map((p) => +(p.importance * 100).toFixed(2)),
        barMaxWidth: 22,
        itemStyle: { color: '#2f7ed8' }
      },
      {
        name: '90 % interval',
        type: 'custom',
        renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (p: number[]) => number[] }) => {
          const lo = api.coord([api.value(0), api.value(2)])
          const hi = api.coord([api.value(1), api.value(2)])
          return { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: { stroke: '#333', lineWidth: 2 } }
        },
        encode: { x: [0, 1], y: 2 },
        data: shown.map((p, i) => [+(p.low * 100).toFixed(2), +(p.high * 100).toFixed(2), i])
      }
    ]
  }
}

/** Pareto front of a two-objective study: every complete trial, the front highlighted and joined. */
export function paretoOption(d: StudyDetail, names: [string, string]): ChartOption {
  const front = new Set(d.pareto)
  const pts = d.trials
    .filter((t) => t.state === 'COMPLETE' && finite(t.values[0]) !== null && finite(t.values[1]) !== null)
    .map((t) => [finite(t.values[0])!, finite(t.values[1])!, t.number])
  const onFront = pts.filter((p) => front.has(p[2]!)).sort((a, b) => a[0]! - b[0]!)
  return {
    grid: { left: 8, right: 24, top: 36, bottom: 44, containLabel: true },
    legend: { data: ['trial', 'Pareto front'], top: 0 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: number[] }) =>
        `trial ${p.data[2]}<br/>${names[0]}: ${fmtValue(p.data[0])}<br/>${names[1]}: ${fmtValue(p.data[1])}`
    },
    xAxis: { type: 'value', name: names[0], nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { type: 'value', name: names[1], scale: true, nameTextStyle: { align: 'left' } },
    series: [
      { name: 'trial', type: 'scatter', symbolSize: 6, data: pts.filter((p) => !front.has(p[2]!)), itemStyle: { color: '#9aa0a6' } },
      {
        name: 'Pareto front',
        type: 'line',
        symbolSize: 9,
        showAllSymbol: true,
        data: onFront,
        itemStyle: { color: '#d73027' },
        lineStyle: { type: 'dashed' }
      }
    ]
  }
}

/** Several studies' best value so far on one chart. */
export function compareOption(studies: { name: string; direction: string; history: { number: number; best: number }[] }[]): ChartOption {
  return {
    grid: { left: 8, right: 24, top: 36, bottom: 44, containLabel: true },
    legend: { data: studies.map((s) => s.name), top: 0 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'trial number', nameLocation: 'middle', nameGap: 28, minInterval: 1 },
    yAxis: { type: 'value', name: 'best value so far', scale: true, nameTextStyle: { align: 'left' } },
    series: studies.map((s) => ({
      name: s.name,
      type: 'line',
      step: 'end',
      showSymbol: s.history.length === 1,
      data: s.history.map((h) => [h.number, h.best])
    }))
  }
}
