import { useEffect } from 'react'
import { call } from '../lib/client'

/** Tells main which area's view is open, so extensions with `onView:<area>` start then (failures change nothing here). */
export function useViewOpened(area: string): void {
  useEffect(() => {
    if (/^[a-z-]{1,40}$/.test(area)) call('extensions:viewOpened', { area }).catch(() => undefined)
  }, [area])
}
