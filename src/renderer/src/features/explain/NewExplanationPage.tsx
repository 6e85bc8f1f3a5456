import { useEffect, useState } from 'react'
import { ALGORITHM_LABELS } from '../../../../shared/contract/explain'
import { AppError } from '../../../../shared/errors'
import { href, navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { JobProgress } from '../../components/JobProgress'
import { ErrorNotice, PageHeader } from '../../components/States'
import { useJobCommand } from '../../lib/jobs'
import { useChannel } from '../../lib/queries'
import { ExplainNav } from './ExplainNav'
import { algorithmsFor, emptyDraft, toInput, type ExplainDraft, type Source } from './explainDraft'

const ALGORITHM_HELP = {
  'tree-path': 'exact; the expectation over the training data the tree covers record (no background needed)',
  'tree-interventional': 'exact; features outside a coalition take values from background rows',
  permutation: 'sampled, antithetic permutations; shows each value’s standard error',
  kernel: 'weighted regression over coalitions; exact when 2M + 2048 samples cover them all'
} as const

const SOURCES: [Source, string][] = [
  ['version', 'A registry version (its artifact)'],
  ['file', 'A model file'],
  ['endpoint', 'An HTTP endpoint'],
  ['batch', 'A predictions-file folder']
]

/** Explain rows of a data file: pick the model, the data and the algorithm; the job's progress follows here. */
export function NewExplanationPage() {
  const [d, setD] = useState<ExplainDraft>(emptyDraft)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const versions = useChannel('models:versions')
  const endpoints = useChannel('explain:endpoints')
  const [inspectOf, setInspectOf] = useState<{ versionId: number } | { modelPath: string } | null>(null)
  const inspect = useChannel('explain:inspectModel', inspectOf ?? undefined, { enabled: inspectOf !== null, retry: false })
  const run = useJobCommand<'explain:explainDataset', { explanationId: number }>('explain:explainDataset', ['explain:list'])
  const set = <K extends keyof ExplainDraft>(k: K, v: ExplainDraft[K]): void => setD((p) => ({ ...p, [k]: v }))
  const done = run.result?.explanationId
  useEffect(() => {
    if (done) navigate(`/explain/${done}`)
  }, [done])
  const serverError = (field: string): string | undefined =>
    errors[field] ?? (run.error instanceof AppError && run.error.field === field ? run.error.message : undefined)

  const submit = (): void => {
    const r = toInput(d)
    setErrors(r.errors ?? {})
    if (r.input) void run.start(r.input)
  }
  const algorithms = algorithmsFor(d.source)
  const model = inspectOf ? inspect.data : undefined

  return (
    <div className="page">
      <PageHeader title="Explainability" subtitle="New explanation: SHAP values for every row of a data file." />
      <ExplainNav current="new" />
      <section className="card">
        <form
          className="stacked-form"
          onSubmit={(e) => {
            e.preventDefault()
            submit()
          }}
        >
          <fieldset className="explain-sources">
            <legend>Model</legend>
            {SOURCES.map(([s, label]) => (
              <label key={s} className="inline-choice">
                <input
                  type="radio"
                  name="source"
                  checked={d.source === s}
                  onChange={() =>
                    setD((p) => ({
                      ...p,
                      source: s,
                      algorithm: algorithmsFor(s).includes(p.algorithm) ? p.algorithm : algorithmsFor(s)[0]!
                    }))
                  }
                />{' '}
                {label}
              </label>
            ))}
          </fieldset>
          {d.source === 'version' && (
            <Field
              label="Version"
              error={serverError('versionId')}
              hint="Its artifact must be an XGBoost or LightGBM JSON model (or a folder holding one)."
            >
              <select value={d.versionId} onChange={(e) => set('versionId', e.target.value)}>
                <option value="">Pick a version…</option>
                {versions.data?.map((v) => (
                  <option key={v.id} value={v.id}>
                    {v.modelName} v{v.version} {v.stage !== 'None' ? `(${v.stage})` : ''}
                  </option>
                ))}
              </select>
            </Field>
          )}
          {d.source === 'file' && (
            <Field
              label="Model file"
              error={serverError('modelPath')}
              hint="XGBoost save_model JSON or LightGBM dump_model JSON, on the machine running the console."
            >
              <input value={d.modelPath} onChange={(e) => set('modelPath', e.target.value)} placeholder="/models/churn/model.json" />
            </Field>
          )}
          {(d.source === 'version' || d.source === 'file') && (
            <div className="form-row">
              <button
                type="button"
                onClick={() =>
                  setInspectOf(d.source === 'version' ? { versionId: Number(d.versionId) } : { modelPath: d.modelPath.trim() })
                }
                disabled={d.source === 'version' ? !d.versionId : !d.modelPath.trim()}
              >
                Inspect model
              </button>
              {model && (
                <span className="small" role="status">
                  {model.format} {model.formatVersion} · {model.objective} · {model.trees} trees, depth ≤ {model.maxDepth} ·{' '}
                  {model.features.length} features · {model.outputs.length} output{model.outputs.length > 1 ? 's' : ''}
                  {model.notes.length ? ` · ${model.notes.join('; ')}` : ''}
                </span>
              )}
            </div>
          )}
          {inspectOf && inspect.error && <ErrorNotice error={inspect.error} title="The model cannot be explained" />}
          {d.source === 'endpoint' && (
            <Field
              label="Endpoint"
              error={serverError('endpointId')}
              hint={
                <>
                  The console calls only endpoints listed under <a href={href('/explain/endpoints')}>Endpoints</a>.
                </>
              }
            >
              <select value={d.endpointId} onChange={(e) => set('endpointId', e.target.value)}>
                <option value="">Pick an endpoint…</option>
                {endpoints.data?.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name} ({e.url})
                  </option>
                ))}
              </select>
            </Field>
          )}
          {d.source === 'batch' && (
            <Field
              label="Batch folder"
              error={serverError('batchDir')}
              hint="The console writes batch-000001.csv there and waits for batch-000001.predictions.csv."
            >
              <input value={d.batchDir} onChange={(e) => set('batchDir', e.target.value)} placeholder="/tmp/shap-batches" />
            </Field>
          )}
          <Field label="Data file" error={serverError('dataPath')} hint="CSV or Parquet with a column per feature (matched by name).">
            <input value={d.dataPath} onChange={(e) => set('dataPath', e.target.value)} placeholder="/data/churn/holdout.csv" />
          </Field>
          <Field label="Algorithm" error={serverError('algorithm')} hint={ALGORITHM_HELP[d.algorithm]}>
            <select value={d.algorithm} onChange={(e) => set('algorithm', e.target.value as ExplainDraft['algorithm'])}>
              {algorithms.map((a) => (
                <option key={a} value={a}>
                  {ALGORITHM_LABELS[a]}
                </option>
              ))}
            </select>
          </Field>
          <div className="form-row">
            <Field label="Rows (at most)" error={serverError('rows')} hint="A seeded sample when the file has more.">
              <input value={d.rows} onChange={(e) => set('rows', e.target.value)} inputMode="numeric" />
            </Field>
            <Field label="Seed" error={serverError('seed')}>
              <input value={d.seed} onChange={(e) => set('seed', e.target.value)} inputMode="numeric" />
            </Field>
            <Field label="Columns that are not features" error={serverError('exclude')} hint="Comma-separated, e.g. customer_id, churned.">
              <input value={d.exclude} onChange={(e) => set('exclude', e.target.value)} />
            </Field>
          </div>
          {d.algorithm !== 'tree-path' && (
            <div className="form-row">
              <Field label="Background rows" error={serverError('backgroundRows')} hint="100 to 1,000 rows stand in for “feature unknown”.">
                <input value={d.backgroundRows} onChange={(e) => set('backgroundRows', e.target.value)} inputMode="numeric" />
              </Field>
              <Field label="Background file (optional)" error={serverError('backgroundPath')} hint="Default: sampled from the data file.">
                <input value={d.backgroundPath} onChange={(e) => set('backgroundPath', e.target.value)} />
              </Field>
            </div>
          )}
          {d.algorithm === 'permutation' && (
            <Field label="max_evals (coalitions per row)" error={serverError('maxEvals')}>
              <input value={d.maxEvals} onChange={(e) => set('maxEvals', e.target.value)} inputMode="numeric" />
            </Field>
          )}
          {d.algorithm === 'kernel' && (
            <Field label="nsamples (coalitions per row)" error={serverError('nsamples')} hint="Empty: 2M + 2048.">
              <input value={d.nsamples} onChange={(e) => set('nsamples', e.target.value)} inputMode="numeric" />
            </Field>
          )}
          {d.algorithm === 'tree-path' && (
            <label className="inline-choice">
              <input type="checkbox" checked={d.interactions} onChange={(e) => set('interactions', e.target.checked)} /> SHAP interaction
              values (rows × features² numbers; colours the dependence plot by the strongest interaction)
            </label>
          )}
          {serverError('interactions') && <span className="field-error">{serverError('interactions')}</span>}
          <Field label="Name (optional)">
            <input value={d.name} onChange={(e) => set('name', e.target.value)} placeholder="version · data file" />
          </Field>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={run.running}>
              Explain
            </button>
          </div>
        </form>
        {(run.running || run.job) && <JobProgress job={run.job} onCancel={run.cancel} label="Explanation progress" />}
        {run.cancelled && <p className="muted">Cancelled: nothing was kept.</p>}
        {run.error && !(run.error instanceof AppError && run.error.field) && (
          <ErrorNotice error={run.error} title="The explanation failed" />
        )}
      </section>
    </div>
  )
}
