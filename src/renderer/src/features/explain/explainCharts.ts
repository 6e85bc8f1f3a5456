/** Chart options for the explain views, built from the service's data (pure, unit-tested). Colours follow shap's. */
import type { ChartOption } from '../../components/echarts'
import type { Beeswarm, Dependence, ExplainComparison, RowDetail } from '../../../../shared/contract/explain'

export const HIGH = '#ff0051'
export const LOW = '#008bfb'
const MISSING = '#9aa0a6'

export const fmt = (v: number | null | undefined, digits = 4): string => {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  if (v !== 0 && (Math.abs(v) >= 1e5 || Math.abs(v) < 1e-3)) return v.toExponential(2)
  return Number(v.toPrecision(digits)).toString()
}

/** Global importance: mean |φ| per feature, largest at the top. */
export function buildImportanceOption(
  items: { feature: string; meanAbs: number; mean: number; meanSe: number | null }[],
  top = 20
): ChartOption {
  const shown = items.slice(0, top).reverse()
  return {
    grid: { left: 8, right: 32, top: 28, bottom: 40, containLabel: true },
    legend: { data: ['mean |SHAP value|'], top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: { dataIndex: number }[]) => {
        const it = shown[ps[0]!.dataIndex]!
        return `${it.feature}<br/>mean |φ|: ${fmt(it.meanAbs)}<br/>mean φ: ${fmt(it.mean)}${it.meanSe !== null ? `<br/>mean standard error: ${fmt(it.meanSe)}` : ''}`
      }
    },
    xAxis: { type: 'value', name: 'mean |SHAP value| (average impact on the model output)', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'category', data: shown.map((i) => i.feature), axisLabel: { width: 160, overflow: 'truncate' } },
    series: [{ name: 'mean |SHAP value|', type: 'bar', data: shown.map((i) => i.meanAbs), itemStyle: { color: HIGH }, barMaxWidth: 22 }]
  }
}

/** Beeswarm: one row per feature (most important on top), a point per explained row at its φ, coloured by the feature's value. */
export function buildBeeswarmOption(b: Beeswarm, highlightRowId: number | null = null): ChartOption {
  const F = b.features.length
  const y = (f: number): number => F - 1 - f
  const points: (number | null | string)[][] = []
  const missing: (number | string)[][] = []
  const highlight: (number | null | string)[][] = []
  b.features.forEach((f, fi) => {
    f.phi.forEach((phi, i) => {
      const p = [phi, y(fi) + f.jitter[i]!, f.color[i] ?? null, f.value[i] ?? null, b.rowIds[i]!, f.name]
      if (b.rowIds[i] === highlightRowId) highlight.push(p)
      if (f.color[i] === null)
        missing.push([phi, y(fi) + f.jitter[i]!, f.value[i] ?? 'missing', b.rowIds[i]!, f.name] as (number | string)[])
      else points.push(p)
    })
  })
  const tip = (p: { data: (number | string | null)[]; seriesName: string }): string => {
    const d = p.data
    const value = p.seriesName === 'missing value' ? 'missing' : fmt(d[3] as number | null)
    const name = p.seriesName === 'missing value' ? d[4] : d[5]
    const row = p.seriesName === 'missing value' ? d[3] : d[4]
    return `${String(name)} = ${value}<br/>SHAP value ${fmt(d[0] as number)}<br/>row ${String(row)}`
  }
  return {
    grid: { left: 8, right: 80, top: 30, bottom: 44, containLabel: true },
    legend: { data: ['rows', 'missing value', ...(highlightRowId !== null ? [`row ${highlightRowId}`] : [])], top: 0 },
    tooltip: { trigger: 'item', formatter: tip },
    xAxis: {
      type: 'value',
      name: 'SHAP value (impact on the model output)',
      nameLocation: 'middle',
      nameGap: 28,
      axisLine: { onZero: false },
      splitLine: { show: false }
    },
    yAxis: {
      type: 'value',
      min: -0.5,
      max: F - 0.5,
      axisTick: { customValues: b.features.map((_, i) => i) },
      axisLabel: { customValues: b.features.map((_, i) => i), formatter: (v: number) => b.features[F - 1 - Math.round(v)]?.name ?? '' },
      splitLine: { show: false }
    },
    visualMap: {
      type: 'continuous',
      dimension: 2,
      seriesIndex: 0,
      min: 0,
      max: 1,
      right: 0,
      top: 'middle',
      text: ['high', 'low'],
      calculable: false,
      itemHeight: 160,
      inRange: { color: [LOW, '#7b3fe4', HIGH] },
      formatter: () => 'feature value'
    },
    series: [
      {
        name: 'rows',
        type: 'scatter',
        symbolSize: 4,
        // not echarts' large mode: it draws every point in one colour
        data: points,
        markLine: { silent: true, symbol: 'none', data: [{ xAxis: 0 }], lineStyle: { color: '#888' } }
      },
      { name: 'missing value', type: 'scatter', symbolSize: 4, itemStyle: { color: MISSING }, data: missing },
      ...(highlightRowId !== null
        ? [
            {
              name: `row ${highlightRowId}`,
              type: 'scatter',
              symbolSize: 11,
              z: 5,
              itemStyle: { color: 'rgba(0,0,0,0)', borderColor: '#111', borderWidth: 2 },
              data: highlight
            }
          ]
        : [])
    ]
  }
}

