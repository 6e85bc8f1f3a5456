import { useState } from 'react'
import { ConfirmButton } from '../../components/ConfirmButton'
import { Field } from '../../components/Field'
import { EmptyState, ErrorNotice, PageHeader } from '../../components/States'
import { formatAgo, formatMs, formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { fieldError } from './fieldError'
import { TestingTabs } from './TestingTabs'

const OUTAGE_CLASS = { none: 'UP', regional: 'DEGRADED', global: 'DOWN' } as const

export function ProbesPage() {
  const regions = useChannel('health:regions')
  const probes = useChannel('testing:probes')
  const now = Date.now()
  const names = [...new Set(regions.data?.flatMap((c) => c.regions.map((r) => r.region)) ?? [])]
  return (
    <div className="page testing-page">
      <PageHeader
        title="Probes"
        subtitle="The workspace's checks run from other machines, so a regional outage is told apart from a global one."
      />
      <TestingTabs current="probes" />
      <section className="card">
        <h2>Checks by region</h2>
        {regions.error && <ErrorNotice error={regions.error} />}
        {regions.data?.length === 0 && (
          <EmptyState title="No regional results yet">
            Create a probe token below and start an agent on another machine; its results appear here with the console's own (“console”).
          </EmptyState>
        )}
        {regions.data && regions.data.length > 0 && (
          <table className="table compact region-matrix">
            <thead>
              <tr>
                <th>Service · check</th>
                {names.map((n) => (
                  <th key={n}>{n}</th>
                ))}
                <th>Outage</th>
              </tr>
            </thead>
            <tbody>
              {regions.data.map((c) => (
                <tr key={c.checkId}>
                  <td>
                    {c.serviceName} · {c.name}
                  </td>
                  {names.map((n) => {
                    const r = c.regions.find((x) => x.region === n)
                    return (
                      <td key={n} title={r ? `${r.error ?? 'ok'} · last result ${formatTime(r.lastAt)}` : 'no result'}>
                        {r ? (
                          <span className={`pill ${r.stale ? 'PAUSED' : r.state}`}>
                            {r.stale ? 'stale' : r.state} {r.stale ? '' : formatMs(r.latencyMs)}
                          </span>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    )
                  })}
                  <td>
                    <span className={`pill ${OUTAGE_CLASS[c.outage]}`}>
                      {c.outage === 'none' ? 'none' : `${c.outage}: ${c.downRegions.join(', ')}`}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {probes.data && probes.data.length > 0 && (
          <p className="small muted">
            Agents:{' '}
            {probes.data.map((p) => `${p.region} (${p.agent}, last push ${formatAgo(p.lastSeenAt, now)}, ${p.results} results)`).join('; ')}
          </p>
        )}
      </section>
      <Tokens />
    </div>
  )
}

function Tokens() {
  const tokens = useChannel('testing:tokens')
  const create = useCommand('testing:createToken', ['testing:tokens'])
  const revoke = useCommand('testing:revokeToken', ['testing:tokens'])
  const [d, setD] = useState({ scope: 'probe' as 'probe' | 'deploy', name: '', region: '' })
  const err = (f: string): string | undefined => fieldError(create.error, f)
  const origin = window.location.origin
  return (
    <section className="card">
      <h2>Scoped tokens</h2>
      <p className="small muted">
        A probe token can only fetch the checks and push results for its region; a deploy token can only post deploy markers. Neither opens
        the console.
      </p>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault()
          create.mutate(d.scope === 'probe' ? { scope: 'probe', name: d.name, region: d.region } : { scope: 'deploy', name: d.name })
        }}
      >
        <Field label="Token for">
          <select value={d.scope} onChange={(e) => setD({ ...d, scope: e.target.value as 'probe' | 'deploy' })}>
            <option value="probe">a probe agent</option>
            <option value="deploy">CI deploy markers</option>
          </select>
        </Field>
        <Field label="Token name" error={err('name')}>
          <input
            value={d.name}
            onChange={(e) => setD({ ...d, name: e.target.value })}
            placeholder={d.scope === 'probe' ? 'frankfurt vm' : 'github actions'}
          />
        </Field>
        {d.scope === 'probe' && (
          <Field label="Region" error={err('region')}>
            <input value={d.region} onChange={(e) => setD({ ...d, region: e.target.value })} placeholder="eu-central-1" />
          </Field>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            Create token
          </button>
        </div>
      </form>
      {create.error && !err('name') && !err('region') && <ErrorNotice error={create.error} />}
      {create.data && (
        <div className="notice notice-ok">
          <p>Copy it now: it is shown once.</p>
          <pre className="evidence">{create.data.token}</pre>
          {d.scope === 'probe' ? (
            <pre className="evidence">{`control-console probe --server ${origin} --token ${create.data.token} --region ${d.region}`}</pre>
          ) : (
            <pre className="evidence">{`curl -X POST ${origin}/api/hooks/deploys -H "Authorization: Bearer ${create.data.token}" -H 'content-type: application/json' -d '{"service":"checkout","version":"v1.2.3","link":"https://ci.example.com/runs/1"}'`}</pre>
          )}
        </div>
      )}
      {tokens.data && tokens.data.length > 0 && (
        <table className="table compact">
          <thead>
            <tr>
              <th>Name</th>
              <th>Scope</th>
              <th>Ends in</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id} className={t.revokedAt ? 'row-disabled' : ''}>
                <td>{t.name}</td>
                <td>{t.scope === 'probe' ? `probe · ${t.region}` : 'deploy'}</td>
                <td className="mono">…{t.hint}</td>
                <td>{t.lastUsedAt ? formatTime(t.lastUsedAt) : 'never'}</td>
                <td>
                  {t.revokedAt ? (
                    <span className="muted small">revoked {formatTime(t.revokedAt)}</span>
                  ) : (
                    <ConfirmButton
                      question={`Revoke ${t.name}? Agents or CI using it stop at once.`}
                      className="danger"
                      onConfirm={() => revoke.mutate({ id: t.id })}
                    >
                      Revoke
                    </ConfirmButton>
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
