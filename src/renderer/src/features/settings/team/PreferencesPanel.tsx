import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { AuthState, Preferences } from '../../../../../shared/team'
import { useUi } from '../../../app/store'
import { describeError } from '../../../lib/client'
import { useChannel } from '../../../lib/queries'
import { teamApi } from '../../../lib/teamApi'
import { AUTH_KEY, setNotificationPreference } from '../../../lib/auth'

/** Your preferences (kept per user on the server) and your password. */
export function PreferencesPanel({ state }: { state: AuthState }) {
  const client = useQueryClient()
  const dashboards = useChannel('dashboards:list')
  const setTheme = useUi((s) => s.setTheme)
  const [prefs, setPrefs] = useState<Preferences>(state.preferences!)
  const [saved, setSaved] = useState<string | null>(null)
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [pwMessage, setPwMessage] = useState<string | null>(null)
  const save = async (): Promise<void> => {
    try {
      const out = await teamApi.savePreferences(prefs)
      client.setQueryData<AuthState>(AUTH_KEY, { ...state, preferences: out })
      setTheme(out.theme)
      setNotificationPreference(out.notifications)
      setSaved('Saved.')
    } catch (err) {
      setSaved(describeError(err))
    }
  }
  const changePassword = async (): Promise<void> => {
    try {
      await teamApi.changePassword(current, next)
      setPwMessage('Password changed; your other sessions were signed out.')
      setCurrent('')
      setNext('')
    } catch (err) {
      setPwMessage(describeError(err))
    }
  }
  return (
    <section className="card">
      <h2>Your preferences</h2>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <label className="field">
          Theme
          <select
            aria-label="Preferred theme"
            value={prefs.theme}
            onChange={(e) => setPrefs({ ...prefs, theme: e.target.value as Preferences['theme'] })}
          >
            <option value="system">Follow the OS</option>
            <option value="light">light</option>
            <option value="dark">dark</option>
          </select>
        </label>
        <label className="field">
          Home dashboard (opened after sign-in)
          <select value={prefs.homeDashboard ?? ''} onChange={(e) => setPrefs({ ...prefs, homeDashboard: e.target.value || null })}>
            <option value="">The overview</option>
            {(dashboards.data ?? []).map((d) => (
              <option key={d.uid} value={d.uid}>
                {d.title}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Notices in this browser
          <select
            value={prefs.notifications}
            onChange={(e) => setPrefs({ ...prefs, notifications: e.target.value as Preferences['notifications'] })}
          >
            <option value="all">All (alerts firing and resolved, other notices)</option>
            <option value="firing">Only alerts that fire</option>
            <option value="off">None</option>
          </select>
        </label>
        <div className="form-row">
          <button type="submit" className="primary">
            Save preferences
          </button>
          {saved && <span className="muted">{saved}</span>}
        </div>
      </form>
      <h2>Password</h2>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault()
          void changePassword()
        }}
      >
        <label className="field">
          Current password
          <input type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" />
        </label>
        <label className="field">
          New password (at least 10 characters)
          <input type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" />
        </label>
        <div className="form-row">
          <button type="submit" disabled={!current || next.length < 10}>
            Change password
          </button>
          {pwMessage && <span className="muted">{pwMessage}</span>}
        </div>
      </form>
    </section>
  )
}
