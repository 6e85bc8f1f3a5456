import { useClock } from '../../components/useClock'
import { useHealthUi } from './healthUiStore'
import { rangeWindow, resolveRange, type RangeId } from './ranges'

/**
 * The selected range as {from, to, points} and the range it resolved to ("auto" fits `dataSince`); moves forward
 * once a minute (events refresh it in between).
 */
export function useRangeWindow(dataSince: number | null = null): { from: number; to: number; points: number; range: RangeId } {
  const choice = useHealthUi((s) => s.range)
  const minute = useClock((now) => Math.ceil(now / 60_000) * 60_000)
  const range = resolveRange(choice, dataSince, minute)
  return { ...rangeWindow(range, minute), range }
}
