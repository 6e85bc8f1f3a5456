import { useState } from 'react'
import { href } from './router'
import { describeError } from '../lib/client'
import { teamApi } from '../lib/teamApi'
import { useAuth } from '../lib/auth'

/** The top bar in team mode: the workspace switcher, who is signed in (with their role here) and Sign out. */
export function TeamControls() {
  const auth = useAuth()
  const [error, setError] = useState<string | null>(null)
  const state = auth.data
  if (!state || state.mode !== 'team' || !state.user) return null
  const user = state.user
  const run = async (action: () => Promise<unknown>): Promise<void> => {
    try {
      await action()
      // every view, cache and event stream belongs to the workspace: start afresh
      window.location.reload()
    } catch (err) {
      setError(describeError(err))
    }
  }
  return (
    <div className="team-controls">
      <label className="workspace-switch" title="Switch workspace">
        <select
          aria-label="Workspace"
          value={state.workspace ?? ''}
          onChange={(e) => void run(() => teamApi.switchWorkspace(e.target.value))}
        >
          {user.memberships.map((m) => (
            <option key={m.workspace} value={m.workspace}>
              {m.title} ({m.role})
            </option>
          ))}
        </select>
      </label>
      <a className="signed-in" href={href('/settings/team')} title="Your account, tokens and preferences">
        {user.displayName} · {state.role}
      </a>
      <button type="button" onClick={() => void run(() => teamApi.logout())}>
        Sign out
      </button>
      {error && (
        <span className="error-text" role="alert">
          {error}
        </span>
      )}
    </div>
  )
}
