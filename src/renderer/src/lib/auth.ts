import { useQuery } from '@tanstack/react-query'
import type { AuthState, Preferences } from '../../../shared/team'
import { transportName } from './client'
import { LOCAL_STATE, teamApi } from './teamApi'

export const AUTH_KEY = ['team:auth']

/** Who is signed in (team mode), or the local state (desktop, single-token serve mode). */
export function useAuth() {
  const ipc = transportName() === 'ipc'
  return useQuery<AuthState>({
    queryKey: AUTH_KEY,
    queryFn: ipc ? async () => LOCAL_STATE : teamApi.state,
    staleTime: Infinity,
    retry: false
  })
}

/** The signed-in user's notification preference, read by the Notifier outside React's data flow. */
let notifications: Preferences['notifications'] = 'all'
export const notificationPreference = (): Preferences['notifications'] => notifications
export const setNotificationPreference = (p: Preferences['notifications']): void => void (notifications = p)

/** Whether a pushed notice shows under a preference: all, only alerts that fire, or none. */
export const noticeShows = (pref: Preferences['notifications'], tone: 'firing' | 'resolved' | 'info' | undefined): boolean =>
  pref === 'all' || (pref === 'firing' && tone === 'firing')
