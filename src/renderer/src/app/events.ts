import { useEffect } from 'react'
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { ChannelName } from '../../../shared/contract'
import { EVENT_NAMES, type EventName } from '../../../shared/events'
import { subscribe } from '../lib/client'

/** Health data a finished check can change. */
const HEALTH_DATA: ChannelName[] = [
  'health:overview',
  'services:get',
  'health:series',
  'health:incidents',
  'health:results',
  'health:usage'
]

/** Which queries each pushed event makes stale; null means everything. */
export const INVALIDATIONS: Record<EventName, ChannelName[] | null> = {
  'workspace:changed': null,
  'health:changed': HEALTH_DATA,
  'health:config': [...HEALTH_DATA, 'maintenance:list', 'health:export', 'health:getSettings'],
  'alerts:changed': ['alerts:list', 'alerts:get', 'alerts:deliveries'],
  'alerts:config': ['alerts:rules', 'alerts:channels', 'alerts:silences', 'alerts:list'],
  'drift:detected': [],
  'drift:run': ['drift:checks', 'drift:check', 'drift:run', 'drift:datasets', 'drift:dataset'],
  'costs:budget': ['costs:budgets', 'costs:summary'],
  'costs:report': ['costs:schedules'],
  'models:changed': [
    'models:list',
    'models:get',
    'models:versions',
    'models:version',
    'models:runs',
    'models:compare',
    'models:evaluations'
  ],
  'notify:desktop': [],
  'job:progress': []
}

/** Events that can arrive in bursts (a thousand checks finishing) are applied at most once per this many ms. */
export const THROTTLE_MS: Partial<Record<EventName, number>> = {
  'health:changed': 1000,
  'drift:run': 1000
}

export function applyEvent(client: QueryClient, name: EventName): void {
  const channels = INVALIDATIONS[name]
  if (channels === null) void client.invalidateQueries()
  // an event never cancels a refetch already under way: with large workspaces it may take longer than the throttle
  else for (const c of channels) void client.invalidateQueries({ queryKey: [c] }, { cancelRefetch: false })
}

/**
 * Leading and trailing throttle: the first call runs at once, calls inside the next `ms` collapse into one
 * run at the end of it. Nothing is lost, and a burst costs at most two runs per window.
 */
export function throttle(
  fn: () => void,
  ms: number,
  timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> = globalThis
): { call(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  let pending = false
  const open = (): void => {
    timer = timers.setTimeout(() => {
      timer = undefined
      if (pending) {
        pending = false
        fn()
        open()
      }
    }, ms)
  }
  return {
    call() {
      if (timer !== undefined) {
        pending = true
        return
      }
      fn()
      open()
    },
    cancel() {
      if (timer !== undefined) timers.clearTimeout(timer)
      timer = undefined
      pending = false
    }
  }
}

export function useEventInvalidation(): void {
  const client = useQueryClient()
  useEffect(() => {
    const throttles = EVENT_NAMES.map((name) => {
      const ms = THROTTLE_MS[name]
      return ms ? throttle(() => applyEvent(client, name), ms) : { call: () => applyEvent(client, name), cancel: () => undefined }
    })
    const offs = EVENT_NAMES.map((name, i) => subscribe(name, () => throttles[i]!.call()))
    return () => {
      offs.forEach((off) => off())
      throttles.forEach((t) => t.cancel())
    }
  }, [client])
}
