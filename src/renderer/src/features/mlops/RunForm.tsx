import { useState } from 'react'
import type { JobDefinition } from '../../../../shared/contract/mlops'
import { navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { ErrorNotice } from '../../components/States'
import { useCommand } from '../../lib/queries'
import { fieldError } from './fieldError'

/** Start a run by hand: one input per parameter (choices as a list), optionally as a fine-tune of a version. */
export function RunForm({ job }: { job: JobDefinition }) {
  const start = useCommand('mlops:startRun', ['mlops:runs', 'mlops:jobs'])
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(job.params.map((p) => [p.name, p.default ?? ''])))
  const [parent, setParent] = useState('')
  return (
    <form
      className="card stacked-form"
      aria-label="Run the job"
      onSubmit={(e) => {
        e.preventDefault()
        const params = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''))
        start.mutate(
          { jobId: job.id, params, ...(parent.trim() ? { parentVersionId: Number(parent) } : {}) },
          { onSuccess: (r) => navigate(`/mlops/runs/${r.runId}`) }
        )
      }}
    >
      <h2>Run now</h2>
      <div className="form-row">
        {job.params.map((p) => (
          <Field
            key={p.name}
            label={`${p.name} (${p.isData ? 'training data' : p.type})`}
            error={fieldError(start.error, `params.${p.name}`)}
          >
            {p.type === 'choice' ? (
              <select value={values[p.name] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [p.name]: e.target.value }))}>
                {p.choices.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            ) : (
              <input
                value={values[p.name] ?? ''}
                inputMode={p.type === 'number' ? 'decimal' : undefined}
                onChange={(e) => setValues((v) => ({ ...v, [p.name]: e.target.value }))}
              />
            )}
          </Field>
        ))}
        <Field
          label="Fine-tune version id"
          error={fieldError(start.error, 'parentVersionId')}
          hint="Optional: start from this version’s artifact ({parent_artifact})."
        >
          <input value={parent} onChange={(e) => setParent(e.target.value)} inputMode="numeric" />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={start.isPending}>
          Start run
        </button>
      </div>
      {start.error && !fieldError(start.error, 'params') && !fieldError(start.error, 'parentVersionId') && (
        <ErrorNotice error={start.error} />
      )}
    </form>
  )
}
