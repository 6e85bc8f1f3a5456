import { useEffect } from 'react'
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { ChannelName } from '../../../shared/contract'
import { EVENT_NAMES, type EventName } from '../../../shared/events'
import { subscribe } from '../lib/client'

/** Which queries each pushed event makes stale; null means everything. */
export const INVALIDATIONS: Record<EventName, ChannelName[] | null> = {
  'workspace:changed': null,
  'notify:desktop': [],
  'job:progress': []
}

export function applyEvent(client: QueryClient, name: EventName): void {
  const channels = INVALIDATIONS[name]
  if (channels === null) void client.invalidateQueries()
  else for (const c of channels) void client.invalidateQueries({ queryKey: [c] })
}

export function useEventInvalidation(): void {
  const client = useQueryClient()
  useEffect(() => {
    const offs = EVENT_NAMES.map((name) => subscribe(name, () => applyEvent(client, name)))
    return () => offs.forEach((off) => off())
  }, [client])
}
