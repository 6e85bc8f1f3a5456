import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { TEAM_ROLES, type UserView, type WorkspaceView } from '../../../../../shared/team'
import { ErrorNotice, Loading } from '../../../components/States'
import { teamApi } from '../../../lib/teamApi'

export const USERS_KEY = ['team:users']
export const WORKSPACES_KEY = ['team:workspaces']

/** Server admins: add users, give each a role per workspace, disable them, reset a password, end their sessions. */
export function UsersPanel() {
  const client = useQueryClient()
  const users = useQuery({ queryKey: USERS_KEY, queryFn: teamApi.users })
  const workspaces = useQuery({ queryKey: WORKSPACES_KEY, queryFn: teamApi.workspaces })
  const [message, setMessage] = useState<string | null>(null)
  const refresh = (): Promise<void> => client.invalidateQueries({ queryKey: USERS_KEY })
  const act = useMutation({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSuccess: () => refresh()
  })
  return (
    <section className="card">
      <h2>Users</h2>
      <AddUserForm workspaces={workspaces.data ?? []} onAdded={refresh} />
      {users.isPending && <Loading what="users" />}
      {users.error && <ErrorNotice error={users.error} />}
      {act.error && <ErrorNotice error={act.error} title="That did not work" />}
      {message && <p className="muted">{message}</p>}
      {users.data && (
        <div className="table-scroll">
          <table className="table compact" aria-label="Users">
            <thead>
              <tr>
                <th>User</th>
                {(workspaces.data ?? []).map((w) => (
                  <th key={w.slug}>{w.title}</th>
                ))}
                <th>State</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <UserRow key={u.id} user={u} workspaces={workspaces.data ?? []} act={(run) => act.mutate(run)} say={setMessage} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function UserRow({
  user,
  workspaces,
  act,
  say
}: {
  user: UserView
  workspaces: WorkspaceView[]
  act: (run: () => Promise<unknown>) => void
  say: (m: string) => void
}) {
  const roleIn = (slug: string): string => user.memberships.find((m) => m.workspace === slug)?.role ?? ''
  return (
    <tr>
      <td>
        <strong>{user.displayName}</strong>
        {user.name !== user.displayName && <span className="muted mono"> {user.name}</span>}
        {user.serverAdmin && <span className="pill server-admin">server admin</span>}
      </td>
      {workspaces.map((w) => (
        <td key={w.slug}>
          {user.serverAdmin ? (
            'admin'
          ) : (
            <select
              aria-label={`${user.name} in ${w.slug}`}
              value={roleIn(w.slug)}
              onChange={(e) => {
                // read now: the controlled select shows the server's value again before the request runs
                const role = e.target.value || null
                act(() => teamApi.setRole(user.id, w.slug, role))
              }}
            >
              <option value="">no access</option>
              {TEAM_ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          )}
        </td>
      ))}
      <td>{user.disabled ? <span className="pill fail">disabled</span> : <span className="pill pass">active</span>}</td>
      <td>
        <div className="row-actions">
          <button type="button" onClick={() => act(() => teamApi.updateUser(user.id, { disabled: !user.disabled }))}>
            {user.disabled ? 'Enable' : 'Disable'}
          </button>
          <button
            type="button"
            onClick={() => {
              const password = window.prompt(`New password for ${user.name} (at least 10 characters)`)
              if (password) act(() => teamApi.updateUser(user.id, { password }))
            }}
          >
            Reset password
          </button>
          <button
            type="button"
            onClick={() => act(async () => say(`${(await teamApi.endSessions(user.id)).revoked} session(s) of ${user.name} ended.`))}
          >
            Sign out everywhere
          </button>
        </div>
      </td>
    </tr>
  )
}

function AddUserForm({ workspaces, onAdded }: { workspaces: WorkspaceView[]; onAdded: () => Promise<void> }) {
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [workspace, setWorkspace] = useState('')
  const [role, setRole] = useState('viewer')
  const add = useMutation({
    mutationFn: () =>
      teamApi.createUser({
        name,
        password,
        serverAdmin: false,
        memberships: workspace || workspaces[0] ? [{ workspace: workspace || workspaces[0]!.slug, role }] : []
      }),
    onSuccess: async () => {
      setName('')
      setPassword('')
      await onAdded()
    }
  })
  return (
    <form
      className="form-row"
      aria-label="Add a user"
      onSubmit={(e) => {
        e.preventDefault()
        add.mutate()
      }}
    >
      <label className="field">
        User name
        <input value={name} onChange={(e) => setName(e.target.value)} aria-label="New user name" />
      </label>
      <label className="field">
        First password
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} aria-label="New user password" />
      </label>
      <label className="field">
        Workspace
        <select value={workspace} onChange={(e) => setWorkspace(e.target.value)} aria-label="New user workspace">
          {workspaces.map((w) => (
            <option key={w.slug} value={w.slug}>
              {w.title}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Role
        <select value={role} onChange={(e) => setRole(e.target.value)} aria-label="New user role">
          {TEAM_ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={!name || password.length < 10 || add.isPending}>
        Add user
      </button>
      {add.error && <ErrorNotice error={add.error} title="Could not add the user" />}
    </form>
  )
}
