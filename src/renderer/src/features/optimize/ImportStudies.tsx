import { useState } from 'react'
import type { StudyImportReport } from '../../../../shared/contract/optimize'
import { AppError } from '../../../../shared/errors'
import { Field } from '../../components/Field'
import { JobProgress } from '../../components/JobProgress'
import { ErrorNotice } from '../../components/States'
import { useJobCommand } from '../../lib/jobs'

/** Import form: a path to an Optuna storage; the import runs as a job with progress and cancel. */
export function ImportStudies() {
  const [path, setPath] = useState('')
  const run = useJobCommand<'optimize:importStudies', StudyImportReport>('optimize:importStudies', ['optimize:studies'])
  const fieldError = run.error instanceof AppError && run.error.field === 'path' ? run.error.message : undefined
  return (
    <section className="card" aria-labelledby="import-heading">
      <h2 id="import-heading">Import an Optuna storage</h2>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault()
          void run.start({ path: path.trim() })
        }}
      >
        <Field
          label="Storage file"
          error={fieldError}
          hint="An RDB storage in SQLite (sqlite:///study.db) or a journal file (JournalFileStorage). Every study in it is imported; importing it again adds new trials."
        >
          <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/tuning/optuna.db" spellCheck={false} />
        </Field>
        <button className="primary" type="submit" disabled={!path.trim() || run.running}>
          Import
        </button>
      </form>
      {run.running && <JobProgress job={run.job} onCancel={run.cancel} label="Import progress" />}
      {run.error !== null && !fieldError && <ErrorNotice error={run.error} title="The import failed" />}
      {run.result && (
        <div className="report-list" aria-label="Import report">
          <p className="small">
            {run.result.kind === 'rdb' ? 'RDB storage' : 'Journal storage'} · {run.result.studies.length} studies
          </p>
          <ul className="small">
            {run.result.studies.map((s) => (
              <li key={s.id}>
                <strong>{s.name}</strong>: {s.trials.toLocaleString('en-US')} trials ({s.added.toLocaleString('en-US')} new,{' '}
                {s.updated.toLocaleString('en-US')} updated), {s.intermediate.toLocaleString('en-US')} intermediate values written
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
