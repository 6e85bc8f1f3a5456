import { useState } from 'react'
import { PageHeader, ErrorNotice } from '../../components/States'
import { JobProgress } from '../../components/JobProgress'
import { useJobCommand } from '../../lib/jobs'
import type { ImportReport } from '../../../../shared/contract'
import { ModelsNav } from './ModelsNav'
import { ReasonButton } from '../../components/ReasonButton'

type Kind = 'models:importMlruns' | 'models:importMlflowDb' | 'models:importTable'
const KINDS: { channel: Kind; title: string; hint: string; placeholder: string }[] = [
  {
    channel: 'models:importMlruns',
    title: 'MLflow file store (mlruns folder)',
    hint: 'A folder with experiment folders and models/, or a folder containing one or more mlruns folders.',
    placeholder: '/home/me/project/mlruns'
  },
  {
    channel: 'models:importMlflowDb',
    title: 'MLflow SQLite store (mlflow.db)',
    hint: 'The backend store file of `mlflow server --backend-store-uri sqlite:///mlflow.db`.',
    placeholder: '/home/me/project/mlflow.db'
  },
  {
    channel: 'models:importTable',
    title: 'Metric table (CSV or JSON)',
    hint: 'Wide: a run column and one column per metric. Long: run, metric, value and optional step.',
    placeholder: '/home/me/results.csv'
  }
]

export function ImportPage() {
  return (
    <div className="page">
      <PageHeader
        title="Models"
        subtitle="Import runs and the model registry. Paths are on the machine running the console; importing again only adds what changed."
      />
      <ModelsNav active="import" />
      <div className="grid two">
        {KINDS.map((k) => (
          <ImportCard key={k.channel} {...k} />
        ))}
      </div>
    </div>
  )
}

function ImportCard({ channel, title, hint, placeholder }: (typeof KINDS)[number]) {
  const [path, setPath] = useState('')
  const run = useJobCommand<Kind, ImportReport>(channel, [
    'models:list',
    'models:get',
    'models:versions',
    'models:runs',
    'models:version',
    'models:table'
  ])
  return (
    <section className="card models-card">
      <h2>{title}</h2>
      <p className="muted small">{hint}</p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          void run.start({ path: path.trim() })
        }}
      >
        <input
          className="mono wide"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder={placeholder}
          aria-label={`${title} path`}
        />
        <ReasonButton
          className="primary"
          type="submit"
          busy={run.running}
          disabledReason={path.trim() ? null : 'Enter a path on the machine running the console'}
        >
          Import
        </ReasonButton>
      </form>
      {run.job && <JobProgress job={run.job} onCancel={run.cancel} label={`${title} import progress`} />}
      {run.cancelled && <p className="notice">Import cancelled; nothing was written.</p>}
      {Boolean(run.error) && <ErrorNotice error={run.error} title="Import failed; nothing was written" />}
      {run.result && <ImportReportView report={run.result} />}
    </section>
  )
}

export function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <div className="import-report" role="status" aria-label="Import report">
      <p className="notice notice-ok">
        Imported in {(report.durationMs / 1000).toFixed(1)} s: {report.runs.created} new, {report.runs.updated} updated and{' '}
        {report.runs.unchanged} unchanged run(s) from {report.experiments} experiment(s)
        {report.runs.deleted > 0 &&
          `, plus ${report.runs.deleted} run(s) deleted in MLflow (kept, hidden unless “Show deleted runs” is ticked)`}
        ; {report.metricPoints.toLocaleString()} metric points in {report.metricSeries} series, {report.params} params, {report.tags} tags;{' '}
        {report.models} model(s), {report.versions.created} new and {report.versions.updated} updated version(s), {report.aliases}{' '}
        alias(es).
      </p>
      {report.stores.length > 1 && (
        <p className="small">
          Stores:{' '}
          {report.stores.map((s) => (
            <code key={s}>{s} </code>
          ))}
        </p>
      )}
      {report.skipped.length > 0 && (
        <details open>
          <summary>Skipped {report.skipped.length} item(s)</summary>
          <ul className="small">
            {report.skipped.map((s, i) => (
              <li key={i}>
                <code>{s.path}</code>: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.warnings.length > 0 && (
        <details>
          <summary>{report.warnings.length} warning(s)</summary>
          <ul className="small">
            {report.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}
