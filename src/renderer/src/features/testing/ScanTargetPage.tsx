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

interface Draft {
  name: string
  serviceId: string
  url: string
  schedule: string
  timeZone: string
  delayMs: string
  maxRequests: string
  trustedCa: string
}

const EMPTY: Draft = { name: '', serviceId: '', url: '', schedule: '', timeZone: 'UTC', delayMs: '50', maxRequests: '300', trustedCa: '' }

/** A scan target: its settings (new or edit) and its scans. */
export function ScanTargetPage({ id }: { id?: number }) {
  const target = useChannel('testing:scanTarget', { id: id ?? 1 }, { enabled: id !== undefined })
  const [draft, setDraft] = useState<Draft | null>(id === undefined ? EMPTY : null)
  const save = useCommand('testing:saveScanTarget', ['testing:scanTargets', 'testing:scanTarget'])
  const run = useCommand('testing:runScan', ['testing:scanTarget'])
  const del = useCommand('testing:deleteScanTarget', ['testing:scanTargets'])
  useEffect(() => {
    const t = target.data
    if (t && draft === null)
      setDraft({
        name: t.name,
        serviceId: t.serviceId === null ? '' : String(t.serviceId),
        url: t.url,
        schedule: t.schedule ?? '',
        timeZone: t.timeZone,
        delayMs: String(t.options.delayMs),
        maxRequests: String(t.options.maxRequests),
        trustedCa: t.options.trustedCa ?? ''
      })
  }, [target.data, draft])
  if (id !== undefined && target.error) return <ErrorNotice error={target.error} />
  if (!draft) return <Loading what="scan target" />
  const set = (p: Partial<Draft>): void => setDraft({ ...draft, ...p })
  const err = (f: string): string | undefined => fieldError(save.error, f)
  const submit = (): void =>
    save.mutate(
      {
        ...(id !== undefined ? { id } : {}),
        name: draft.name,
        serviceId: draft.serviceId ? Number(draft.serviceId) : null,
        url: draft.url,
        schedule: draft.schedule.trim() || null,
        timeZone: draft.timeZone,
        options: { delayMs: Number(draft.delayMs), maxRequests: Number(draft.maxRequests), trustedCa: draft.trustedCa.trim() || null }
      },
      { onSuccess: (r) => (id === undefined ? navigate(`/testing/scans/${r.id}`) : undefined) }
    )
  const t = target.data
  return (
    <div className="page testing-page">
      <PageHeader
        title={id === undefined ? 'New scan target' : draft.name}
        subtitle={t ? <span className="mono">{t.url}</span> : 'A base URL to scan now or on a schedule.'}
        actions={
          id !== undefined && (
            <>
              <button
                type="button"
                className="primary"
                disabled={run.isPending}
                onClick={() => run.mutate({ id }, { onSuccess: (r) => navigate(`/testing/scans/runs/${r.scanId}`) })}
              >
                Scan now
              </button>
              <ConfirmButton
                question={`Delete ${draft.name} and its scans?`}
                className="danger"
                onConfirm={() => del.mutate({ id }, { onSuccess: () => navigate('/testing/scans') })}
              >
                Delete
              </ConfirmButton>
            </>
          )
        }
      />
      <TestingTabs current="scans" />
      {run.error && <ErrorNotice error={run.error} title="The scan did not start" />}
      {t && (
        <section className="card">
          <h2>Scans</h2>
          {t.scans.length === 0 ? (
            <p className="muted">Not scanned yet: Scan now.</p>
          ) : (
            <table className="table compact">
              <thead>
                <tr>
                  <th>Started</th>
                  <th>State</th>
                  <th>Grade</th>
                  <th className="num">Score</th>
                  <th className="num">Requests</th>
                  <th className="num">New high</th>
                </tr>
              </thead>
              <tbody>
                {t.scans.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <a href={href(`/testing/scans/runs/${s.id}`)}>{formatTime(s.startedAt)}</a>
                    </td>
                    <td>{s.state}</td>
                    <td>{s.grade && <span className={`grade grade-${s.grade[0]}`}>{s.grade}</span>}</td>
                    <td className="num">{s.score ?? '—'}</td>
                    <td className="num">{s.requests}</td>
                    <td className="num">{s.newHigh ? <span className="pill fail">{s.newHigh}</span> : 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="small muted">
            {t.schedule
              ? `Scheduled ${t.schedule} (${t.timeZone}); next ${t.nextRunAt ? formatTime(t.nextRunAt) : '—'}.`
              : 'No schedule: scans run when asked.'}
          </p>
        </section>
      )}
      <form
        className="card form"
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <h2>{id === undefined ? 'Target' : 'Settings'}</h2>
        <div className="form-row">
          <Field label="Target name" error={err('name')}>
            <input value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="shop (production)" />
          </Field>
          <Field label="Base URL" error={err('url')} className="grow">
            <input value={draft.url} onChange={(e) => set({ url: e.target.value })} placeholder="https://shop.example.com/" />
          </Field>
          <Field label="Service" error={err('serviceId')}>
            <ServicePicker label="Service" value={draft.serviceId} optional="none" onChange={(v) => set({ serviceId: v })} />
          </Field>
        </div>
        <div className="form-row">
          <Field label="Schedule (cron)" error={err('schedule')} hint="Empty: on demand; 0 3 * * 1 is Mondays at 03:00">
            <input value={draft.schedule} onChange={(e) => set({ schedule: e.target.value })} placeholder="0 3 * * 1" />
          </Field>
          <Field label="Time zone" error={err('timeZone')}>
            <input value={draft.timeZone} onChange={(e) => set({ timeZone: e.target.value })} />
          </Field>
          <Field label="Pause between requests (ms)" error={err('options.delayMs')}>
            <input value={draft.delayMs} onChange={(e) => set({ delayMs: e.target.value })} />
          </Field>
          <Field label="Request budget" error={err('options.maxRequests')}>
            <input value={draft.maxRequests} onChange={(e) => set({ maxRequests: e.target.value })} />
          </Field>
        </div>
        <Field label="Extra trusted CA (PEM)" error={err('options.trustedCa')} hint="For a company CA the system does not know">
          <textarea rows={2} className="mono" value={draft.trustedCa} onChange={(e) => set({ trustedCa: e.target.value })} />
        </Field>
        {save.error && unplacedError(save.error, ['name', 'url', 'serviceId', 'schedule', 'timeZone', 'options']) !== null && (
          <ErrorNotice error={save.error} title="Not saved" />
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            Save scan target
          </button>
          {save.isSuccess && id !== undefined && <span className="muted small">saved</span>}
        </div>
      </form>
    </div>
  )
}
