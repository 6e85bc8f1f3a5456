import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { describeError } from '../lib/client'
import type { AuthState } from '../../../shared/team'
import { teamApi } from '../lib/teamApi'
import { AUTH_KEY } from '../lib/auth'

/** Team mode's sign-in form: user name and password. */
export function LoginPage() {
  const client = useQueryClient()
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      client.setQueryData(AUTH_KEY, await teamApi.login({ name, password }))
    } catch (err) {
      setError(describeError(err))
      setPassword('')
    } finally {
      setBusy(false)
    }
  }
  return (
    <main className="login-page">
      <form className="card login-card" onSubmit={(e) => void submit(e)} aria-label="Sign in">
        <h1>Control Console</h1>
        <p className="muted">Sign in to your team’s workspaces.</p>
        <label className="field">
          User name
          <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="username" autoFocus required />
        </label>
        <label className="field">
          Password
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        </label>
        {error && (
          <div className="notice notice-error" role="alert">
            <p>{error}</p>
          </div>
        )}
        <button type="submit" className="primary" disabled={busy || !name || !password}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">No account yet? An admin adds you in Settings → Team.</p>
      </form>
    </main>
  )
}

/** Signed in, but no longer a member of the session's workspace: go to one of yours, or sign out. */
export function NoAccess({ state }: { state: AuthState }) {
  const go = async (action: () => Promise<unknown>): Promise<void> => {
    await action().catch(() => undefined)
    window.location.reload()
  }
  const memberships = state.user?.memberships ?? []
  return (
    <main className="login-page">
      <section className="card login-card" aria-label="No access">
        <h1>No access to {state.workspace}</h1>
        <p className="muted">
          {memberships.length
            ? 'You are no longer a member of this workspace. Open one of yours:'
            : 'You are not a member of any workspace now: ask an admin to add you.'}
        </p>
        {memberships.map((m) => (
          <button key={m.workspace} type="button" onClick={() => void go(() => teamApi.switchWorkspace(m.workspace))}>
            {m.title} ({m.role})
          </button>
        ))}
        <button type="button" onClick={() => void go(() => teamApi.logout())}>
          Sign out
        </button>
      </section>
    </main>
  )
}
