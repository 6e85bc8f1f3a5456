import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { EmptyState, ErrorNotice } from '../../../components/States'
import { formatTime } from '../../../lib/format'
import { teamApi } from '../../../lib/teamApi'

const KEY = ['team:tokens']

/** Your personal API tokens: read (queries) or write (what your role allows), with an expiry; shown once. */
export function TokensPanel() {
  const client = useQueryClient()
  const tokens = useQuery({ queryKey: KEY, queryFn: teamApi.tokens })
  const [name, setName] = useState('')
  const [scope, setScope] = useState<'read' | 'write'>('read')
  const [days, setDays] = useState('90')
  const [shown, setShown] = useState<string | null>(null)
  const create = useMutation({
    mutationFn: () => teamApi.createToken({ name, scope, expiresInDays: days === 'never' ? null : Number(days) }),
    onSuccess: (out) => {
      setShown(out.token)
      setName('')
      void client.invalidateQueries({ queryKey: KEY })
    }
  })
  const revoke = useMutation({ mutationFn: teamApi.revokeToken, onSuccess: () => client.invalidateQueries({ queryKey: KEY }) })
  return (
    <section className="card">
      <h2>Your API tokens</h2>
      <p className="muted">
        Send one as <code>Authorization: Bearer …</code> (and <code>X-Console-Workspace: slug</code> when you belong to several workspaces).
        A token never does more than your role allows.
      </p>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault()
          create.mutate()
        }}
      >
        <label className="field grow">
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="grafana, ci…" aria-label="Token name" />
        </label>
        <label className="field">
          Scope
          <select value={scope} onChange={(e) => setScope(e.target.value as 'read' | 'write')} aria-label="Token scope">
            <option value="read">read (queries)</option>
            <option value="write">write (your role’s commands)</option>
          </select>
        </label>
        <label className="field">
          Expires
          <select value={days} onChange={(e) => setDays(e.target.value)} aria-label="Token expiry">
            <option value="7">in 7 days</option>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="never">never</option>
          </select>
        </label>
        <button type="submit" disabled={!name.trim() || create.isPending}>
          Create token
        </button>
      </form>
      {create.error && <ErrorNotice error={create.error} title="Could not create the token" />}
      {shown && (
        <div className="notice notice-ok" role="status">
          <strong>Copy it now: it is not shown again.</strong>
          <p className="mono token-once">{shown}</p>
          <button type="button" onClick={() => setShown(null)}>
            Done
          </button>
        </div>
      )}
      {tokens.error && <ErrorNotice error={tokens.error} />}
      {tokens.data?.length === 0 && <EmptyState title="No tokens yet">Create one above for a script or another tool.</EmptyState>}
      {tokens.data && tokens.data.length > 0 && (
        <table className="table compact">
          <thead>
            <tr>
              <th>Name</th>
              <th>Scope</th>
              <th>Ends</th>
              <th>Expires</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{t.scope}</td>
                <td className="mono">{t.hint}</td>
                <td>{t.expiresAt ? formatTime(t.expiresAt) : 'never'}</td>
                <td>{t.lastUsedAt ? formatTime(t.lastUsedAt) : '—'}</td>
                <td>
                  {t.revokedAt ? (
                    <span className="muted">revoked</span>
                  ) : (
                    <button type="button" onClick={() => revoke.mutate(t.id)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
