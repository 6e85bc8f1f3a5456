import { useState } from 'react'
import { href, navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { TimeAgo } from '../../components/TimeAgo'
import { useChannel, useCommand } from '../../lib/queries'
import { fieldError } from './fieldError'
import { runPillProps } from './labels'
import { MlopsNav } from './MlopsNav'
import { RunsTable } from './RunsTable'

/** Job definitions, an MLproject import, and the latest runs. */
export function JobsPage() {
  const jobs = useChannel('mlops:jobs')
  const importIt = useCommand('mlops:importMlproject', ['mlops:jobs'])
  const [mlproject, setMlproject] = useState('')
  return (
    <div className="page">
      <PageHeader
        title="MLOps"
        subtitle="Training jobs that retrain on a schedule, on drift or on new data; a gate keeps worse models out; new versions reach their endpoints safely."
        actions={
          <a className="button-link primary" href={href('/mlops/new')}>
            New job
          </a>
        }
      />
      <MlopsNav current="" />
      <section className="card">
        <h2>Jobs</h2>
        {jobs.error && <ErrorNotice error={jobs.error} />}
        {!jobs.data && !jobs.error && <Loading what="jobs" />}
        {jobs.data && jobs.data.length === 0 && (
          <EmptyState title="No jobs yet">
            Define a job (a command with typed parameters), or import one from an MLproject file below.
          </EmptyState>
        )}
        {jobs.data && jobs.data.length > 0 && (
          <table className="table" aria-label="Jobs">
            <thead>
              <tr>
                <th>Name</th>
                <th>Command</th>
                <th>Registers</th>
                <th>Last run</th>
              </tr>
            </thead>
            <tbody>
              {jobs.data.map((j) => (
                <tr key={j.id}>
                  <td>
                    <a href={href(`/mlops/jobs/${j.id}`)}>{j.name}</a>
                  </td>
                  <td className="mono small">{j.command}</td>
                  <td>{j.pipeline ? `${j.pipeline.modelName} → ${j.pipeline.promoteTo}` : <span className="muted">nothing</span>}</td>
                  <td>
                    {j.lastRun ? (
                      <a href={href(`/mlops/runs/${j.lastRun.id}`)}>
                        <span {...runPillProps(j.lastRun.state)} /> #{j.lastRun.id} <TimeAgo at={j.lastRun.startedAt} />
                      </a>
                    ) : (
                      <span className="muted">never run</span>
                    )}
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
            importIt.mutate({ path: mlproject.trim() }, { onSuccess: (j) => navigate(`/mlops/jobs/${j.id}`) })
          }}
        >
          <div className="form-row">
            <Field
              label="Import an MLproject file"
              error={fieldError(importIt.error, 'path')}
              hint="Its main entry point becomes a job; parameters keep their types and defaults."
            >
              <input value={mlproject} onChange={(e) => setMlproject(e.target.value)} placeholder="/path/to/project/MLproject" />
            </Field>
          </div>
          <div className="form-actions">
            <button type="submit">Import</button>
          </div>
          {importIt.error && !fieldError(importIt.error, 'path') && <ErrorNotice error={importIt.error} />}
        </form>
      </section>
      <section className="card">
        <h2>Latest runs</h2>
        <RunsTable limit={20} />
      </section>
    </div>
  )
}
