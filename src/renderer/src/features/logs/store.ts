/** UI state of the logs views: the query bar, the range and where the query runs. Results live in react-query. */
import { create } from 'zustand'
import { persist } from 'zustand/middleware'

export const RANGES = [
  { id: '15m', label: '15 min', ms: 15 * 60_000 },
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '6h', label: '6 h', ms: 6 * 3_600_000 },
  { id: '24h', label: '24 h', ms: 86_400_000 },
  { id: '7d', label: '7 d', ms: 7 * 86_400_000 }
] as const
export type RangeId = (typeof RANGES)[number]['id']

export type Range = { kind: 'relative'; id: RangeId } | { kind: 'absolute'; from: number; to: number }
export type Mode = 'auto' | 'terms' | 'substring'

interface LogsUi {
  query: string
  mode: Mode
  range: Range
  order: 'relevance' | 'newest'
  /** A Loki connector's id, or null for this workspace. */
  sourceId: number | null
  /** Bumped by "Run": the search re-reads relative ranges from now. */
  runAt: number
  set(patch: Partial<Omit<LogsUi, 'set'>>): void
}

export const useLogsUi = create<LogsUi>()(
  persist(
    (set) => ({
      query: '',
      mode: 'auto',
      range: { kind: 'relative', id: '1h' },
      order: 'relevance',
      sourceId: null,
      runAt: Date.now(),
      set: (patch) => set(patch)
    }),
    { name: 'cc-logs', partialize: (s) => ({ query: s.query, mode: s.mode, range: s.range, order: s.order }) }
  )
)

/** [from, to] of a range, relative ones ending at `now`. */
export function resolveRange(r: Range, now: number): { from: number; to: number } {
  if (r.kind === 'absolute') return { from: r.from, to: r.to }
  const ms = RANGES.find((x) => x.id === r.id)?.ms ?? 3_600_000
  return { from: now - ms, to: now }
}
