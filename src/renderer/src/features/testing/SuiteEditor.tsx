import { useEffect, useState } from 'react'
import { href, navigate } from '../../app/router'
import { ConfirmButton } from '../../components/ConfirmButton'
import { Field } from '../../components/Field'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { fieldError, unplacedError } from './fieldError'
import { ServicePicker } from './ServicePicker'
import { TestingTabs } from './TestingTabs'
import { Verdict } from './Verdict'

interface SmokeDraft {
  name: string
  method: string
  url: string
  expectStatus: string
  conditions: string
}
interface Draft {
  serviceId: string
  healthChecks: boolean
  smoke: SmokeDraft[]
  loadTestId: string
  runbookUrl: string
  settleS: string
  auto: boolean
  maxRegressionPct: string
}

const EMPTY: Draft = {
  serviceId: '',
  healthChecks: true,
  smoke: [],
  loadTestId: '',
  runbookUrl: '',
  settleS: '30',
  auto: true,
  maxRegressionPct: '50'
}
const lines = (s: string): string[] =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean)

/** A service's verification suite: what runs after each deploy, and its runs. */
export function SuiteEditor({ id }: { id?: number }) {
  const suite = useChannel('testing:suite', { id: id ?? 1 }, { enabled: id !== undefined })
  const loads = useChannel('testing:loadTests')
  const [d, setD] = useState<Draft | null>(id === undefined ? EMPTY : null)
  const save = useCommand('testing:saveSuite', ['testing:suites', 'testing:suite'])
  const run = useCommand('testing:runSuite', ['testing:suite'])
  const del = useCommand('testing:deleteSuite', ['testing:suites'])
  useEffect(() => {
    const s = suite.data
    if (s && d === null)
      setD({
        serviceId: String(s.serviceId),
        healthChecks: s.healthChecks,
        smoke: s.smoke.map((x) => ({
          name: x.name,
          method: x.method,
          url: x.url,
          expectStatus: x.expectStatus.join(', '),
          conditions: x.conditions.join('\n')
        })),
        loadTestId: s.loadTestId === null ? '' : String(s.loadTestId),
        runbookUrl: s.runbookUrl ?? '',
        settleS: String(s.settleS),
        auto: s.auto,
        maxRegressionPct: String(s.maxRegressionPct)
      })
  }, [suite.data, d])
  if (id !== undefined && suite.error) return <ErrorNotice error={suite.error} />
  if (!d) return <Loading what="suite" />
  const set = (p: Partial<Draft>): void => setD({ ...d, ...p })
  const setSmoke = (i: number, p: Partial<SmokeDraft>): void => set({ smoke: d.smoke.map((s, j) => (j === i ? { ...s, ...p } : s)) })
  const err = (f: string): string | undefined => fieldError(save.error, f)
  const submit = (): void =>
    save.mutate(
      {
        serviceId: Number(d.serviceId) || 0,
        healthChecks: d.healthChecks,
        smoke: d.smoke.map((s) => ({
          name: s.name,
          method: s.method as 'GET',
          url: s.url,
          expectStatus: s.expectStatus
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
          conditions: lines(s.conditions)
        })),
        loadTestId: d.loadTestId ? Number(d.loadTestId) : null,
        runbookUrl: d.runbookUrl.trim() || null,
        settleS: Number(d.settleS),
        auto: d.auto,
        maxRegressionPct: Number(d.maxRegressionPct)
      },
      { onSuccess: (r) => (id === undefined ? navigate(`/testing/deploys/suites/${r.id}`) : undefined) }
    )
  const s = suite.data
  return (
    <div className="page testing-page">
      <PageHeader
        title={s ? `Verification of ${s.serviceName ?? `service ${s.serviceId}`}` : 'New verification suite'}
        subtitle="Runs after each deploy marker of the service, compared with the run before; a failure links the rollback runbook."
        actions={
          id !== undefined && (
            <>
              <button
                type="button"
                className="primary"
                disabled={run.isPending}
                onClick={() => run.mutate({ id }, { onSuccess: (r) => navigate(`/testing/deploys/runs/${r.runId}`) })}
              >
                Run now (baseline)
              </button>
              <ConfirmButton
                question="Delete this suite and its runs?"
                className="danger"
                onConfirm={() => del.mutate({ id }, { onSuccess: () => navigate('/testing/deploys') })}
              >
                Delete
              </ConfirmButton>
            </>
          )
        }
      />
      <TestingTabs current="deploys" />
      <form
        className="card form"
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <div className="form-row">
          <Field label="Service" error={err('serviceId')}>
            <ServicePicker label="Suite service" value={d.serviceId} onChange={(v) => set({ serviceId: v })} />
          </Field>
          <label className="checkbox">
            <input type="checkbox" checked={d.healthChecks} onChange={(e) => set({ healthChecks: e.target.checked })} />
            run the service's health checks
          </label>
          <Field label="Load test" error={err('loadTestId')} hint="A short one, with thresholds">
            <select value={d.loadTestId} onChange={(e) => set({ loadTestId: e.target.value })}>
              <option value="">none</option>
              {loads.data?.map((l) => (
                <option key={l.id} value={String(l.id)}>
                  {l.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <h2>Smoke requests</h2>
        {d.smoke.map((sm, i) => (
          <fieldset key={i} className="request-row">
            <div className="form-row">
              <Field label={`Smoke ${i + 1} name`} error={err(`smoke[${i}].name`)}>
                <input value={sm.name} onChange={(e) => setSmoke(i, { name: e.target.value })} />
              </Field>
              <Field label={`Smoke ${i + 1} URL`} error={err(`smoke[${i}].url`)} className="grow">
                <input
                  value={sm.url}
                  onChange={(e) => setSmoke(i, { url: e.target.value })}
                  placeholder="https://shop.example.com/api/items"
                />
              </Field>
              <Field label={`Smoke ${i + 1} expected status`} error={err(`smoke[${i}].expectStatus`)}>
                <input value={sm.expectStatus} onChange={(e) => setSmoke(i, { expectStatus: e.target.value })} />
              </Field>
            </div>
            <Field
              label={`Smoke ${i + 1} conditions`}
              error={err(`smoke[${i}].conditions`)}
              hint="One per line, as in health checks: [BODY].status == ok, len([BODY].items) > 0, [RESPONSE_TIME] < 300"
            >
              <textarea rows={2} className="mono" value={sm.conditions} onChange={(e) => setSmoke(i, { conditions: e.target.value })} />
            </Field>
            <button type="button" className="link-button" onClick={() => set({ smoke: d.smoke.filter((_, j) => j !== i) })}>
              Remove smoke {i + 1}
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() => set({ smoke: [...d.smoke, { name: '', method: 'GET', url: '', expectStatus: '200-299', conditions: '' }] })}
        >
          Add a smoke request
        </button>
        <div className="form-row">
          <Field label="Rollback runbook" error={err('runbookUrl')} className="grow">
            <input
              value={d.runbookUrl}
              onChange={(e) => set({ runbookUrl: e.target.value })}
              placeholder="https://wiki.example.com/runbooks/rollback"
            />
          </Field>
          <Field label="Settle time (s)" error={err('settleS')} hint="Wait after the marker">
            <input value={d.settleS} onChange={(e) => set({ settleS: e.target.value })} />
          </Field>
          <Field label="Latency regression that fails (%)" error={err('maxRegressionPct')}>
            <input value={d.maxRegressionPct} onChange={(e) => set({ maxRegressionPct: e.target.value })} />
          </Field>
          <label className="checkbox">
            <input type="checkbox" checked={d.auto} onChange={(e) => set({ auto: e.target.checked })} />
            verify after every deploy
          </label>
        </div>
        {save.error &&
          unplacedError(save.error, ['serviceId', 'smoke', 'loadTestId', 'runbookUrl', 'settleS', 'maxRegressionPct']) !== null && (
            <ErrorNotice error={save.error} title="Not saved" />
          )}
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            Save suite
          </button>
          {save.isSuccess && id !== undefined && <span className="muted small">saved</span>}
        </div>
      </form>
      {s && (
        <section className="card">
          <h2>Runs</h2>
          {s.runs.length === 0 ? (
            <p className="muted">No run yet. Run it once now, so the first deploy has something to be compared with.</p>
          ) : (
            <table className="table compact">
              <thead>
                <tr>
                  <th>Due</th>
                  <th>Purpose</th>
                  <th>Verdict</th>
                </tr>
              </thead>
              <tbody>
                {s.runs.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <a href={href(`/testing/deploys/runs/${r.id}`)}>{formatTime(r.dueAt)}</a>
                    </td>
                    <td>{r.purpose}</td>
                    <td>
                      <Verdict verdict={r.verdict} state={r.state} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  )
}
