import { useEffect } from 'react'
import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { VIEW_EVENT_NAMES, type EventName } from '../../../shared/events'
import { subscribe } from '../lib/client'
import { INVALIDATIONS, THROTTLE_MS } from './modules'

export { INVALIDATIONS, THROTTLE_MS }

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
    const throttles = VIEW_EVENT_NAMES.map((name) => {
      const ms = THROTTLE_MS[name]
      return ms ? throttle(() => applyEvent(client, name), ms) : { call: () => applyEvent(client, name), cancel: () => undefined }
    })
    const offs = VIEW_EVENT_NAMES.map((name, i) => subscribe(name, () => throttles[i]!.call()))
    return () => {
      offs.forEach((off) => off())
      throttles.forEach((t) => t.cancel())
    }
  }, [client])
}
