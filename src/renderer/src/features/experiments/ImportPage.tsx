import { useState } from 'react'
import type { ExperimentImportReport, SumsReport } from '../../../../shared/contract/experiments'
import { AppError } from '../../../../shared/errors'
import { Field } from '../../components/Field'
import { JobProgress } from '../../components/JobProgress'
import { SegmentedControl } from '../../components/SegmentedControl'
import { ErrorNotice } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useJobCommand } from '../../lib/jobs'
import { useChannel } from '../../lib/queries'
import { formatUnits } from './format'

const fieldError = (err: unknown, field: string): string | undefined =>
  err instanceof AppError && err.field === field ? err.message : undefined
const REFRESH = ['experiments:get', 'experiments:list', 'experiments:results', 'experiments:timeseries', 'experiments:power'] as const

/** Either report: an import of files has exposures and events, one of sums has rows. */
type Report = Partial<ExperimentImportReport> & Partial<Omit<SumsReport, 'unitsPerVariation' | 'seconds'>>

/** What the last import read and left out. */
function ExperimentImportReport({ report, names }: { report: Report; names: string[] }) {
  const x = report.exposures
  const ev = report.events
  return (
    <dl className="report-list">
      {x && (
        <>
          <dt>Exposures</dt>
          <dd>
            {formatUnits(x.rows)} rows, {formatUnits(x.units)} units
            {x.multiExposed > 0 && (
              <>
                ; <strong>{formatUnits(x.multiExposed)} units seen in more than one variation, left out</strong> (e.g.{' '}
                {x.multiExposedExamples.slice(0, 5).join(', ')})
              </>
            )}
            {x.unknownVariation > 0 &&
              `; ${formatUnits(x.unknownVariation)} rows with an unknown variation (${x.unknownVariationValues.join(', ')})`}
            {x.emptyIds > 0 && `; ${formatUnits(x.emptyIds)} rows without a unit id`}
          </dd>
        </>
      )}
      {ev && (
        <>
          <dt>Events</dt>
          <dd>
            {formatUnits(ev.rows)} rows: {formatUnits(ev.kept)} counted, {formatUnits(ev.preExposure)} before exposure for CUPED,{' '}
            {formatUnits(ev.outsideWindow)} after their conversion window, {formatUnits(ev.beforeExposure)} before exposure (not used),{' '}
            {formatUnits(ev.unknownUnit)} of units never exposed, {formatUnits(ev.excludedUnit)} of left-out units
            {ev.otherEvents > 0 && `, ${formatUnits(ev.otherEvents)} of events no metric uses (${ev.otherEventNames.join(', ')})`}
          </dd>
        </>
      )}
      {report.unitsPerVariation && (
        <>
          <dt>Units per variation</dt>
          <dd>{report.unitsPerVariation.map((u, i) => `${names[i] ?? i} ${formatUnits(u)}`).join(' · ')}</dd>
        </>
      )}
      {report.firstDay && (
        <>
          <dt>Days</dt>
          <dd>
            {report.firstDay} to {report.lastDay}
          </dd>
        </>
      )}
      {report.rows !== undefined && !ev && (
        <>
          <dt>Rows</dt>
          <dd>
            {formatUnits(report.rows)}
            {report.unknownMetrics?.length ? `; rows of metrics not in this experiment skipped: ${report.unknownMetrics.join(', ')}` : ''}
          </dd>
        </>
      )}
      {report.seconds !== undefined && (
        <>
          <dt>Time</dt>
          <dd>
            {report.seconds.toFixed(1)} s{report.rowsPerSecond ? ` (${formatUnits(report.rowsPerSecond)} rows/s)` : ''}
          </dd>
        </>
      )}
    </dl>
  )
}

