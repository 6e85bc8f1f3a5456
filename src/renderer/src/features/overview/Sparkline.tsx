import { useMemo } from 'react'
import { Chart } from '../../components/Chart'
import { LazyMount } from '../../components/LazyMount'
import { useStatusColors } from '../../components/statusColors'
import { buildSparklineOption } from './sparklineChart'

/** p95 per hour over the last 24 h; mounted only when the card is on screen. */
export function Sparkline({ values, label }: { values: (number | null)[]; label: string }) {
  const colors = useStatusColors()
  const option = useMemo(() => buildSparklineOption(values, colors.accent), [values, colors])
  const empty = values.every((v) => v === null)
  if (empty) return <div className="sparkline-empty">no latency data in 24 h</div>
  return (
    <LazyMount height={40}>
      <Chart option={option} height={40} label={label} />
    </LazyMount>
  )
}
