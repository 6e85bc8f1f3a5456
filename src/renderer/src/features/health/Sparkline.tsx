import { useMemo } from 'react'
import { Chart } from '../../components/Chart'
import { LazyMount } from '../../components/LazyMount'
import { useStatusColors } from '../../components/statusColors'
import { buildSparklineOption } from './sparklineChart'

/** p95 per hour over the last 24 h (at least two hours: see sparklineNote); created only when the card comes on screen. */
export function Sparkline({ values, label }: { values: (number | null)[]; label: string }) {
  return (
    <LazyMount height={40}>
      <SparklineChart values={values} label={label} />
    </LazyMount>
  )
}

/** Reads the theme colors only once mounted, so a thousand off-screen cards cost nothing. */
function SparklineChart({ values, label }: { values: (number | null)[]; label: string }) {
  const colors = useStatusColors()
  const option = useMemo(() => buildSparklineOption(values, colors.accent), [values, colors])
  return <Chart option={option} height={40} label={label} />
}
