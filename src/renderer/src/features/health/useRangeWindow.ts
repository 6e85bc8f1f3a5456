import { useClock } from '../../components/useClock'
import { useHealthUi } from './healthUiStore'
import { rangeWindow } from './ranges'

/** The selected range as {from, to, points}; moves forward once a minute (events refresh it in between). */
export function useRangeWindow(): { from: number; to: number; points: number } {
  const range = useHealthUi((s) => s.range)
  const minute = useClock((now) => Math.ceil(now / 60_000) * 60_000)
  return rangeWindow(range, minute)
}