export function buildDependenceOption(d: Dependence): ChartOption {
  const pts = d.x.map((x, i) => [x, d.phi[i]!, d.color[i] ?? null, d.rowIds[i]!]).filter((p) => p[0] !== null)
  const coloured = d.colorFeature !== null
  return {
    grid: { left: 28, right: coloured ? 90 : 24, top: 30, bottom: 44, containLabel: true },
    legend: { data: ['rows'], top: 0 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: (number | null)[] }) =>
        `row ${p.data[3]}<br/>${d.feature} = ${fmt(p.data[0])}<br/>SHAP value ${fmt(p.data[1])}${coloured ? `<br/>${d.colorFeature}: ${p.data[2] === null ? 'missing' : `${Math.round(p.data[2]! * 100)} % of its range`}` : ''}`
    },
    xAxis: { type: 'value', name: d.feature, nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { type: 'value', name: `SHAP value for ${d.feature}`, nameLocation: 'middle', nameGap: 44, nameRotate: 90, scale: true },
    ...(coloured
      ? {
          visualMap: {
            type: 'continuous',
            dimension: 2,
            min: 0,
            max: 1,
            right: 0,
            top: 'middle',
            text: ['high', 'low'],
            itemHeight: 160,
            calculable: false,
            inRange: { color: [LOW, '#7b3fe4', HIGH] },
            outOfRange: { color: MISSING },
            formatter: () => d.colorFeature
          }
        }
      : {}),
    series: [{ name: 'rows', type: 'scatter', symbolSize: 5, data: pts, ...(coloured ? {} : { itemStyle: { color: LOW } }) }]
  }
}

export interface Step {
  label: string
  phi: number
  /** Standard error of φ (sampled methods), null when exact. */
  se: number | null
  start: number
  end: number
}

/** Waterfall steps from E[f] (bottom) to f(x) (top): the smallest contributions first, the rest folded into one. */
export function waterfallSteps(r: RowDetail, maxFeatures = 10): Step[] {
  const shown = r.contributions.slice(0, maxFeatures)
  const rest = r.contributions.slice(maxFeatures)
  const items = shown.map((c) => ({ label: `${c.feature} = ${c.value === null ? 'missing' : fmt(c.value)}`, phi: c.phi, se: c.se || null }))
  if (rest.length) items.push({ label: `${rest.length} other features`, phi: rest.reduce((s, c) => s + c.phi, 0), se: null })
  // the folded remainder sits at the bottom, then the features from the smallest |φ| up
  const ordered = [...items].sort((a, b) =>
    a.label.endsWith('other features') ? -1 : b.label.endsWith('other features') ? 1 : Math.abs(a.phi) - Math.abs(b.phi)
  )
  let at = r.expected
  return ordered.map((it) => {
    const s = { label: it.label, phi: it.phi, se: it.se, start: at, end: at + it.phi }
    at += it.phi
    return s
  })
}