/** Import exposure and event files, or pre-aggregated sums; the import runs as a job on a worker and replaces the data. */
export function ImportPage({ id }: { id: number }) {
  const x = useChannel('experiments:get', { id })
  const [mode, setMode] = useState<'events' | 'sums'>('events')
  const [exposures, setExposures] = useState('')
  const [events, setEvents] = useState('')
  const [covariates, setCovariates] = useState('')
  const [sums, setSums] = useState('')
  const evJob = useJobCommand<'experiments:importEvents', Report>('experiments:importEvents', [...REFRESH])
  const sumsJob = useJobCommand<'experiments:importSums', Report>('experiments:importSums', [...REFRESH])
  if (!x.data) return null
  const e = x.data
  const job = mode === 'events' ? evJob : sumsJob
  const last = e.lastImport
  return (
    <>
      <section className="card">
        <SegmentedControl
          label="What to import"
          value={mode}
          onChange={setMode}
          options={[
            { id: 'events', label: 'Exposure and event files' },
            { id: 'sums', label: 'Pre-aggregated sums' }
          ]}
        />
        {mode === 'events' ? (
          <form
            className="stacked-form"
            onSubmit={(ev) => {
              ev.preventDefault()
              void evJob.start({ id, exposures: exposures.trim(), events: events.trim(), covariates: covariates.trim() || null })
            }}
          >
            <p className="muted small">
              CSV (plain or gzip) or Parquet, on the machine that runs the console. Exposures: <code>{e.hashAttribute}</code> (or unit_id),{' '}
              <code>variation</code> (key, name or index), <code>timestamp</code>
              {e.dimensions.length ? (
                <>
                  , and the dimension columns <code>{e.dimensions.join(', ')}</code>
                </>
              ) : null}
              . Events: unit id, <code>event</code>, <code>value</code>, <code>timestamp</code>. The earliest exposure counts; units seen in
              two variations are left out and reported.
            </p>
            <Field label="Exposures file" error={fieldError(evJob.error, 'exposures')}>
              <input
                className="mono"
                value={exposures}
                onChange={(ev) => setExposures(ev.target.value)}
                placeholder="/data/exp/exposures.csv"
                aria-label="Exposures file"
              />
            </Field>
            <Field label="Events file" error={fieldError(evJob.error, 'events')}>
              <input
                className="mono"
                value={events}
                onChange={(ev) => setEvents(ev.target.value)}
                placeholder="/data/exp/events.parquet"
                aria-label="Events file"
              />
            </Field>
            <Field
              label="Covariates file (optional)"
              error={fieldError(evJob.error, 'covariates')}
              hint={`Unit id, event, value: each unit's value before the experiment, for CUPED. Without it, events in the ${e.cupedLookbackDays} days before exposure are used.`}
            >
              <input
                className="mono"
                value={covariates}
                onChange={(ev) => setCovariates(ev.target.value)}
                placeholder="(none)"
                aria-label="Covariates file"
              />
            </Field>
            <div className="form-actions">
              <button type="submit" className="primary" disabled={evJob.running || !exposures.trim() || !events.trim()}>
                Import
              </button>
            </div>
          </form>
        ) : (
          <form
            className="stacked-form"
            onSubmit={(ev) => {
              ev.preventDefault()
              void sumsJob.start({ id, path: sums.trim() })
            }}
          >
            <p className="muted small">
              One row per metric, variation (and dimension value, date): <code>metric, variation, n, x, xx</code> and for ratios and CUPED{' '}
              <code>d, dd, xd, p, pp, xp</code> — or GrowthBook’s query output (
              <code>users, main_sum, main_sum_squares, denominator_sum, main_covariate_sum_product</code> …) as it is.
            </p>
            <Field label="Sums file" error={fieldError(sumsJob.error, 'path')}>
              <input
                className="mono"
                value={sums}
                onChange={(ev) => setSums(ev.target.value)}
                placeholder="/data/exp/sums.csv"
                aria-label="Sums file"
              />
            </Field>
            <div className="form-actions">
              <button type="submit" className="primary" disabled={sumsJob.running || !sums.trim()}>
                Import
              </button>
            </div>
          </form>
        )}
        {(job.running || job.job) && <JobProgress job={job.job} onCancel={job.cancel} label="Import progress" />}
        {job.error && !fieldError(job.error, 'exposures') && !fieldError(job.error, 'events') && !fieldError(job.error, 'path') && (
          <ErrorNotice error={job.error} title="The import failed; the previous data are kept" />
        )}
      </section>
      {last && (
        <section className="card">
          <h2>Last import</h2>
          <p className="muted small">
            {last.state === 'ready' ? 'Imported' : last.state === 'failed' ? 'Failed' : 'Importing'}{' '}
            {formatTime(last.readyAt ?? last.createdAt)} · {last.files.map((f) => f.split(/[\\/]/).pop()).join(' + ')}
          </p>
          {last.report && <ExperimentImportReport report={last.report as Report} names={e.variations.map((v) => v.name)} />}
        </section>
      )}
    </>
  )
}
