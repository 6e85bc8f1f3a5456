import { useEffect, useState } from 'react'
import { href, navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { ErrorNotice, Loading } from '../../components/States'
import { errorFor, fieldKeyFor } from '../../lib/fieldErrors'
import { useChannel, useCommand } from '../../lib/queries'
import { draftOfSource, emptySource, sourceInputOf, SOURCE_FIELDS, type SourceDraft } from './sourceDraft'

/** Add or edit a source: tailed files (patterns, start, multi-line), a push source, or a Loki connector. */
export function SourceForm({ id }: { id?: number }) {
  const sources = useChannel('logs:sources')
  const services = useChannel('health:overview')
  const create = useCommand('logs:createSource', ['logs:sources'])
  const update = useCommand('logs:updateSource', ['logs:sources'])
  const [d, setD] = useState<SourceDraft | null>(id === undefined ? emptySource() : null)
  const existing = id === undefined ? undefined : sources.data?.find((s) => s.id === id)
  useEffect(() => {
    if (existing && d === null) setD(draftOfSource(existing))
  }, [existing, d])
  if (id !== undefined && sources.isPending) return <Loading what="the source" />
  if (id !== undefined && !existing)
    return <ErrorNotice error={sources.error ?? new Error(`no log source ${id}`)} title="Could not load the source" />
  if (!d) return <Loading what="the source" />
  const error = create.error ?? update.error
  const err = (k: string): string | undefined => errorFor(error, k, SOURCE_FIELDS)
  const set = (p: Partial<SourceDraft>): void => setD({ ...d, ...p })
  const save = (): void => {
    const input = sourceInputOf(d)
    const done = (): void => navigate('/logs/sources')
    if (id === undefined) create.mutate(input, { onSuccess: done })
    else update.mutate({ ...input, id } as never, { onSuccess: done })
  }
  return (
    <form
      className="card stacked-form"
      onSubmit={(e) => {
        e.preventDefault()
        save()
      }}
    >
      <h2>{id === undefined ? 'Add a log source' : `Edit ${existing?.name}`}</h2>
      {id === undefined && (
        <Field label="Kind">
          <select value={d.kind} onChange={(e) => set({ kind: e.target.value as SourceDraft['kind'] })}>
            <option value="file">Files on this machine (tailed)</option>
            <option value="push">HTTP push (Loki or OTLP) with its own retention</option>
            <option value="loki">A Loki server (queried where it is)</option>
          </select>
        </Field>
      )}
      <div className="form-row">
        <Field label="Name" error={err('name')}>
          <input value={d.name} onChange={(e) => set({ name: e.target.value })} disabled={existing?.builtin} />
        </Field>
        <Field label="Service" error={err('serviceId')} hint="Lines get its name as their service label">
          <select value={d.serviceId} onChange={(e) => set({ serviceId: e.target.value })} aria-label="Service">
            <option value="">none</option>
            {(services.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {d.kind === 'file' && (
        <>
          <Field
            label="File paths or patterns"
            error={err('paths')}
            hint="One absolute path or pattern per line: *, ?, [ab], {a,b}, ** for folders"
          >
            <textarea
              className="mono"
              rows={3}
              value={d.paths}
              onChange={(e) => set({ paths: e.target.value })}
              placeholder="/var/log/app/*.log"
            />
          </Field>
          <div className="form-row">
            <Field label="Existing files" error={err('startAt')}>
              <select value={d.startAt} onChange={(e) => set({ startAt: e.target.value as 'end' | 'beginning' })}>
                <option value="end">start at their end (only new lines)</option>
                <option value="beginning">read from the beginning</option>
              </select>
            </Field>
            <label className="checkbox">
              <input type="checkbox" checked={d.multiline} onChange={(e) => set({ multiline: e.target.checked })} /> Keep stack traces as
              one entry
            </label>
          </div>
        </>
      )}
      {d.kind !== 'loki' && (
        <div className="form-row">
          <Field label="Environment" error={err('environment')}>
            <input value={d.environment} onChange={(e) => set({ environment: e.target.value })} placeholder="production" />
          </Field>
          <Field label="Host" error={err('host')} hint="Empty: from the line, else this machine">
            <input value={d.host} onChange={(e) => set({ host: e.target.value })} />
          </Field>
          <Field label="Release" error={err('release')} hint="Recorded on the error issues it shows">
            <input value={d.release} onChange={(e) => set({ release: e.target.value })} placeholder="v1.4.2" />
          </Field>
        </div>
      )}
      {d.kind !== 'loki' && (
        <div className="form-row">
          <Field label="Keep lines for (days)" error={err('retentionDays')}>
            <input type="number" min={1} value={d.retentionDays} onChange={(e) => set({ retentionDays: e.target.value })} />
          </Field>
          <Field label="Size cap (MB on disk)" error={err('maxBytes')} hint="Empty: no cap; oldest lines go first">
            <input type="number" min={1} value={d.maxMb} onChange={(e) => set({ maxMb: e.target.value })} />
          </Field>
        </div>
      )}
      {d.kind === 'loki' && (
        <>
          <Field label="Loki URL" error={err('url')}>
            <input value={d.url} onChange={(e) => set({ url: e.target.value })} placeholder="https://loki.example.com" />
          </Field>
          <div className="form-row">
            <Field label="Tenant (X-Scope-OrgID)" error={err('tenant')}>
              <input value={d.tenant} onChange={(e) => set({ tenant: e.target.value })} />
            </Field>
            <Field label="Authentication" error={err('auth')}>
              <select value={d.auth} onChange={(e) => set({ auth: e.target.value as SourceDraft['auth'] })}>
                <option value="none">none</option>
                <option value="basic">basic (user:password)</option>
                <option value="bearer">bearer token</option>
              </select>
            </Field>
            {d.auth !== 'none' && (
              <Field
                label={d.auth === 'basic' ? 'user:password' : 'Token'}
                error={err('secret')}
                hint={existing?.hasSecret ? 'Stored; type to replace' : 'Stored encrypted'}
              >
                <input type="password" value={d.secret} onChange={(e) => set({ secret: e.target.value })} autoComplete="off" />
              </Field>
            )}
          </div>
        </>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={d.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled
      </label>
      {error && !fieldKeyFor(error, SOURCE_FIELDS) && <ErrorNotice error={error} title="Not saved" />}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending || update.isPending}>
          Save
        </button>
        <a href={href('/logs/sources')}>Cancel</a>
      </div>
    </form>
  )
}
