import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import { NO_FILTERS, type ServiceFilters } from './filterServices'
import type { RangeChoice } from './ranges'

/** UI state of the health pages only: server data lives in react-query. */
interface HealthUi {
  range: RangeChoice
  filters: ServiceFilters
  problemsOnly: boolean
  setRange(range: RangeChoice): void
  setFilter(key: keyof ServiceFilters, value: string): void
  clearFilters(): void
  setProblemsOnly(on: boolean): void
}

export const useHealthUi = create<HealthUi>()(
  persist(
    (set) => ({
      range: 'auto',
      filters: NO_FILTERS,
      problemsOnly: false,
      setRange: (range) => set({ range }),
      setFilter: (key, value) => set((s) => ({ filters: { ...s.filters, [key]: value } })),
      clearFilters: () => set({ filters: NO_FILTERS }),
      setProblemsOnly: (problemsOnly) => set({ problemsOnly })
    }),
    {
      name: 'cc-health-ui',
      // v0 stored the old default 24 h for everyone: start again from "fit data"
      version: 1,
      migrate: (old) => ({ problemsOnly: (old as { problemsOnly?: boolean } | null)?.problemsOnly === true, range: 'auto' as const }),
      partialize: (s) => ({ range: s.range, problemsOnly: s.problemsOnly })
    }
  )
)
