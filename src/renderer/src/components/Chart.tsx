import { useEffect, useRef } from 'react'
import { useResolvedTheme } from '../app/theme'
import { downloadUrl } from '../lib/download'
import { echarts, type ChartOption } from './echarts'

interface ChartProps {
  option: ChartOption
  height?: number | string
  /** Accessible description of what the chart shows. */
  label: string
  onZoom?: (range: { start: number; end: number }) => void
  /** File name (without .png) for a "Save PNG" button under the chart. */
  exportName?: string
}

/** One ECharts instance: follows the theme, resizes with its box, disposes itself. */
export function Chart({ option, height = 280, label, onZoom, exportName }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null)
  const chart = useRef<ReturnType<typeof echarts.init> | null>(null)
  const theme = useResolvedTheme()

  useEffect(() => {
    const el = ref.current
    if (!el) return
    const instance = echarts.init(el, theme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' })
    chart.current = instance
    const observer = new ResizeObserver(() => instance.resize())
    observer.observe(el)
    return () => {
      observer.disconnect()
      instance.dispose()
      chart.current = null
    }
  }, [theme])

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', ...option }, { notMerge: true })
  }, [option, theme])

  useEffect(() => {
    const instance = chart.current
    if (!instance || !onZoom) return
    const handler = (): void => {
      const opt = instance.getOption() as { dataZoom?: { start: number; end: number }[] }
      const dz = opt.dataZoom?.[0]
      if (dz) onZoom({ start: dz.start, end: dz.end })
    }
    instance.on('datazoom', handler)
    return () => {
      instance.off('datazoom', handler)
    }
  }, [onZoom, theme])

  const chartDiv = <div ref={ref} role="img" aria-label={label} className="chart" style={{ height }} />
  if (!exportName) return chartDiv
  const savePng = (): void => {
    const instance = chart.current
    if (!instance) return
    const background = getComputedStyle(document.body).backgroundColor || '#fff'
    downloadUrl(`${exportName}.png`, instance.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: background }))
  }
  return (
    <div className="chart-with-export">
      {chartDiv}
      <button type="button" className="chart-export" onClick={savePng} aria-label={`Save ${label} as PNG`}>
        Save PNG
      </button>
    </div>
  )
}
