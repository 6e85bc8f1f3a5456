import { create } from 'zustand'

export const RANGES = [
  { label: '1 h', hours: 1 },
  { label: '6 h', hours: 6 },
  { label: '24 h', hours: 24 },
  { label: '7 days', hours: 168 },
  { label: '30 days', hours: 720 }
] as const

/** UI state of the metrics area: which source and time range the pages show. */
interface MetricsUi {
  sourceId: number
  hours: number
  /** Explore's query, so a recommendation's evidence link can open it. */
  query: string
  set(patch: Partial<Omit<MetricsUi, 'set'>>): void
}

export const useMetricsUi = create<MetricsUi>()((set) => ({
  sourceId: 0,
  hours: 6,
  query: '',
  set: (patch) => set(patch)
}))

/** The chosen range ending now, rounded to the minute so queries stay cached while the page is open. */
export function rangeOf(hours: number, now = Date.now()): { start: number; end: number } {
  const end = Math.floor(now / 60_000) * 60_000
  return { start: end - hours * 3_600_000, end }
}
