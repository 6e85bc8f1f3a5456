import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import { NO_FILTERS, type ServiceFilters } from './filterServices'
import type { RangeId } from './ranges'

/** UI state of the health pages only: server data lives in react-query. */
interface HealthUi {
  range: RangeId
  filters: ServiceFilters
  problemsOnly: boolean
  setRange(range: RangeId): void
  setFilter(key: keyof ServiceFilters, value: string): void
  clearFilters(): void
  setProblemsOnly(on: boolean): void
}

export const useHealthUi = create<HealthUi>()(
  persist(
    (set) => ({
      range: '24h',
      filters: NO_FILTERS,
      problemsOnly: false,
      setRange: (range) => set({ range }),
      setFilter: (key, value) => set((s) => ({ filters: { ...s.filters, [key]: value } })),
      clearFilters: () => set({ filters: NO_FILTERS }),
      setProblemsOnly: (problemsOnly) => set({ problemsOnly })
    }),
    { name: 'cc-health-ui', partialize: (s) => ({ range: s.range, problemsOnly: s.problemsOnly }) }
  )
)
