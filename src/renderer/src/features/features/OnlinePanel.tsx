import { useState } from 'react'
import type { MaterializeReport, ViewDetail } from '../../../../shared/contract/features'
import { Field } from '../../components/Field'
import { JobProgress } from '../../components/JobProgress'
import { ErrorNotice } from '../../components/States'
import { TimeAgo } from '../../components/TimeAgo'
import { useJobCommand } from '../../lib/jobs'
import { OnlineLookup } from './OnlineLookup'

const utc = (ms: number | null): string =>
  ms === null ? 'the beginning' : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`

/** Materialise (incremental or a window) and look a few entities up. */
export function OnlinePanel({ view }: { view: ViewDetail }) {
  const run = useJobCommand<'features:materialize', MaterializeReport>('features:materialize', ['features:view', 'features:views'])
  const [start, setStart] = useState('')
  const [end, setEnd] = useState('')
  const parse = (s: string): number | undefined => (s.trim() ? Date.parse(s.trim().endsWith('Z') ? s.trim() : `${s.trim()}Z`) : undefined)
  const o = view.online
  return (
    <section className="card">
      <h2>Online store</h2>
      <p>
        {o ? (
          <>
            Holds the latest row of {o.keys.toLocaleString()} entities of v{o.version}, event times from {utc(o.from)} to {utc(o.to)};
            materialised <TimeAgo at={o.at} />.
            {o.version !== view.version && <strong> The view is now v{view.version}: materialise again to serve it.</strong>}
          </>
        ) : (
          <span className="muted">
            Nothing materialised yet. Incremental runs go from the end of the last run (or the beginning) to now, never past now.
          </span>
        )}
      </p>
      <div className="inline-form">
        <button className="primary" disabled={run.running} onClick={() => void run.start({ view: view.name, mode: 'incremental' })}>
          Materialise incrementally
        </button>
        <Field label="Window start (UTC)">
          <input aria-label="Window start" value={start} onChange={(e) => setStart(e.target.value)} placeholder="2021-09-17 00:00" />
        </Field>
        <Field label="Window end (UTC)">
          <input aria-label="Window end" value={end} onChange={(e) => setEnd(e.target.value)} placeholder="now" />
        </Field>
        <button
          disabled={run.running}
          onClick={() => {
            const s = parse(start)
            const e = parse(end) ?? Date.now()
            void run.start({ view: view.name, mode: 'window', ...(s !== undefined ? { start: s } : {}), end: e })
          }}
        >
          Materialise window
        </button>
      </div>
      {run.running && <JobProgress job={run.job} label="Materialising" onCancel={run.cancel} />}
      {run.error && <ErrorNotice error={run.error} title="Materialisation failed" />}
      {run.result && (
        <p className="notice notice-ok">
          Read {run.result.rowsRead.toLocaleString()} rows, {run.result.rowsInWindow.toLocaleString()} in the window; wrote{' '}
          {run.result.keysWritten.toLocaleString()} keys ({run.result.keysTotal.toLocaleString()} stored) in{' '}
          {(run.result.durationMs / 1000).toFixed(1)} s.
        </p>
      )}
      {o && o.version === view.version && (
        <OnlineLookup
          features={view.current.features.map((f) => `${view.name}:${f.name}`)}
          keys={view.current.entities.map((e) => e.name)}
        />
      )}
    </section>
  )
}
