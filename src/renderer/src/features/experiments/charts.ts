/** Chart options of the experiments area (pure, unit-tested; <Chart> mounts them). */
import type { Timeseries } from '../../../../shared/contract/experiments'
import type { ChartOption } from '../../components/echarts'

export const VARIATION_COLORS = ['#1f6feb', '#d97706', '#8250df', '#0a7b83', '#bf3989', '#57606a']

const pctLabel = (v: number): string => `${v > 0 ? '+' : ''}${(v * 100).toFixed(1)} %`

/**
 * Cumulative lift of each variation over control, day by day: the estimate as a line and its interval as a band
 * (stacked areas: the lower bound, then the width), with 0 marked.
 */
export function buildCumulativeOption(ts: Timeseries, opts: { animation?: boolean } = {}): ChartOption {
  const relative = ts.difference === 'relative'
  const fmt = (v: number): string => (relative ? pctLabel(v) : v.toPrecision(3))
  const series: unknown[] = []
  ts.variations.forEach((v, i) => {
    const color = VARIATION_COLORS[(i + 1) % VARIATION_COLORS.length]!
    const stack = `band-${v.key}`
    // the band: the lower bound, then the width stacked on it
    const band = (data: [number, number | null][], area: boolean): unknown => ({
      name: `${v.name} interval`,
      type: 'line',
      stack,
      stackStrategy: 'all',
      symbol: 'none',
      lineStyle: { opacity: 0 },
      ...(area ? { areaStyle: { color, opacity: 0.15 } } : {}),
      data,
      tooltip: { show: false },
      silent: true
    })
    series.push(
      band(
        ts.days.map((d, k) => [d, v.lo[k] ?? null]),
        false
      ),
      band(
        ts.days.map((d, k) => [d, v.hi[k] === null || v.lo[k] === null ? null : v.hi[k]! - v.lo[k]!]),
        true
      ),
      {
        name: v.name,
        type: 'line',
        color,
        symbolSize: 6,
        data: ts.days.map((d, k) => [d, v.estimate[k]]),
        ...(i === 0
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#8c959f' },
                label: { formatter: 'no difference', position: 'insideStartTop' },
                data: [{ yAxis: 0 }]
              }
            }
          : {})
      }
    )
  })
  const names = ts.variations.map((v) => v.name)
  return {
    animation: opts.animation ?? true,
    grid: { left: 12, right: 24, top: 40, bottom: 32, containLabel: true },
    legend: { top: 0, data: names },
    tooltip: {
      trigger: 'axis',
      formatter: (params: { axisValue: number; dataIndex: number }[]) => {
        const k = params[0]?.dataIndex ?? 0
        const day = new Date(params[0]?.axisValue ?? 0).toISOString().slice(0, 10)
        const lines = ts.variations.map((v) => {
          const est = v.estimate[k]
          const band = v.lo[k] !== null && v.hi[k] !== null ? ` [${fmt(v.lo[k]!)}, ${fmt(v.hi[k]!)}]` : ''
          return `${v.name}: ${est === null || est === undefined ? '—' : fmt(est)}${band} · ${v.units[k]?.toLocaleString('en-US') ?? 0} units`
        })
        return [`Up to the end of ${day} (UTC)`, ...lines].join('<br/>')
      }
    },
    xAxis: {
      type: 'time',
      name: 'Day (UTC)',
      nameLocation: 'middle',
      nameGap: 26,
      axisLabel: { hideOverlap: true, formatter: '{MMM} {d}' }
    },
    yAxis: {
      type: 'value',
      name: relative ? 'Lift over control' : 'Difference from control',
      scale: true,
      axisLabel: { formatter: (v: number) => fmt(v) }
    },
    series
  }
}
