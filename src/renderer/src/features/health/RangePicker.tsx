import { SegmentedControl } from '../../components/SegmentedControl'
import { useHealthUi } from './healthUiStore'
import { RANGE_OPTIONS } from './ranges'

/** Fit data, 1 h … 90 d, shared by the detail and usage pages. */
export function RangePicker() {
  const { range, setRange } = useHealthUi()
  return <SegmentedControl options={RANGE_OPTIONS} value={range} onChange={setRange} label="Time range" />
}
