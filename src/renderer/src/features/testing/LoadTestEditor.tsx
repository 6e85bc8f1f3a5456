import { useEffect, useState } from 'react'
import { HTTP_METHODS } from '../../../../shared/health/types'
import { navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { fieldError, unplacedError } from './fieldError'
import { draftOfTest, emptyLoadDraft, emptyRequest, loadInputOf, type ExecutorKind, type LoadDraft, type RequestDraft } from './loadDraft'
import { ServicePicker } from './ServicePicker'
import { TestingTabs } from './TestingTabs'

const KINDS: [ExecutorKind, string][] = [
  ['constant-arrival-rate', 'Constant arrival rate (open model)'],
  ['ramping-arrival-rate', 'Ramping arrival rate (open model)'],
  ['constant-vus', 'Constant virtual users (closed model)'],
  ['ramping-vus', 'Ramping virtual users (closed model)']
]
const FIELDS = [
  'name',
  'serviceId',
  'plan.requests',
  'plan.executor',
  'plan.thresholds',
  'plan.variablesFile',
  'plan.timeoutMs',
  'plan.maxRequests'
]

/** Create (#/testing/load/new) or edit (#/testing/load/<id>/edit) a load test. */
export function LoadTestEditor({ id }: { id?: number }) {
  const existing = useChannel('testing:loadTest', { id: id ?? 1 }, { enabled: id !== undefined })
  const [draft, setDraft] = useState<LoadDraft | null>(id === undefined ? emptyLoadDraft() : null)
  const save = useCommand('testing:saveLoadTest', ['testing:loadTests', 'testing:loadTest'])
  useEffect(() => {
    if (existing.data && draft === null) setDraft(draftOfTest(existing.data))
  }, [existing.data, draft])
  if (id !== undefined && existing.error) return <ErrorNotice error={existing.error} />
  if (!draft) return <Loading what="load test" />
  const set = (patch: Partial<LoadDraft>): void => setDraft({ ...draft, ...patch })
  const setReq = (i: number, patch: Partial<RequestDraft>): void =>
    set({ requests: draft.requests.map((r, j) => (j === i ? { ...r, ...patch } : r)) })
  const err = (f: string): string | undefined => fieldError(save.error, f)
  const open = draft.kind.endsWith('arrival-rate')
  const ramping = draft.kind.startsWith('ramping')
  const submit = (): void =>
    save.mutate({ ...loadInputOf(draft), ...(id !== undefined ? { id } : {}) } as never, {
      onSuccess: (r) => navigate(`/testing/load/${r.id}`)
    })
  return (
    <div className="page testing-page">
      <PageHeader
        title={id === undefined ? 'New load test' : `Edit ${draft.name}`}
        subtitle="Requests, how they arrive, and the thresholds that judge the run."
      />
      <TestingTabs current="load" />
      <form
        className="card form"
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <div className="form-row">
          <Field label="Test name" error={err('name')}>
            <input value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="checkout at 200 req/s" />
          </Field>
          <Field label="Service" error={err('serviceId')} hint="Its health checks are shown over the run's window">
            <ServicePicker label="Service" value={draft.serviceId} optional="none" onChange={(v) => set({ serviceId: v })} />
          </Field>
        </div>

        <h2>Requests</h2>
        <p className="muted small">
          An iteration is one request; requests are taken in turn by weight. {'{{column}}'} takes a column of the variables file (row =
          iteration), {'{{__ITER}}'} and {'{{__VU}}'} are built in.
        </p>
        {draft.requests.map((r, i) => (
          <fieldset key={i} className="request-row">
            <legend>Request {i + 1}</legend>
            <div className="form-row">
              <Field label={`Method of request ${i + 1}`}>
                <select value={r.method} onChange={(e) => setReq(i, { method: e.target.value })}>
                  {HTTP_METHODS.map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </select>
              </Field>
              <Field label={`URL of request ${i + 1}`} error={err(`plan.requests[${i}]`)} className="grow">
                <input
                  value={r.url}
                  onChange={(e) => setReq(i, { url: e.target.value })}
                  placeholder="http://127.0.0.1:8080/api/items?page={{__ITER}}"
                />
              </Field>
            </div>
            <div className="form-row">
              <Field label={`Name of request ${i + 1}`} hint="Its tag for per-endpoint thresholds">
                <input value={r.name} onChange={(e) => setReq(i, { name: e.target.value })} placeholder="items" />
              </Field>
              <Field label={`Weight of request ${i + 1}`}>
                <input type="number" min={1} max={100} value={r.weight} onChange={(e) => setReq(i, { weight: e.target.value })} />
              </Field>
              <Field label={`Expected status of request ${i + 1}`}>
                <input value={r.expectStatus} onChange={(e) => setReq(i, { expectStatus: e.target.value })} />
              </Field>
            </div>
            <div className="form-row">
              <Field label={`Headers of request ${i + 1}`} hint="One per line: Name: value" className="grow">
                <textarea rows={2} value={r.headers} onChange={(e) => setReq(i, { headers: e.target.value })} />
              </Field>
              <Field label={`Body of request ${i + 1}`} className="grow">
                <textarea rows={2} value={r.body} onChange={(e) => setReq(i, { body: e.target.value })} />
              </Field>
            </div>
            {draft.requests.length > 1 && (
              <button type="button" className="link-button" onClick={() => set({ requests: draft.requests.filter((_, j) => j !== i) })}>
                Remove request {i + 1}
              </button>
            )}
          </fieldset>
        ))}
        <button type="button" onClick={() => set({ requests: [...draft.requests, emptyRequest()] })}>
          Add a request
        </button>

        <h2>Load</h2>
        <div className="form-row">
          <Field label="Executor" error={err('plan.executor')}>
            <select value={draft.kind} onChange={(e) => set({ kind: e.target.value as ExecutorKind })}>
              {KINDS.map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          </Field>
          {draft.kind === 'constant-arrival-rate' && (
            <Field label="Rate (requests/s)" error={err('plan.executor.rate')}>
              <input value={draft.rate} onChange={(e) => set({ rate: e.target.value })} />
            </Field>
          )}
          {draft.kind === 'ramping-arrival-rate' && (
            <Field label="Start rate (requests/s)" error={err('plan.executor.startRate')}>
              <input value={draft.startRate} onChange={(e) => set({ startRate: e.target.value })} />
            </Field>
          )}
          {draft.kind === 'constant-vus' && (
            <Field label="Virtual users" error={err('plan.executor.vus')}>
              <input value={draft.vus} onChange={(e) => set({ vus: e.target.value })} />
            </Field>
          )}
          {draft.kind === 'ramping-vus' && (
            <Field label="Start VUs" error={err('plan.executor.startVUs')}>
              <input value={draft.startVUs} onChange={(e) => set({ startVUs: e.target.value })} />
            </Field>
          )}
          {ramping ? (
            <Field label="Stages" error={err('plan.executor.stages')} hint="duration:target, e.g. 30s:50, 1m:50, 30s:0" className="grow">
              <input value={draft.stages} onChange={(e) => set({ stages: e.target.value })} />
            </Field>
          ) : (
            <Field label="Run duration" error={err('plan.executor.durationS')} hint="30s, 2m, 1h at most">
              <input value={draft.duration} onChange={(e) => set({ duration: e.target.value })} />
            </Field>
          )}
          {open ? (
            <>
              <Field label="Pre-allocated VUs" error={err('plan.executor.preAllocatedVUs')}>
                <input value={draft.preAllocatedVUs} onChange={(e) => set({ preAllocatedVUs: e.target.value })} />
              </Field>
              <Field label="Max VUs" error={err('plan.executor.maxVUs')} hint="Connections at most; beyond, iterations wait and then drop">
                <input value={draft.maxVUs} onChange={(e) => set({ maxVUs: e.target.value })} />
              </Field>
            </>
          ) : (
            <Field label="Think time (ms)" error={err('plan.executor.thinkMs')}>
              <input value={draft.thinkMs} onChange={(e) => set({ thinkMs: e.target.value })} />
            </Field>
          )}
        </div>
        <div className="form-row">
          <Field
            label="Thresholds"
            error={err('plan.thresholds')}
            hint="One per line, k6 syntax: metric{tag:value}: p(95)<200 — add “abort” to stop the run when it fails"
            className="grow"
          >
            <textarea rows={4} className="mono" value={draft.thresholds} onChange={(e) => set({ thresholds: e.target.value })} />
          </Field>
        </div>
        <div className="form-row">
          <Field
            label="Variables file (CSV)"
            error={err('plan.variablesFile')}
            hint="Absolute path; its header names the {{variables}}"
            className="grow"
          >
            <input value={draft.variablesFile} onChange={(e) => set({ variablesFile: e.target.value })} placeholder="/data/users.csv" />
          </Field>
          <Field label="Request timeout (ms)" error={err('plan.timeoutMs')}>
            <input value={draft.timeoutMs} onChange={(e) => set({ timeoutMs: e.target.value })} />
          </Field>
          <Field label="Max requests" error={err('plan.maxRequests')} hint="The run stops here whatever the executor says">
            <input value={draft.maxRequests} onChange={(e) => set({ maxRequests: e.target.value })} />
          </Field>
          <label className="checkbox">
            <input type="checkbox" checked={draft.insecureTls} onChange={(e) => set({ insecureTls: e.target.checked })} />
            accept self-signed certificates
          </label>
        </div>
        {save.error && unplacedError(save.error, FIELDS) !== null && <ErrorNotice error={save.error} title="Not saved" />}
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            Save load test
          </button>
          <a className="button" href={id === undefined ? '#/testing/load' : `#/testing/load/${id}`}>
            Cancel
          </a>
        </div>
      </form>
    </div>
  )
}
