import { useEffect, useSyncExternalStore } from 'react'
import { useUi } from './store'

const media = (): MediaQueryList => window.matchMedia('(prefers-color-scheme: dark)')

function useSystemDark(): boolean {
  return useSyncExternalStore(
    (cb) => {
      const m = media()
      m.addEventListener('change', cb)
      return () => m.removeEventListener('change', cb)
    },
    () => media().matches
  )
}

/** The theme in force: the user's choice, else the OS. */
export function useResolvedTheme(): 'light' | 'dark' {
  const pref = useUi((s) => s.theme)
  const systemDark = useSystemDark()
  return pref === 'system' ? (systemDark ? 'dark' : 'light') : pref
}

export function useApplyTheme(): void {
  const theme = useResolvedTheme()
  useEffect(() => {
    document.documentElement.dataset.theme = theme
    document.documentElement.style.colorScheme = theme
  }, [theme])
}
