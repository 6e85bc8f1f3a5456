import { useEffect } from 'react'
import { useChannel } from '../../lib/queries'
import { QueryBar, nearestRange } from './QueryBar'
import { SearchResults } from './SearchResults'
import { useLogsUi } from './store'

/** Search: the query bar, the histogram that follows the query, and the results. */
export function SearchPage({ at, savedId }: { at?: { from: number; to: number; query: string }; savedId?: number }) {
  const set = useLogsUi((s) => s.set)
  const saved = useChannel('logs:saved', undefined, { enabled: savedId !== undefined })
  useEffect(() => {
    if (at) set({ query: at.query, range: { kind: 'absolute', from: at.from, to: at.to }, sourceId: null, runAt: Date.now() })
  }, [at?.from, at?.to, at?.query]) // eslint-disable-line react-hooks/exhaustive-deps
  const q = saved.data?.find((s) => s.id === savedId)
  useEffect(() => {
    if (q) set({ query: q.query, range: nearestRange(q.rangeS), runAt: Date.now() })
  }, [q, set])
  return (
    <>
      <QueryBar />
      <SearchResults />
    </>
  )
}
