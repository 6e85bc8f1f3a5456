import { useSyncExternalStore } from 'react'

/** One shared one-second ticker for every live "ago" label and rolling time window on screen. */
let now = Date.now()
let timer: ReturnType<typeof setInterval> | undefined
const subscribers = new Set<() => void>()

function subscribe(cb: () => void): () => void {
  subscribers.add(cb)
  if (!timer) {
    now = Date.now()
    timer = setInterval(() => {
      now = Date.now()
      for (const s of subscribers) s()
    }, 1000)
  }
  return () => {
    subscribers.delete(cb)
    if (subscribers.size === 0 && timer) {
      clearInterval(timer)
      timer = undefined
    }
  }
}

/**
 * A value derived from the current time. Return a primitive (a string, a rounded number): the component
 * re-renders only when it changes, so "5 min ago" does not re-render every second.
 */
export function useClock<T extends string | number>(select: (now: number) => T): T {
  return useSyncExternalStore(subscribe, () => select(now))
}