type RenderApi = {
  value: (i: number) => number
  coord: (p: number[]) => number[]
  size: (p: number[]) => number[]
  style: (o?: object) => object
}

export function buildWaterfallOption(r: RowDetail, maxFeatures = 10): ChartOption {
  const steps = waterfallSteps(r, maxFeatures)
  const bar = (up: boolean) => (_params: unknown, api: RenderApi) => {
    const a = api.coord([api.value(1), api.value(0)])
    const b = api.coord([api.value(2), api.value(0)])
    const h = api.size([0, 1])[1]! * 0.62
    const left = Math.min(a[0]!, b[0]!)
    const width = Math.max(1, Math.abs(b[0]! - a[0]!))
    const phi = api.value(3)
    return {
      type: 'group',
      children: [
        { type: 'rect', shape: { x: left, y: a[1]! - h / 2, width, height: h }, style: api.style() },
        {
          type: 'text',
          style: {
            text: `${phi >= 0 ? '+' : '−'}${fmt(Math.abs(phi), 3)}${api.value(4) > 0 ? ` ± ${fmt(api.value(4), 2)}` : ''}`,
            x: up ? left + width + 4 : left - 4,
            y: a[1]!,
            align: up ? 'left' : 'right',
            verticalAlign: 'middle',
            fontSize: 11,
            fill: up ? HIGH : LOW
          }
        }
      ]
    }
  }
  // room beside the bars for their value labels
  const ends = steps.flatMap((st) => [st.start, st.end]).concat(r.expected, r.fx)
  const lo = Math.min(...ends)
  const hi = Math.max(...ends)
  const pad = (hi - lo || 1) * 0.14
  const data = (up: boolean): number[][] => steps.flatMap((s, i) => (s.phi >= 0 === up ? [[i, s.start, s.end, s.phi, s.se ?? 0]] : []))
  return {
    grid: { left: 8, right: 64, top: 36, bottom: 44, containLabel: true },
    legend: { data: ['raises the prediction', 'lowers the prediction'], top: 0 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: number[] }) => {
        const s = steps[p.data[0]!]!
        return `${s.label}<br/>SHAP value ${s.phi >= 0 ? '+' : ''}${fmt(s.phi)}${s.se ? ` ± ${fmt(s.se)} (standard error)` : ''}<br/>${fmt(s.start)} → ${fmt(s.end)}`
      }
    },
    xAxis: {
      type: 'value',
      name: `model output (${r.link === 'identity' ? 'raw' : 'margin, before the ' + r.link + ' link'})`,
      nameLocation: 'middle',
      nameGap: 28,
      min: lo - pad,
      max: hi + pad,
      axisLabel: { formatter: (v: number) => fmt(v, 3), showMinLabel: false, showMaxLabel: false }
    },
    yAxis: { type: 'category', data: steps.map((s) => s.label), axisLabel: { width: 200, overflow: 'truncate' } },
    series: [
      {
        name: 'raises the prediction',
        type: 'custom',
        itemStyle: { color: HIGH },
        encode: { x: [1, 2], y: 0 },
        renderItem: bar(true),
        data: data(true),
        markLine: {
          symbol: 'none',
          silent: true,
          data: [
            {
              name: `E[f(X)] = ${fmt(r.expected)}`,
              xAxis: r.expected,
              lineStyle: { color: '#888', type: 'dashed' },
              label: { position: 'start' }
            },
            { name: `f(x) = ${fmt(r.fx)}`, xAxis: r.fx, lineStyle: { color: '#111' }, label: { position: 'end' } }
          ],
          label: { formatter: (p: { name: string }) => p.name }
        }
      },
      {
        name: 'lowers the prediction',
        type: 'custom',
        itemStyle: { color: LOW },
        encode: { x: [1, 2], y: 0 },
        renderItem: bar(false),
        data: data(false)
      }
    ]
  }
}

