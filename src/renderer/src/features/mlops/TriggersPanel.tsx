import { useState } from 'react'
import type { Trigger } from '../../../../shared/contract/mlops'
import { ConfirmButton } from '../../components/ConfirmButton'
import { Field } from '../../components/Field'
import { EmptyState, ErrorNotice } from '../../components/States'
import { TimeAgo } from '../../components/TimeAgo'
import { useChannel, useCommand } from '../../lib/queries'
import { fieldError } from './fieldError'

/** What starts the job besides a person: schedule, drift, new data, another job. */
export function TriggersPanel({ jobId }: { jobId: number }) {
  const list = useChannel('mlops:triggers', { jobId })
  const jobs = useChannel('mlops:jobs')
  const save = useCommand('mlops:saveTrigger', ['mlops:triggers'])
  const del = useCommand('mlops:deleteTrigger', ['mlops:triggers'])
  const [kind, setKind] = useState<Trigger['kind']>('drift')
  const [value, setValue] = useState('')
  const err = (f: string) => fieldError(save.error, f)
  return (
    <section className="card">
      <h2>Triggers</h2>
      {list.data && list.data.length === 0 && (
        <EmptyState title="Started by hand only">Add a schedule, a drift check, a watched file or folder, or another job below.</EmptyState>
      )}
      {list.data && list.data.length > 0 && (
        <table className="table" aria-label="Triggers">
          <thead>
            <tr>
              <th>Starts the job</th>
              <th>Last fired</th>
              <th>Next</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((t) => (
              <tr key={t.id}>
                <td>{t.description}</td>
                <td>
                  <TimeAgo at={t.lastFiredAt} />
                </td>
                <td>{t.nextAt ? new Date(t.nextAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—'}</td>
                <td>
                  <ConfirmButton className="danger" question="Remove this trigger?" onConfirm={() => del.mutate({ id: t.id })}>
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
          const v = value.trim()
          save.mutate(
            {
              jobId,
              kind,
              ...(kind === 'cron' ? { cron: v } : {}),
              ...(kind === 'drift' && v ? { driftCheckId: Number(v) } : {}),
              ...(kind === 'file' ? { watchPath: v } : {}),
              ...(kind === 'job' ? { afterJobId: Number(v) } : {})
            },
            { onSuccess: () => setValue('') }
          )
        }}
      >
        <div className="form-row">
          <Field label="When">
            <select value={kind} onChange={(e) => (setKind(e.target.value as Trigger['kind']), setValue(''))}>
              <option value="drift">a drift check drifts</option>
              <option value="cron">on a schedule</option>
              <option value="file">new data in a file or folder</option>
              <option value="job">another job finishes</option>
            </select>
          </Field>
          {kind === 'job' ? (
            <Field label="After job" error={err('afterJobId')}>
              <select value={value} onChange={(e) => setValue(e.target.value)}>
                <option value="">choose…</option>
                {jobs.data
                  ?.filter((j) => j.id !== jobId)
                  .map((j) => (
                    <option key={j.id} value={j.id}>
                      {j.name}
                    </option>
                  ))}
              </select>
            </Field>
          ) : (
            <Field
              label={kind === 'cron' ? 'Cron (UTC)' : kind === 'drift' ? 'Drift check id' : 'Watched path'}
              error={err(kind === 'cron' ? 'cron' : kind === 'drift' ? 'driftCheckId' : 'watchPath')}
              hint={
                kind === 'cron'
                  ? 'minute hour day month weekday, e.g. 0 3 * * 1'
                  : kind === 'drift'
                    ? 'Empty: any check.'
                    : 'An absolute path.'
              }
            >
              <input value={value} onChange={(e) => setValue(e.target.value)} />
            </Field>
          )}
        </div>
        <div className="form-actions">
          <button type="submit">Add trigger</button>
        </div>
        {save.error && !['cron', 'driftCheckId', 'watchPath', 'afterJobId'].some((f) => err(f)) && <ErrorNotice error={save.error} />}
      </form>
    </section>
  )
}
