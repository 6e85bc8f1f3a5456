import { useState } from 'react'
import { AUTH_KINDS } from '../../../../shared/contract/metrics'
import { ConfirmButton } from '../../components/ConfirmButton'
import { Field } from '../../components/Field'
import { EmptyState, ErrorNotice, PageHeader } from '../../components/States'
import { formatAgo } from '../../lib/format'
import { errorFor, fieldKeyFor } from '../../lib/fieldErrors'
import { useChannel, useCommand } from '../../lib/queries'
import { MetricsNav } from './MetricsNav'

const SOURCE_FIELDS = ['name', 'url', 'username', 'secret']
const TARGET_FIELDS = ['url', 'job', 'intervalS']

/** Prometheus-compatible sources (token or password sealed) and the /metrics endpoints the built-in scraper reads. */
export function SourcesPage() {
  const sources = useChannel('metrics:sources')
  const targets = useChannel('metrics:targets', undefined, { refetchInterval: 5000 })
  const saveSource = useCommand('metrics:saveSource', ['metrics:sources'])
  const delSource = useCommand('metrics:deleteSource', ['metrics:sources'])
  const saveTarget = useCommand('metrics:saveTarget', ['metrics:targets'])
  const delTarget = useCommand('metrics:deleteTarget', ['metrics:targets'])
  const scrape = useCommand('metrics:scrapeNow', ['metrics:targets'])
  const [s, setS] = useState({ name: '', url: '', auth: 'none' as (typeof AUTH_KINDS)[number], username: '', secret: '', tenant: '' })
  const [tg, setTg] = useState({ url: '', job: '', intervalS: '15' })
  const errS = (f: string): string | undefined => errorFor(saveSource.error, f, SOURCE_FIELDS)
  const errT = (f: string): string | undefined => errorFor(saveTarget.error, f, TARGET_FIELDS)
  return (
    <div className="page">
      <PageHeader
        title="Metrics"
        subtitle="Sources: Prometheus, Mimir, Thanos or VictoriaMetrics over their HTTP API; or endpoints scraped here."
      />
      <MetricsNav current="sources" range={false} />
      <section className="card">
        <h2>Prometheus-compatible sources</h2>
        {sources.data?.length === 0 && (
          <EmptyState title="No sources yet">Add the API base of a Prometheus-compatible server below.</EmptyState>
        )}
        {!!sources.data?.length && (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>API base</th>
                <th>Auth</th>
                <th>Tenant</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {sources.data.map((x) => (
                <tr key={x.id}>
                  <td>{x.name}</td>
                  <td className="mono">{x.url}</td>
                  <td>{x.auth === 'none' ? 'none' : `${x.auth}${x.hasSecret ? ' (sealed)' : ''}`}</td>
                  <td>{x.tenant ?? '—'}</td>
                  <td>
                    <ConfirmButton
                      className="danger"
                      question={`Delete the source “${x.name}”?`}
                      onConfirm={() => delSource.mutate({ id: x.id })}
                    >
                      Delete
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form
          className="stacked-form"
          onSubmit={(e) => {
            e.preventDefault()
            saveSource.mutate(
              {
                name: s.name,
                url: s.url,
                auth: s.auth,
                ...(s.username ? { username: s.username } : {}),
                ...(s.secret ? { secret: s.secret } : {}),
                ...(s.tenant ? { tenant: s.tenant } : {})
              },
              { onSuccess: () => setS({ ...s, name: '', url: '', secret: '' }) }
            )
          }}
        >
          <div className="form-row">
            <Field label="Name" error={errS('name')}>
              <input aria-label="Source name" value={s.name} onChange={(e) => setS({ ...s, name: e.target.value })} />
            </Field>
            <Field label="API base" error={errS('url')} hint="http://prometheus:9090 · http://vm:8481/select/0/prometheus">
              <input aria-label="Source URL" value={s.url} onChange={(e) => setS({ ...s, url: e.target.value })} />
            </Field>
            <Field label="Auth">
              <select value={s.auth} onChange={(e) => setS({ ...s, auth: e.target.value as typeof s.auth })}>
                <option value="none">none</option>
                <option value="bearer">bearer token</option>
                <option value="basic">basic auth</option>
              </select>
            </Field>
          </div>
          {s.auth !== 'none' && (
            <div className="form-row">
              {s.auth === 'basic' && (
                <Field label="User" error={errS('username')}>
                  <input value={s.username} onChange={(e) => setS({ ...s, username: e.target.value })} />
                </Field>
              )}
              <Field label={s.auth === 'basic' ? 'Password' : 'Token'} error={errS('secret')} hint="sealed at rest, never shown again">
                <input type="password" value={s.secret} onChange={(e) => setS({ ...s, secret: e.target.value })} />
              </Field>
            </div>
          )}
          <div className="form-row">
            <Field label="Tenant (Mimir / Cortex, optional)" hint="sent as X-Scope-OrgID">
              <input value={s.tenant} onChange={(e) => setS({ ...s, tenant: e.target.value })} />
            </Field>
          </div>
          <div className="form-actions">
            <button type="submit" className="primary">
              Add source
            </button>
          </div>
          {saveSource.error && !fieldKeyFor(saveSource.error, SOURCE_FIELDS) && <ErrorNotice error={saveSource.error} />}
        </form>
      </section>
      <section className="card">
        <h2>Scraped here (built-in store)</h2>
        {targets.data?.length === 0 && (
          <EmptyState title="Nothing scraped yet">Add a /metrics endpoint (Prometheus text or OpenMetrics) below.</EmptyState>
        )}
        {!!targets.data?.length && (
          <table className="table">
            <thead>
              <tr>
                <th>Job</th>
                <th>Endpoint</th>
                <th className="num">Every</th>
                <th>Last scrape</th>
                <th className="num">Samples</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {targets.data.map((x) => (
                <tr key={x.id}>
                  <td>{x.job}</td>
                  <td className="mono">{x.url}</td>
                  <td className="num">{x.intervalS} s</td>
                  <td>{x.lastError ? <span className="error-text">{x.lastError}</span> : formatAgo(x.lastScrapeAt, Date.now())}</td>
                  <td className="num">{x.lastSamples ?? '—'}</td>
                  <td className="actions">
                    <button onClick={() => scrape.mutate({ id: x.id })}>Scrape now</button>
                    <ConfirmButton className="danger" question={`Stop scraping ${x.url}?`} onConfirm={() => delTarget.mutate({ id: x.id })}>
                      Remove
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form
          className="stacked-form"
          onSubmit={(e) => {
            e.preventDefault()
            saveTarget.mutate(
              { url: tg.url, job: tg.job, intervalS: Number(tg.intervalS) || 15 },
              { onSuccess: () => setTg({ ...tg, url: '', job: '' }) }
            )
          }}
        >
          <div className="form-row">
            <Field label="Endpoint" error={errT('url')} hint="http://host:port/metrics">
              <input aria-label="Target URL" value={tg.url} onChange={(e) => setTg({ ...tg, url: e.target.value })} />
            </Field>
            <Field label="Job (service name)" error={errT('job')}>
              <input aria-label="Target job" value={tg.job} onChange={(e) => setTg({ ...tg, job: e.target.value })} />
            </Field>
            <Field label="Every (s)" error={errT('intervalS')}>
              <input value={tg.intervalS} onChange={(e) => setTg({ ...tg, intervalS: e.target.value })} inputMode="numeric" />
            </Field>
          </div>
          <div className="form-actions">
            <button type="submit" className="primary">
              Scrape this endpoint
            </button>
          </div>
          {saveTarget.error && !fieldKeyFor(saveTarget.error, TARGET_FIELDS) && <ErrorNotice error={saveTarget.error} />}
        </form>
      </section>
    </div>
  )
}
