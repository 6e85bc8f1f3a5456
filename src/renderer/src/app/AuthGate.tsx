import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, type ReactNode } from 'react'
import type { AuthState } from '../../../shared/team'
import { navigate } from './router'
import { useUi } from './store'
import { Loading } from '../components/States'
import { teamApi } from '../lib/teamApi'
import { AUTH_KEY, setNotificationPreference, useAuth } from '../lib/auth'
import { LoginPage, NoAccess } from './LoginPage'

/** Team mode: the sign-in page until someone signs in, then their preferences (theme, home dashboard, notices). */
export function AuthGate({ children }: { children: ReactNode }) {
  const auth = useAuth()
  const client = useQueryClient()
  const user = auth.data?.user ?? null
  const prefs = auth.data?.preferences ?? null
  const theme = useUi((s) => s.theme)
  const setTheme = useUi((s) => s.setTheme)
  const applied = useRef<number | null>(null)

  useEffect(() => {
    if (!user || !prefs || applied.current === user.id) return
    applied.current = user.id
    setTheme(prefs.theme)
    setNotificationPreference(prefs.notifications)
    const atHome = ['', '#', '#/', '#/overview'].includes(window.location.hash)
    if (prefs.homeDashboard && atHome) navigate(`/dashboards/d/${encodeURIComponent(prefs.homeDashboard)}`)
  }, [user, prefs, setTheme])

  // a theme picked later (the top bar) becomes the user's preference; the render that applies theirs is not a pick
  const seenTheme = useRef(theme)
  useEffect(() => {
    if (theme === seenTheme.current) return
    seenTheme.current = theme
    if (!auth.data || !user || !prefs || applied.current !== user.id || prefs.theme === theme) return
    client.setQueryData<AuthState>(AUTH_KEY, { ...auth.data, preferences: { ...prefs, theme } })
    void teamApi.savePreferences({ ...prefs, theme })
  }, [theme, user, prefs, auth.data, client])

  if (auth.isPending)
    return (
      <div className="login-page">
        <Loading what="the console" />
      </div>
    )
  if (auth.data?.mode === 'team' && !user) return <LoginPage />
  if (auth.data?.mode === 'team' && user && !auth.data.role) return <NoAccess state={auth.data} />
  return <>{children}</>
}
