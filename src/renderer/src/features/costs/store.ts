import { create } from 'zustand'
import type { ChannelName } from '../../../../shared/contract'

export type Granularity = 'day' | 'week' | 'month'
export type Basis = 'billed' | 'effective'

/** UI state of the costs area (server data lives in react-query). */
interface CostsUi {
  month: string | null
  granularity: Granularity
  groupBy: string
  basis: Basis
  service: string
  region: string
  account: string
  set(patch: Partial<Omit<CostsUi, 'set'>>): void
}

export const useCostsUi = create<CostsUi>()((set) => ({
  month: null,
  granularity: 'day',
  groupBy: 'service',
  basis: 'billed',
  service: '',
  region: '',
  account: '',
  set: (patch) => set(patch)
}))

/** Every costs query: a change to bills, entries or budgets makes all of them stale. */
export const COSTS_DATA: ChannelName[] = [
  'costs:summary',
  'costs:series',
  'costs:dimensions',
  'costs:movers',
  'costs:unitCosts',
  'costs:links',
  'costs:imports',
  'costs:sources',
  'costs:manualList',
  'costs:budgets',
  'costs:forecast',
  'costs:recommendations',
  'costs:savingsGoal',
  'costs:report',
  'costs:reportCsv',
  'costs:schedules',
  'costs:settings'
]
