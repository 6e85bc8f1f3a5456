import { SegmentedControl } from '../../components/SegmentedControl'
import { useHealthUi } from './healthUiStore'
import { RANGES } from './ranges'

/** 1 h … 90 d, shared by the detail and usage pages. */
export function RangePicker() {
  const { range, setRange } = useHealthUi()
  return <SegmentedControl options={RANGES} value={range} onChange={setRange} label="Time range" />
}
