import { useSyncExternalStore } from 'react'

/** Hash routes: #/area/sub/path. Works the same from file:// (Electron) and http (serve mode). */
export interface Route {
  area: string
  parts: string[]
  path: string
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/overview'
  const [area = 'overview', ...parts] = path.split('/').filter(Boolean).map(decodeURIComponent)
  return { area, parts, path }
}

const subscribe = (cb: () => void): (() => void) => {
  window.addEventListener('hashchange', cb)
  return () => window.removeEventListener('hashchange', cb)
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash)
  return parseRoute(hash)
}

export function navigate(path: string): void {
  window.location.hash = path.startsWith('/') ? path : `/${path}`
}

export const href = (path: string): string => `#${path.startsWith('/') ? path : `/${path}`}`