export interface Segment {
  feature: string
  phi: number
  from: number
  to: number
}

/** Force plot segments: raising features stacked up to f(x) from the left, lowering ones from f(x) to the right. */
export function forceSegments(r: RowDetail): Segment[] {
  const pos = r.contributions.filter((c) => c.phi > 0).sort((a, b) => b.phi - a.phi)
  const neg = r.contributions.filter((c) => c.phi < 0).sort((a, b) => a.phi - b.phi)
  const out: Segment[] = []
  let at = r.fx
  for (const c of pos) {
    out.push({ feature: `${c.feature} = ${c.value === null ? 'missing' : fmt(c.value)}`, phi: c.phi, from: at - c.phi, to: at })
    at -= c.phi
  }
  at = r.fx
  for (const c of neg) {
    out.push({ feature: `${c.feature} = ${c.value === null ? 'missing' : fmt(c.value)}`, phi: c.phi, from: at, to: at - c.phi })
    at -= c.phi
  }
  return out
}

export function buildForceOption(r: RowDetail): ChartOption {
  const segs = forceSegments(r)
  const span = Math.max(1e-12, ...segs.map((s) => Math.abs(s.phi)))
  return {
    grid: { left: 24, right: 24, top: 40, bottom: 58 },
    legend: { data: ['raises the prediction', 'lowers the prediction'], top: 0 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { data: number[]; seriesIndex: number }) => `${segs[p.data[4]!]!.feature}<br/>SHAP value ${fmt(segs[p.data[4]!]!.phi)}`
    },
    xAxis: { type: 'value', scale: true, name: 'model output', nameLocation: 'middle', nameGap: 40, axisLine: { onZero: false } },
    yAxis: { type: 'value', min: -1, max: 1, show: false },
    series: (['raises the prediction', 'lowers the prediction'] as const).map((name, si) => ({
      name,
      type: 'custom',
      itemStyle: { color: si === 0 ? HIGH : LOW },
      encode: { x: [0, 1] },
      data: segs.map((s, i) => [s.from, s.to, s.phi, 0, i]).filter((d) => (si === 0 ? d[2]! > 0 : d[2]! < 0)),
      renderItem: (_params: unknown, api: RenderApi) => {
        const a = api.coord([api.value(0), 0.35])
        const b = api.coord([api.value(1), -0.35])
        const width = Math.max(1, b[0]! - a[0]!)
        const label = segs[api.value(4)]!.feature
        // a label only where it fits inside its segment
        const fits = width > label.length * 6.2 + 8 && Math.abs(api.value(2)) / span > 0.02
        return {
          type: 'group',
          children: [
            {
              type: 'rect',
              shape: { x: a[0], y: a[1], width, height: b[1]! - a[1]! },
              style: { ...api.style(), stroke: '#fff', lineWidth: 1 }
            },
            ...(fits
              ? [
                  {
                    type: 'text',
                    style: {
                      text: label,
                      x: a[0]! + width / 2,
                      y: (a[1]! + b[1]!) / 2,
                      align: 'center',
                      verticalAlign: 'middle',
                      fill: '#fff',
                      fontSize: 11
                    }
                  }
                ]
              : [])
          ]
        }
      },
      ...(si === 0
        ? {
            markLine: {
              symbol: 'none',
              silent: true,
              data: [
                { name: `f(x) = ${fmt(r.fx)}`, xAxis: r.fx, lineStyle: { color: '#111', width: 2 }, label: { position: 'end' } },
                {
                  name: `base value ${fmt(r.expected)}`,
                  xAxis: r.expected,
                  lineStyle: { color: '#888', type: 'dashed' },
                  label: { position: 'start' }
                }
              ],
              label: { formatter: (p: { name: string }) => p.name }
            }
          }
        : {})
    }))
  }
}

