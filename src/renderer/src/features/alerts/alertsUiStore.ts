import { create } from 'zustand'
import { NO_FILTER, type AlertFilter, type AlertState } from './alertFilters'
import type { MatcherDraft } from './silenceDraft'

/** The alert list's tab and filters, kept while visiting an alert. UI state only. */
interface AlertsUi {
  tab: AlertState
  filter: AlertFilter
  setTab(tab: AlertState): void
  setFilter(patch: Partial<AlertFilter>): void
  clearFilter(): void
  /** Matchers handed from an alert's "Silence…" button to the silence form. */
  silencePrefill: MatcherDraft[] | null
  setSilencePrefill(m: MatcherDraft[] | null): void
}

export const useAlertsUi = create<AlertsUi>()((set) => ({
  tab: 'firing',
  filter: NO_FILTER,
  setTab: (tab) => set({ tab }),
  setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
  clearFilter: () => set({ filter: NO_FILTER }),
  silencePrefill: null,
  setSilencePrefill: (silencePrefill) => set({ silencePrefill })
}))
