import { useState } from 'react'
import { describeToxic } from '../../../../shared/testing/describe'
import { href, navigate } from '../../app/router'
import { ConfirmButton } from '../../components/ConfirmButton'
import { Field } from '../../components/Field'
import { EmptyState, ErrorNotice, PageHeader } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { fieldError } from './fieldError'
import { TestingTabs } from './TestingTabs'
import { Verdict } from './Verdict'

const KINDS = ['error', 'latency', 'reset', 'timeout', 'bandwidth'] as const

interface ToxicDraft {
  route: string
  kind: (typeof KINDS)[number]
  status: string
  latencyMs: string
  rateKiBps: string
  probability: string
}
const EMPTY_TOXIC: ToxicDraft = { route: '/', kind: 'error', status: '503', latencyMs: '500', rateKiBps: '64', probability: '100' }
const toxicOf = (t: ToxicDraft) => ({
  route: t.route,
  kind: t.kind,
  status: Number(t.status),
  latencyMs: Number(t.latencyMs),
  rateKiBps: Number(t.rateKiBps),
  probability: Number(t.probability) / 100
})

export function FaultsPage() {
  const proxies = useChannel('testing:proxies')
  const tests = useChannel('testing:breakerTests')
  const toggle = useCommand('testing:setToxic', ['testing:proxies'])
  const save = useCommand('testing:saveProxy', ['testing:proxies'])
  const del = useCommand('testing:deleteProxy', ['testing:proxies'])
  return (
    <div className="page testing-page">
      <PageHeader title="Faults" subtitle="Fault-injection proxies in front of a dependency, and circuit-breaker tests through them." />
      <TestingTabs current="faults" />
      <section className="card">
        <h2>Proxies</h2>
        {proxies.error && <ErrorNotice error={proxies.error} />}
        {proxies.data?.length === 0 && (
          <EmptyState title="No proxy yet">
            Add a proxy below, point the service's dependency URL at it, and switch faults on and off: latency, errors, resets, hangs or a
            slow link, per route.
          </EmptyState>
        )}
        {proxies.data?.map((p) => (
          <div key={p.id} className="proxy">
            <h3>
              {p.name}{' '}
              <span className="mono small">
                {p.url ?? `port ${p.listenPort}`} → {p.upstream}
              </span>{' '}
              <span className={`pill ${p.running ? 'UP' : 'PAUSED'}`}>{p.running ? 'running' : 'stopped'}</span>
            </h3>
            {p.error && <p className="bad small">{p.error}</p>}
            <p className="small muted">
              {p.stats.requests} requests, {p.stats.forwarded} forwarded, {p.stats.affected} faulted
            </p>
            {p.toxics.map((t, i) => (
              <label key={i} className="checkbox">
                <input
                  type="checkbox"
                  checked={t.enabled}
                  onChange={(e) => toggle.mutate({ id: p.id, index: i, enabled: e.target.checked })}
                  aria-label={`toxic ${describeToxic(t)}`}
                />
                {describeToxic(t)}
              </label>
            ))}
            <div className="actions">
              <button
                type="button"
                onClick={() =>
                  save.mutate({
                    id: p.id,
                    name: p.name,
                    listenPort: p.listenPort,
                    upstream: p.upstream,
                    enabled: !p.enabled,
                    toxics: p.toxics
                  })
                }
              >
                {p.enabled ? 'Stop' : 'Start'}
              </button>
              <ConfirmButton question={`Delete the proxy ${p.name}?`} className="danger" onConfirm={() => del.mutate({ id: p.id })}>
                Delete
              </ConfirmButton>
            </div>
          </div>
        ))}
        {(toggle.error || save.error) && <ErrorNotice error={toggle.error ?? save.error} />}
      </section>
      <ProxyForm />
      <BreakerForm proxies={proxies.data ?? []} />
      <section className="card">
        <h2>Circuit-breaker tests</h2>
        {tests.data?.length === 0 && <p className="muted">None yet.</p>}
        {tests.data && tests.data.length > 0 && (
          <table className="table compact">
            <tbody>
              {tests.data.map((t) => (
                <tr key={t.id}>
                  <td>
                    <a href={href(`/testing/faults/tests/${t.id}`)}>{t.name}</a>
                  </td>
                  <td>{formatTime(t.startedAt)}</td>
                  <td>
                    <Verdict verdict={t.verdict} state={t.state} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}

function ToxicFields({ t, set, prefix }: { t: ToxicDraft; set: (p: Partial<ToxicDraft>) => void; prefix: string }) {
  return (
    <div className="form-row">
      <Field label={`${prefix} route`} hint="A path prefix, e.g. /price">
        <input value={t.route} onChange={(e) => set({ route: e.target.value })} />
      </Field>
      <Field label={`${prefix} kind`}>
        <select value={t.kind} onChange={(e) => set({ kind: e.target.value as ToxicDraft['kind'] })}>
          {KINDS.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </Field>
      {t.kind === 'error' && (
        <Field label={`${prefix} status`}>
          <input value={t.status} onChange={(e) => set({ status: e.target.value })} />
        </Field>
      )}
      {t.kind === 'latency' && (
        <Field label={`${prefix} added latency (ms)`}>
          <input value={t.latencyMs} onChange={(e) => set({ latencyMs: e.target.value })} />
        </Field>
      )}
      {t.kind === 'bandwidth' && (
        <Field label={`${prefix} KiB/s`}>
          <input value={t.rateKiBps} onChange={(e) => set({ rateKiBps: e.target.value })} />
        </Field>
      )}
      <Field label={`${prefix} share of requests (%)`}>
        <input value={t.probability} onChange={(e) => set({ probability: e.target.value })} />
      </Field>
    </div>
  )
}

function ProxyForm() {
  const [d, setD] = useState({ name: '', upstream: '', listenPort: '0', toxic: { ...EMPTY_TOXIC } })
  const save = useCommand('testing:saveProxy', ['testing:proxies'])
  const err = (f: string): string | undefined => fieldError(save.error, f)
  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate({
          name: d.name,
          upstream: d.upstream,
          listenPort: Number(d.listenPort),
          enabled: true,
          toxics: [{ ...toxicOf(d.toxic), enabled: false }]
        })
      }}
    >
      <h2>Add a proxy</h2>
      <div className="form-row">
        <Field label="Proxy name" error={err('name')}>
          <input value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} placeholder="payments-db" />
        </Field>
        <Field label="Upstream" error={err('upstream')} hint="The dependency the proxy forwards to" className="grow">
          <input value={d.upstream} onChange={(e) => setD({ ...d, upstream: e.target.value })} placeholder="http://127.0.0.1:5432" />
        </Field>
        <Field label="Listen port" error={err('listenPort')} hint="0: any free port">
          <input value={d.listenPort} onChange={(e) => setD({ ...d, listenPort: e.target.value })} />
        </Field>
      </div>
      <ToxicFields t={d.toxic} prefix="Toxic" set={(p) => setD({ ...d, toxic: { ...d.toxic, ...p } })} />
      <p className="small muted">The toxic starts switched off; switch it on in the list above.</p>
      {save.error && !err('name') && !err('upstream') && <ErrorNotice error={save.error} title="Not saved" />}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          Add proxy
        </button>
      </div>
    </form>
  )
}

function BreakerForm({ proxies }: { proxies: { id: number; name: string; running: boolean }[] }) {
  const [d, setD] = useState({
    name: '',
    proxyId: '',
    serviceUrl: '',
    rps: '10',
    baselineS: '5',
    faultS: '15',
    recoveryS: '20',
    toxic: { ...EMPTY_TOXIC }
  })
  const run = useCommand('testing:runBreakerTest', ['testing:breakerTests'])
  const err = (f: string): string | undefined => fieldError(run.error, f)
  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault()
        run.mutate(
          {
            name: d.name,
            proxyId: Number(d.proxyId) || 0,
            serviceUrl: d.serviceUrl,
            fault: toxicOf(d.toxic),
            requestsPerS: Number(d.rps),
            baselineS: Number(d.baselineS),
            faultS: Number(d.faultS),
            recoveryS: Number(d.recoveryS)
          },
          { onSuccess: (r) => navigate(`/testing/faults/tests/${r.testId}`) }
        )
      }}
    >
      <h2>Test a circuit breaker</h2>
      <p className="small muted">
        Steady requests to the service; the fault goes on through the proxy in front of its dependency, then off. The breaker passes when
        the dependency's calls stop soon after the fault and come back after it.
      </p>
      <div className="form-row">
        <Field label="Test name" error={err('name')}>
          <input value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} placeholder="pricing breaker" />
        </Field>
        <Field label="Proxy" error={err('proxyId')}>
          <select value={d.proxyId} onChange={(e) => setD({ ...d, proxyId: e.target.value })}>
            <option value="">choose…</option>
            {proxies.map((p) => (
              <option key={p.id} value={String(p.id)} disabled={!p.running}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Service endpoint" error={err('serviceUrl')} className="grow">
          <input
            value={d.serviceUrl}
            onChange={(e) => setD({ ...d, serviceUrl: e.target.value })}
            placeholder="http://127.0.0.1:8080/price"
          />
        </Field>
      </div>
      <ToxicFields t={d.toxic} prefix="Fault" set={(p) => setD({ ...d, toxic: { ...d.toxic, ...p } })} />
      <div className="form-row">
        <Field label="Requests/s" error={err('requestsPerS')}>
          <input value={d.rps} onChange={(e) => setD({ ...d, rps: e.target.value })} />
        </Field>
        <Field label="Baseline (s)" error={err('baselineS')}>
          <input value={d.baselineS} onChange={(e) => setD({ ...d, baselineS: e.target.value })} />
        </Field>
        <Field label="Fault (s)" error={err('faultS')}>
          <input value={d.faultS} onChange={(e) => setD({ ...d, faultS: e.target.value })} />
        </Field>
        <Field label="Recovery (s)" error={err('recoveryS')}>
          <input value={d.recoveryS} onChange={(e) => setD({ ...d, recoveryS: e.target.value })} />
        </Field>
      </div>
      {run.error && !err('name') && !err('proxyId') && !err('serviceUrl') && (
        <ErrorNotice error={run.error} title="The test did not start" />
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={run.isPending}>
          Run the test
        </button>
      </div>
    </form>
  )
}
