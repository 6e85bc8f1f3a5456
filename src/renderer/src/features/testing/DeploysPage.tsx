import { useMemo, useState } from 'react'
import { href } from '../../app/router'
import { Field } from '../../components/Field'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { fieldError } from './fieldError'
import { ServicePicker } from './ServicePicker'
import { TestingTabs } from './TestingTabs'
import { Verdict } from './Verdict'

const WEEKS = 4

export function DeploysPage() {
  const range = useMemo(() => ({ from: Date.now() - WEEKS * 7 * 86_400_000, to: Date.now() + 86_400_000 }), [])
  const deploys = useChannel('testing:deploys', range)
  const suites = useChannel('testing:suites')
  return (
    <div className="page testing-page">
      <PageHeader
        title="Deploys"
        subtitle="Deploy markers (from this form, the API or CI) appear on every time chart; a service's suite verifies each one."
        actions={
          <a className="button" href={href('/testing/deploys/suites/new')}>
            New verification suite
          </a>
        }
      />
      <TestingTabs current="deploys" />
      <DeployForm />
      <section className="card">
        <h2>Last {WEEKS} weeks</h2>
        {deploys.isPending && <Loading what="deploys" />}
        {deploys.error && <ErrorNotice error={deploys.error} />}
        {deploys.data?.length === 0 && (
          <p className="muted">
            No deploy recorded. Record one above, or let CI post it:{' '}
            <code>
              curl -X POST -H "Authorization: Bearer $DEPLOY_TOKEN" -H 'content-type: application/json' -d '{'{'}
              "service":"checkout","version":"v1.2.3"{'}'}' $CONSOLE/api/hooks/deploys
            </code>{' '}
            with a deploy token from Probes.
          </p>
        )}
        {deploys.data && deploys.data.length > 0 && (
          <table className="table compact">
            <thead>
              <tr>
                <th>When</th>
                <th>Service</th>
                <th>Version</th>
                <th>From</th>
                <th>Verification</th>
              </tr>
            </thead>
            <tbody>
              {deploys.data.map((d) => (
                <tr key={d.id}>
                  <td>{formatTime(d.at)}</td>
                  <td>{d.serviceName ?? `service ${d.serviceId}`}</td>
                  <td className="mono">
                    {d.link ? (
                      <a href={d.link} target="_blank" rel="noreferrer">
                        {d.version}
                      </a>
                    ) : (
                      d.version
                    )}
                    {d.failed && (
                      <>
                        {' '}
                        <span className="pill fail" title={d.note}>
                          deploy failed
                        </span>
                      </>
                    )}
                  </td>
                  <td>{d.source}</td>
                  <td>
                    {d.verification ? (
                      <a href={href(`/testing/deploys/runs/${d.verification.runId}`)}>
                        <Verdict verdict={d.verification.verdict} state={d.verification.state} />
                      </a>
                    ) : (
                      <span className="muted small">no suite</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>Verification suites</h2>
        {suites.data?.length === 0 && (
          <EmptyState
            title="No verification suite"
            action={
              <a className="button primary" href={href('/testing/deploys/suites/new')}>
                Create a suite
              </a>
            }
          >
            A suite runs a service's health checks, smoke requests with expected status and body conditions, and a short load test after
            each of its deploys, and compares them with the run before.
          </EmptyState>
        )}
        {suites.data && suites.data.length > 0 && (
          <table className="table compact">
            <thead>
              <tr>
                <th>Service</th>
                <th>Runs</th>
                <th>Last run</th>
                <th>Rollback runbook</th>
              </tr>
            </thead>
            <tbody>
              {suites.data.map((s) => (
                <tr key={s.id}>
                  <td>
                    <a href={href(`/testing/deploys/suites/${s.id}`)}>{s.serviceName ?? `service ${s.serviceId}`}</a>
                  </td>
                  <td className="small">
                    {[
                      s.healthChecks && 'health checks',
                      s.smoke.length && `${s.smoke.length} smoke requests`,
                      s.loadTestName && `load test ${s.loadTestName}`
                    ]
                      .filter(Boolean)
                      .join(', ')}
                    {s.auto ? ` · ${s.settleS} s after each deploy` : ' · manual'}
                  </td>
                  <td>
                    {s.lastRun ? (
                      <a href={href(`/testing/deploys/runs/${s.lastRun.id}`)}>
                        <Verdict verdict={s.lastRun.verdict} state={s.lastRun.state} />
                      </a>
                    ) : (
                      <span className="muted">never</span>
                    )}
                  </td>
                  <td className="small">
                    {s.runbookUrl ? (
                      <a href={s.runbookUrl} target="_blank" rel="noreferrer">
                        {s.runbookUrl}
                      </a>
                    ) : (
                      '—'
                    )}
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

function DeployForm() {
  const [d, setD] = useState({ serviceId: '', version: '', link: '', note: '' })
  const create = useCommand('testing:createDeploy', ['testing:deploys', 'testing:suites'])
  const err = (f: string): string | undefined => fieldError(create.error, f)
  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault()
        create.mutate(
          { serviceId: Number(d.serviceId) || 0, version: d.version, link: d.link.trim() || null, note: d.note, source: 'form' },
          { onSuccess: () => setD({ ...d, version: '', link: '', note: '' }) }
        )
      }}
    >
      <h2>Record a deploy</h2>
      <div className="form-row">
        <Field label="Deployed service" error={err('serviceId')}>
          <ServicePicker label="Deployed service" value={d.serviceId} onChange={(v) => setD({ ...d, serviceId: v })} />
        </Field>
        <Field label="Version" error={err('version')}>
          <input value={d.version} onChange={(e) => setD({ ...d, version: e.target.value })} placeholder="v1.4.2" />
        </Field>
        <Field label="Link" error={err('link')} hint="The CI run or release notes" className="grow">
          <input value={d.link} onChange={(e) => setD({ ...d, link: e.target.value })} placeholder="https://ci.example.com/runs/1234" />
        </Field>
      </div>
      {create.error && !err('serviceId') && !err('version') && !err('link') && <ErrorNotice error={create.error} title="Not recorded" />}
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          Record deploy
        </button>
        {create.data && (
          <span className="small">
            recorded
            {create.data.verificationRunId ? (
              <>
                {' '}
                · <a href={href(`/testing/deploys/runs/${create.data.verificationRunId}`)}>verification queued</a>
              </>
            ) : (
              ' · this service has no suite'
            )}
          </span>
        )}
      </div>
    </form>
  )
}