/** Ranks of A and B side by side: a line per feature from its rank under A to its rank under B. */
export function buildRankOption(c: ExplainComparison, top = 15): ChartOption {
  const rows = c.features.filter((f) => f.rankA !== null && f.rankB !== null).slice(0, top)
  const maxRank = Math.max(1, ...rows.map((f) => Math.max(f.rankA!, f.rankB!)))
  return {
    grid: { left: 150, right: 150, top: 56, bottom: 36 },
    legend: { data: ['rank moved', 'drifted attributions'], bottom: 0 },
    tooltip: {
      trigger: 'item',
      formatter: (p: { seriesName: string; data: { feature: string; a: number; b: number } }) =>
        `${p.data.feature}: rank ${p.data.a} → ${p.data.b}`
    },
    xAxis: {
      type: 'category',
      position: 'top',
      data: [`A: ${c.a.versionLabel ?? c.a.name}`, `B: ${c.b.versionLabel ?? c.b.name}`],
      boundaryGap: false,
      axisLabel: { fontWeight: 'bold' }
    },
    yAxis: { type: 'value', inverse: true, min: 1, max: maxRank, interval: 1, axisLabel: { show: false }, splitLine: { show: false } },
    series: rows.map((f) => ({
      name: f.drifted ? 'drifted attributions' : 'rank moved',
      type: 'line',
      data: [
        { value: f.rankA, feature: f.feature, a: f.rankA, b: f.rankB },
        { value: f.rankB, feature: f.feature, a: f.rankA, b: f.rankB }
      ],
      symbolSize: 8,
      lineStyle: { width: f.drifted ? 3 : 1.5, color: f.drifted ? HIGH : '#888' },
      itemStyle: { color: f.drifted ? HIGH : '#888' },
      endLabel: { show: true, formatter: `${f.rankB}. ${f.feature}` },
      label: {
        show: true,
        position: 'left',
        formatter: (p: { dataIndex: number }) => (p.dataIndex === 0 ? `${f.feature} ${f.rankA}.` : '')
      }
    }))
  }
}

/** Shift in mean |φ| from A to B per feature (B − A): which features the new version leans on more or less. */
export function buildShiftOption(c: ExplainComparison, top = 20): ChartOption {
  const rows = c.features
    .filter((f) => f.shift !== null)
    .slice(0, top)
    .reverse()
  return {
    grid: { left: 8, right: 48, top: 30, bottom: 44, containLabel: true },
    legend: { data: ['more weight in B', 'less weight in B'], top: 0 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (ps: { dataIndex: number }[]) => {
        const f = rows[ps[0]!.dataIndex]!
        return `${f.feature}<br/>mean |φ|: ${fmt(f.meanAbsA)} → ${fmt(f.meanAbsB)} (${f.shift! >= 0 ? '+' : ''}${fmt(f.shift)})${f.ks ? `<br/>KS ${fmt(f.ks.statistic)}, p ${fmt(f.ks.pValue)}${f.drifted ? ' — drifted' : ''}` : ''}`
      }
    },
    xAxis: { type: 'value', name: 'shift in mean |SHAP value| (B − A)', nameLocation: 'middle', nameGap: 28 },
    yAxis: {
      type: 'category',
      data: rows.map((f) => `${f.drifted ? '⚠ ' : ''}${f.feature}`),
      axisLabel: { width: 170, overflow: 'truncate' }
    },
    series: [
      {
        name: 'more weight in B',
        type: 'bar',
        stack: 's',
        itemStyle: { color: HIGH },
        data: rows.map((f) => (f.shift! > 0 ? f.shift : 0))
      },
      { name: 'less weight in B', type: 'bar', stack: 's', itemStyle: { color: LOW }, data: rows.map((f) => (f.shift! < 0 ? f.shift : 0)) }
    ]
  }
}
