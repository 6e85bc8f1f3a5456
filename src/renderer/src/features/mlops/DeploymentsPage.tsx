import { useState } from 'react'
import type { TargetInput } from '../../../../shared/contract/mlops'
import { href } from '../../app/router'
import { ConfirmButton } from '../../components/ConfirmButton'
import { Field } from '../../components/Field'
import { EmptyState, ErrorNotice, PageHeader } from '../../components/States'
import { StatePill } from '../../components/StatePill'
import { TimeAgo } from '../../components/TimeAgo'
import { useChannel, useCommand } from '../../lib/queries'
import { fieldError } from './fieldError'
import { MlopsNav } from './MlopsNav'

const EMPTY = {
  name: '',
  modelName: '',
  follow: 'champion',
  kind: 'endpoint' as 'endpoint' | 'folder',
  reloadUrl: '',
  healthUrl: '',
  secret: '',
  folder: '',
  canaryWeight: '',
  smokeUrl: '',
  smokeExpect: '',
  windowSec: '60'
}

/** Deployment targets (each follows a model's alias or stage) and the history of pushes, verifications and rollbacks. */
export function DeploymentsPage() {
  const targets = useChannel('mlops:targets')
  const history = useChannel('mlops:deployments', { limit: 200 })
  const save = useCommand('mlops:saveTarget', ['mlops:targets'])
  const del = useCommand('mlops:deleteTarget', ['mlops:targets', 'mlops:deployments'])
  const deploy = useCommand('mlops:deployNow', ['mlops:targets', 'mlops:deployments'])
  const [f, setF] = useState(EMPTY)
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }))
  const err = (k: string) => fieldError(save.error, k)
  const input = (): TargetInput => ({
    name: f.name.trim(),
    modelName: f.modelName.trim(),
    follow: f.follow.trim() || 'champion',
    kind: f.kind,
    windowSec: Number(f.windowSec) || 0,
    ...(f.kind === 'endpoint' && f.reloadUrl.trim() ? { reloadUrl: f.reloadUrl.trim() } : {}),
    ...(f.healthUrl.trim() ? { healthUrl: f.healthUrl.trim() } : {}),
    ...(f.secret ? { secret: f.secret } : {}),
    ...(f.kind === 'folder' && f.folder.trim() ? { folder: f.folder.trim() } : {}),
    ...(f.canaryWeight.trim() ? { canaryWeight: Number(f.canaryWeight) } : {}),
    ...(f.smokeUrl.trim() ? { smokeUrl: f.smokeUrl.trim() } : {}),
    ...(f.smokeExpect ? { smokeExpect: f.smokeExpect } : {})
  })
  return (
    <div className="page">
      <PageHeader
        title="MLOps"
        subtitle="Live model updates: when a model’s alias or stage moves, its targets get the new version, are verified, and roll back on failure."
      />
      <MlopsNav current="deployments" />
      <section className="card">
        <h2>Targets</h2>
        {targets.data?.length === 0 && (
          <EmptyState title="No deployment targets">
            Add a serving endpoint (with a reload hook) or a folder the artifact is copied into.
          </EmptyState>
        )}
        {!!targets.data?.length && (
          <table className="table" aria-label="Targets">
            <thead>
              <tr>
                <th>Name</th>
                <th>Follows</th>
                <th>Where</th>
                <th>Serving</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {targets.data.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    {t.modelName} <span className="pill">{t.follow}</span>
                  </td>
                  <td className="mono small">
                    {t.kind === 'endpoint' ? t.reloadUrl : t.folder}
                    {t.canaryWeight ? ` (canary ${t.canaryWeight} %)` : ''}
                    {t.hasSecret ? ' · signed' : ''}
                  </td>
                  <td>
                    {t.deployedVersionId ? (
                      <a href={href(`/models/version/${t.deployedVersionId}`)}>{t.deployedLabel}</a>
                    ) : (
                      <span className="muted">nothing yet</span>
                    )}
                  </td>
                  <td>
                    <button onClick={() => deploy.mutate({ id: t.id })} disabled={deploy.isPending}>
                      Deploy now
                    </button>{' '}
                    <ConfirmButton
                      className="danger"
                      question={`Remove the target “${t.name}” and its history?`}
                      onConfirm={() => del.mutate({ id: t.id })}
                    >
                      Remove
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {deploy.error && <ErrorNotice error={deploy.error} />}
        <form
          className="stacked-form"
          onSubmit={(e) => {
            e.preventDefault()
            save.mutate(input(), { onSuccess: () => setF(EMPTY) })
          }}
        >
          <div className="form-row">
            <Field label="Name" error={err('name')}>
              <input value={f.name} onChange={set('name')} placeholder="churn-serving" />
            </Field>
            <Field label="Model" error={err('modelName')}>
              <input value={f.modelName} onChange={set('modelName')} />
            </Field>
            <Field label="Follows" error={err('follow')} hint="An alias (champion) or a stage (Production).">
              <input value={f.follow} onChange={set('follow')} />
            </Field>
            <Field label="Kind">
              <select value={f.kind} onChange={set('kind')}>
                <option value="endpoint">serving endpoint</option>
                <option value="folder">watched folder</option>
              </select>
            </Field>
          </div>
          <div className="form-row">
            {f.kind === 'endpoint' ? (
              <>
                <Field label="Reload hook" error={err('reloadUrl')} hint="POSTed the version, its artifact URI and checksum.">
                  <input value={f.reloadUrl} onChange={set('reloadUrl')} placeholder="http://127.0.0.1:8080/reload" />
                </Field>
                <Field label="Signing secret" error={err('secret')} hint="HMAC-SHA256 in X-Console-Signature; sealed, never shown again.">
                  <input type="password" value={f.secret} onChange={set('secret')} />
                </Field>
                <Field label="Canary weight (%)" error={err('canaryWeight')}>
                  <input value={f.canaryWeight} onChange={set('canaryWeight')} inputMode="numeric" />
                </Field>
              </>
            ) : (
              <Field label="Folder" error={err('folder')}>
                <input value={f.folder} onChange={set('folder')} />
              </Field>
            )}
          </div>
          <div className="form-row">
            <Field label="Health address" error={err('healthUrl')} hint="GET after each push; must answer 2xx.">
              <input value={f.healthUrl} onChange={set('healthUrl')} />
            </Field>
            <Field label="Smoke request" error={err('smokeUrl')}>
              <input value={f.smokeUrl} onChange={set('smokeUrl')} />
            </Field>
            <Field label="Smoke answer contains" error={err('smokeExpect')}>
              <input value={f.smokeExpect} onChange={set('smokeExpect')} />
            </Field>
            <Field label="Watch window (s)" error={err('windowSec')} hint="A failure in it rolls back.">
              <input value={f.windowSec} onChange={set('windowSec')} inputMode="numeric" />
            </Field>
          </div>
          <div className="form-actions">
            <button type="submit" className="primary">
              Add target
            </button>
          </div>
          {save.error &&
            !['name', 'modelName', 'reloadUrl', 'folder', 'secret', 'healthUrl', 'smokeUrl', 'windowSec', 'canaryWeight'].some((k) =>
              err(k)
            ) && <ErrorNotice error={save.error} />}
        </form>
      </section>
      <section className="card">
        <h2>Deployment history</h2>
        {history.data?.length === 0 && (
          <EmptyState title="Nothing deployed yet">
            When a followed alias or stage moves, the push, its verification and any rollback show here.
          </EmptyState>
        )}
        {!!history.data?.length && (
          <table className="table" aria-label="Deployment history">
            <thead>
              <tr>
                <th>When</th>
                <th>Target</th>
                <th>Action</th>
                <th>Version</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((d) => (
                <tr key={d.id}>
                  <td>
                    <TimeAgo at={d.at} />
                  </td>
                  <td>{d.targetName}</td>
                  <td>{d.action}</td>
                  <td>{d.versionLabel}</td>
                  <td>
                    <StatePill state={d.ok ? 'pass' : 'fail'} /> <span className="small">{d.detail}</span>
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
