import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ErrorNotice } from '../../../components/States'
import { formatTime } from '../../../lib/format'
import { teamApi } from '../../../lib/teamApi'
import { AUTH_KEY } from '../../../lib/auth'
import { USERS_KEY, WORKSPACES_KEY } from './UsersPanel'

/** Server admins: the workspaces of this server (one SQLite file each) and a form to add one. */
export function WorkspacesPanel() {
  const client = useQueryClient()
  const workspaces = useQuery({ queryKey: WORKSPACES_KEY, queryFn: teamApi.workspaces })
  const [slug, setSlug] = useState('')
  const [title, setTitle] = useState('')
  const create = useMutation({
    mutationFn: () => teamApi.createWorkspace(slug, title),
    onSuccess: async () => {
      setSlug('')
      setTitle('')
      await Promise.all([WORKSPACES_KEY, USERS_KEY, AUTH_KEY].map((queryKey) => client.invalidateQueries({ queryKey })))
    }
  })
  return (
    <section className="card">
      <h2>Workspaces</h2>
      <p className="muted">A team per workspace: each has its own services, alerts, dashboards and data.</p>
      <table className="table compact" aria-label="Workspaces">
        <thead>
          <tr>
            <th>Workspace</th>
            <th>Slug</th>
            <th className="num">Members</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {(workspaces.data ?? []).map((w) => (
            <tr key={w.slug}>
              <td>{w.title}</td>
              <td className="mono">{w.slug}</td>
              <td className="num">{w.members}</td>
              <td>{formatTime(w.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="form-row"
        aria-label="Create a workspace"
        onSubmit={(e) => {
          e.preventDefault()
          create.mutate()
        }}
      >
        <label className="field">
          Title
          <input value={title} onChange={(e) => setTitle(e.target.value)} aria-label="Workspace title" />
        </label>
        <label className="field">
          Slug (lower-case, dashes)
          <input value={slug} onChange={(e) => setSlug(e.target.value)} aria-label="Workspace slug" />
        </label>
        <button type="submit" disabled={!slug || !title || create.isPending}>
          Create workspace
        </button>
      </form>
      {create.error && <ErrorNotice error={create.error} title="Could not create the workspace" />}
    </section>
  )
}
