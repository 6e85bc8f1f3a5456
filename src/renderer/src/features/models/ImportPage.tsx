import { useState } from 'react'
import { PageHeader, ErrorNotice } from '../../components/States'
import { call } from '../../lib/client'
import { useCommand } from '../../lib/queries'
import type { ImportReport } from '../../../../shared/contract'
import { ModelsNav } from './ModelsPage'
import { newJobId, useJobProgress } from './useJob'

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
  const [jobId, setJobId] = useState<string | null>(null)
  const progress = useJobProgress(jobId)
  const run = useCommand(channel, ['models:list', 'models:get', 'models:versions', 'models:runs', 'models:version'])
  const submit = (): void => {
    const id = newJobId()
    setJobId(id)
    run.mutate({ path: path.trim(), jobId: id })
  }
  return (
    <section className="card models-card">
      <h2>{title}</h2>
      <p className="muted small">{hint}</p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <input
          className="mono wide"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          placeholder={placeholder}
          aria-label={`${title} path`}
        />
        <button className="primary" type="submit" disabled={!path.trim() || run.isPending}>
          Import
        </button>
        {run.isPending && jobId && (
          <button type="button" onClick={() => void call('models:cancel', { jobId })}>
            Cancel
          </button>
        )}
      </form>
      {run.isPending && (
        <div className="import-progress" role="status">
          <progress max={progress?.total ?? undefined} value={progress?.total ? progress.done : undefined} />{' '}
          {progress?.message ?? 'starting…'}
        </div>
      )}
      {run.error && <ErrorNotice error={run.error} title="Import failed; nothing was written" />}
      {run.data && <ImportReportView report={run.data} />}
    </section>
  )
}

export function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <div className="import-report" role="status" aria-label="Import report">
      <p className="notice notice-ok">
        Imported in {(report.durationMs / 1000).toFixed(1)} s: {report.runs.created} new, {report.runs.updated} updated and{' '}
        {report.runs.unchanged} unchanged run(s) from {report.experiments} experiment(s); {report.metricPoints.toLocaleString()} metric
        points in {report.metricSeries} series, {report.params} params, {report.tags} tags; {report.models} model(s),{' '}
        {report.versions.created} new and {report.versions.updated} updated version(s), {report.aliases} alias(es).
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
