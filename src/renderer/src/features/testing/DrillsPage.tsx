import { useEffect, useState } from 'react'
import { href, navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatBytes, formatMs, formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { fieldError } from './fieldError'
import { TestingTabs } from './TestingTabs'

export function DrillsPage() {
  const drills = useChannel('testing:drills')
  const run = useCommand('testing:runDrill', ['testing:drills'])
  const save = useCommand('testing:setDrillSettings', ['testing:drills'])
  const [d, setD] = useState<{ schedule: string; timeZone: string; keep: string } | null>(null)
  useEffect(() => {
    const s = drills.data?.settings
    if (s && d === null) setD({ schedule: s.schedule ?? '', timeZone: s.timeZone, keep: String(s.keep) })
  }, [drills.data, d])
  const err = (f: string): string | undefined => fieldError(save.error, f)
  return (
    <div className="page testing-page">
      <PageHeader
        title="Recovery drills"
        subtitle="Back up the workspace, restore the backup into a scratch file, check its integrity and row counts, and time it."
        actions={
          <button
            type="button"
            className="primary"
            disabled={run.isPending}
            onClick={() => run.mutate(undefined, { onSuccess: (r) => navigate(`/testing/drills/${r.drillId}`) })}
          >
            Run a drill now
          </button>
        }
      />
      <TestingTabs current="drills" />
      {run.error && <ErrorNotice error={run.error} />}
      {drills.isPending && <Loading what="drills" />}
      {drills.data && d && (
        <form
          className="card form"
          onSubmit={(e) => {
            e.preventDefault()
            save.mutate({ schedule: d.schedule.trim() || null, timeZone: d.timeZone, keep: Number(d.keep) })
          }}
        >
          <h2>Schedule</h2>
          <div className="form-row">
            <Field label="Drill schedule (cron)" error={err('schedule')} hint="Empty: on demand only">
              <input value={d.schedule} onChange={(e) => setD({ ...d, schedule: e.target.value })} />
            </Field>
            <Field label="Drill time zone" error={err('timeZone')}>
              <input value={d.timeZone} onChange={(e) => setD({ ...d, timeZone: e.target.value })} />
            </Field>
            <Field label="Results kept" error={err('keep')}>
              <input value={d.keep} onChange={(e) => setD({ ...d, keep: e.target.value })} />
            </Field>
            <div className="actions">
              <button type="submit" disabled={save.isPending}>
                Save schedule
              </button>
            </div>
          </div>
          {save.error && !err('schedule') && !err('timeZone') && !err('keep') && <ErrorNotice error={save.error} title="Not saved" />}
          <p className="small muted">
            Next drill: {drills.data.settings.nextRunAt ? formatTime(drills.data.settings.nextRunAt) : 'none scheduled'}. A failed drill
            raises an alert.
          </p>
        </form>
      )}
      {drills.data && (
        <section className="card">
          <h2>Results</h2>
          {drills.data.drills.length === 0 ? (
            <p className="muted">No drill yet: run one now to learn how long a restore takes.</p>
          ) : (
            <table className="table compact">
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Trigger</th>
                  <th>Result</th>
                  <th className="num">Backup</th>
                  <th className="num">Time to restore</th>
                  <th className="num">Size</th>
                </tr>
              </thead>
              <tbody>
                {drills.data.drills.map((x) => (
                  <tr key={x.id}>
                    <td>
                      <a href={href(`/testing/drills/${x.id}`)}>{formatTime(x.startedAt)}</a>
                    </td>
                    <td>{x.trigger}</td>
                    <td>
                      {x.ok === null ? (
                        x.state
                      ) : x.ok ? (
                        <span className="pill pass">restored</span>
                      ) : (
                        <span className="pill fail">failed</span>
                      )}
                    </td>
                    <td className="num">{x.backupMs === null ? '—' : formatMs(x.backupMs)}</td>
                    <td className="num">{x.timeToRestoreMs === null ? '—' : formatMs(x.timeToRestoreMs)}</td>
                    <td className="num">{x.sizeBytes === null ? '—' : formatBytes(x.sizeBytes)}</td>
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

export function DrillPage({ id }: { id: number }) {
  const drill = useChannel('testing:drill', { id })
  if (drill.isPending) return <Loading what="drill" />
  if (drill.error) return <ErrorNotice error={drill.error} />
  const x = drill.data
  return (
    <div className="page testing-page">
      <PageHeader
        title={`Recovery drill #${x.id}`}
        subtitle={
          <>
            <a href={href('/testing/drills')}>← drills</a> · {formatTime(x.startedAt)} · {x.trigger}
          </>
        }
      />
      <TestingTabs current="drills" />
      {x.state === 'running' && <p className="muted">Running…</p>}
      {x.ok === false && <div className="notice notice-error">The backup did not restore cleanly: {x.error}</div>}
      {x.ok && (
        <div className="notice notice-ok">
          Restored and verified in {formatMs(x.timeToRestoreMs ?? 0)} (backup {formatMs(x.backupMs ?? 0)}, restore{' '}
          {formatMs(x.restoreMs ?? 0)}, checks {formatMs(x.verifyMs ?? 0)}); {formatBytes(x.sizeBytes ?? 0)}.
        </div>
      )}
      {x.tables.length > 0 && (
        <section className="card">
          <h2>Rows per table</h2>
          <table className="table compact">
            <thead>
              <tr>
                <th>Table</th>
                <th className="num">Backup</th>
                <th className="num">Restored</th>
                <th className="num">Live now</th>
              </tr>
            </thead>
            <tbody>
              {x.tables.map((t) => (
                <tr key={t.name} className={t.backup === t.restored ? '' : 'row-firing'}>
                  <td className="mono">{t.name}</td>
                  <td className="num">{t.backup}</td>
                  <td className="num">{t.restored}</td>
                  <td className="num muted">{t.live ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  )
}
