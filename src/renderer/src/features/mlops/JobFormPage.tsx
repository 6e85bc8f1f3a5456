import { useEffect, useState } from 'react'
import { navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { fieldError } from './fieldError'
import { DraftError, emptyDraft, fromDefinition, toInput, type JobDraft } from './jobDraft'
import { MlopsNav } from './MlopsNav'

/** Define or change a job: command template, typed parameters, limits, what it produces and the retraining pipeline. */
export function JobFormPage({ id }: { id?: number }) {
  const existing = useChannel('mlops:job', { id: id ?? 1 }, { enabled: id !== undefined })
  const save = useCommand('mlops:saveJob', ['mlops:jobs', 'mlops:job'])
  const [d, setD] = useState<JobDraft>(emptyDraft)
  const [draftError, setDraftError] = useState<DraftError | null>(null)
  useEffect(() => {
    if (existing.data) setD(fromDefinition(existing.data))
  }, [existing.data])
  if (id !== undefined && !existing.data) return existing.error ? <ErrorNotice error={existing.error} /> : <Loading what="the job" />
  const set =
    <K extends keyof JobDraft>(k: K) =>
    (v: JobDraft[K]) =>
      setD((x) => ({ ...x, [k]: v }))
  const err = (f: string): string | undefined => (draftError?.field === f ? draftError.message : fieldError(save.error, f))
  const text = (k: keyof JobDraft, label: string, hint?: string, placeholder?: string) => (
    <Field label={label} error={err(k === 'holdoutPath' ? 'pipeline' : k)} hint={hint}>
      <input value={String(d[k])} onChange={(e) => set(k)(e.target.value as never)} placeholder={placeholder} />
    </Field>
  )
  return (
    <div className="page">
      <PageHeader title="MLOps" subtitle={id ? `Change the job “${existing.data?.name}”.` : 'Define a training job.'} />
      <MlopsNav current={id ? '' : 'new'} />
      <form
        className="card stacked-form"
        aria-label="Job definition"
        onSubmit={(e) => {
          e.preventDefault()
          setDraftError(null)
          try {
            save.mutate(toInput(d, id), { onSuccess: (j) => navigate(`/mlops/jobs/${j.id}`) })
          } catch (x) {
            if (x instanceof DraftError) setDraftError(x)
            else throw x
          }
        }}
      >
        <h2>The command</h2>
        <div className="form-row">
          {text('name', 'Name', undefined, 'retrain churn')}
          {text('workingDir', 'Working folder', 'An absolute folder the command runs in.', '/srv/train')}
        </div>
        <Field
          label="Command"
          error={err('command')}
          hint="Each word is one argument; {name} is a parameter. {output_dir}, {run_id} and {parent_artifact} are filled in by the console. No shell is involved."
        >
          <input className="mono" value={d.command} onChange={(e) => set('command')(e.target.value)} />
        </Field>
        <div className="form-row">
          <Field
            label="Parameters"
            error={err('params')}
            hint="One per line: name:type=default; type is string, number, path, data (training data) or choice[a|b]."
          >
            <textarea className="mono" rows={4} value={d.params} onChange={(e) => set('params')(e.target.value)} />
          </Field>
          <Field label="Environment" error={err('env')} hint="NAME=value per line.">
            <textarea className="mono" rows={4} value={d.env} onChange={(e) => set('env')(e.target.value)} />
          </Field>
          <Field
            label="Secret environment"
            error={err('secretEnv')}
            hint="Sealed at rest and never shown again; leave blank to keep the stored ones."
          >
            <textarea className="mono" rows={4} value={d.secretEnv} onChange={(e) => set('secretEnv')(e.target.value)} />
          </Field>
        </div>
        <div className="form-row">
          {text('timeoutSec', 'Timeout (s)')}
          {text('retries', 'Tries', 'Default 3.')}
          {text('backoffSec', 'Between tries (s)', 'Default 120 (2 minutes).')}
          {text('concurrency', 'Runs at once')}
        </div>
        <h2>What it produces</h2>
        <div className="form-row">
          <Field label="Output" error={err('output')}>
            <select value={d.output} onChange={(e) => set('output')(e.target.value as JobDraft['output'])}>
              <option value="mlflow">An MLflow run under {'{output_dir}'}</option>
              <option value="metrics">metrics.json and an artifact in {'{output_dir}'}</option>
            </select>
          </Field>
          {text('artifactPath', 'Artifact', 'Inside the run’s artifacts (MLflow) or the output folder.')}
        </div>
        <h2>Retraining pipeline</h2>
        <div className="form-row">
          {text('modelName', 'Register as model', 'Leave empty to register nothing.', 'churn')}
          <Field label="On pass" error={err('promoteTo')}>
            <select value={d.promoteTo} onChange={(e) => set('promoteTo')(e.target.value as JobDraft['promoteTo'])}>
              {['champion', 'challenger', 'Staging', 'Production', 'none'].map((p) => (
                <option key={p} value={p}>
                  {p === 'none' ? 'register only' : p}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="form-row">
          {text(
            'holdoutPath',
            'Holdout file',
            'Evaluate each new version and the champion on it (the Models area). Empty: the gate reads the run’s metrics.'
          )}
          {text('labelColumn', 'Label column')}
          {text('predictionColumn', 'Prediction column', 'In predictions.csv inside the version’s artifact.')}
        </div>
        <div className="form-row">
          {text('gateMetric', 'Gate metric')}
          {text('gateThreshold', 'Threshold', 'The candidate must reach it.')}
          {text('gateMinAbs', 'Min. absolute gain', 'Over the champion.')}
          {text('gateMinRel', 'Min. relative gain (%)', 'Over the champion.')}
          <label className="checkbox">
            <input type="checkbox" checked={d.lowerIsBetter} onChange={(e) => set('lowerIsBetter')(e.target.checked)} /> Lower is better
          </label>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {id ? 'Save job' : 'Create job'}
          </button>
        </div>
        {save.error && !['name', 'command', 'workingDir', 'params', 'env', 'secretEnv', 'pipeline', 'artifactPath'].some((f) => err(f)) && (
          <ErrorNotice error={save.error} />
        )}
      </form>
    </div>
  )
}
