import { useEffect, useMemo, useState } from 'react'
import { RETRIEVAL_ENGINES, type ExportFormat, type RetrievalEngine } from '../../../../shared/contract/features'
import { AppError } from '../../../../shared/errors'
import { navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { JobProgress } from '../../components/JobProgress'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useJobCommand } from '../../lib/jobs'
import { useChannel } from '../../lib/queries'
import { FeaturesTabs } from './FeaturesTabs'

const fieldError = (err: unknown, field: string): string | undefined =>
  err instanceof AppError && err.field === field ? err.message : undefined

/** Pick an entity file and features (current or pinned versions), then build the training set as a job. */
export function TrainingSetNewPage({ view: preselect }: { view?: string | undefined }) {
  const views = useChannel('features:views')
  const [name, setName] = useState('')
  const [entityPath, setEntityPath] = useState('')
  const [timestampColumn, setTimestampColumn] = useState('event_timestamp')
  const [picked, setPicked] = useState<Set<string>>(new Set())
  const [pins, setPins] = useState<Record<string, string>>({})
  const [filter, setFilter] = useState(false)
  const [fullNames, setFullNames] = useState(false)
  const [format, setFormat] = useState<ExportFormat>('parquet')
  const [engine, setEngine] = useState<RetrievalEngine>('auto')
  const build = useJobCommand<'features:createTrainingSet', { trainingSetId: number }>('features:createTrainingSet', [
    'features:trainingSets',
    'features:views'
  ])
  const done = build.result?.trainingSetId
  useEffect(() => {
    if (done) navigate(`/features/training-sets/${done}`)
  }, [done])
  useEffect(() => {
    if (!preselect || !views.data) return
    const v = views.data.find((x) => x.name === preselect)
    if (v) setPicked((p) => (p.size ? p : new Set(v.features.map((f) => `${v.name}:${f}`))))
  }, [preselect, views.data])
  const refs = useMemo(
    () =>
      [...picked].map((key) => {
        const [view, feature] = key.split(':') as [string, string]
        const pin = pins[view]
        return pin ? `${view}@v${pin}:${feature}` : key
      }),
    [picked, pins]
  )
  const toggle = (key: string): void =>
    setPicked((p) => {
      const n = new Set(p)
      if (n.has(key)) n.delete(key)
      else n.add(key)
      return n
    })

  return (
    <div className="page features-page">
      <PageHeader
        title="New training set"
        subtitle="Each entity row gets, per view, the latest feature row with its keys and an event time in [row time − TTL, row time]."
      />
      <FeaturesTabs current="training-sets" />
      <form
        className="card stacked-form"
        onSubmit={(e) => {
          e.preventDefault()
          void build.start({
            name: name.trim(),
            entityPath: entityPath.trim(),
            timestampColumn: timestampColumn.trim(),
            features: refs,
            filterByCreatedTimestamp: filter,
            fullFeatureNames: fullNames,
            format,
            engine
          })
        }}
      >
        <div className="form-row">
          <Field label="Training set name" error={fieldError(build.error, 'name')}>
            <input aria-label="Training set name" value={name} onChange={(e) => setName(e.target.value)} placeholder="eta_train_2021_09" />
          </Field>
          <Field
            label="Entity file"
            className="grow"
            error={fieldError(build.error, 'entityPath')}
            hint="CSV or Parquet: join keys, the timestamp column and any labels (kept as they are)."
          >
            <input
              className="mono"
              aria-label="Entity file"
              value={entityPath}
              onChange={(e) => setEntityPath(e.target.value)}
              placeholder="/data/entity_df.csv"
            />
          </Field>
          <Field label="Timestamp column" className="narrow">
            <input
              className="mono"
              aria-label="Timestamp column"
              value={timestampColumn}
              onChange={(e) => setTimestampColumn(e.target.value)}
            />
          </Field>
        </div>
        <h2>Features</h2>
        {views.isPending && <Loading what="feature views" />}
        {views.data?.length === 0 && <p className="muted">No feature views yet: define one first.</p>}
        {views.data?.map((v) => (
          <fieldset key={v.name} className="features-pick">
            <legend>
              <span className="mono">{v.name}</span>{' '}
              <select
                aria-label={`Version of ${v.name}`}
                value={pins[v.name] ?? ''}
                onChange={(e) => setPins((p) => ({ ...p, [v.name]: e.target.value }))}
              >
                <option value="">current (v{v.version})</option>
                {Array.from({ length: v.versionCount }, (_, i) => (
                  <option key={i} value={String(i)}>
                    pinned v{i}
                  </option>
                ))}
              </select>
            </legend>
            {v.features.map((f) => (
              <label key={f} className="checkbox">
                <input
                  type="checkbox"
                  checked={picked.has(`${v.name}:${f}`)}
                  onChange={() => toggle(`${v.name}:${f}`)}
                  aria-label={`${v.name}:${f}`}
                />{' '}
                <span className="mono">{f}</span>
              </label>
            ))}
          </fieldset>
        ))}
        {fieldError(build.error, 'features') && (
          <span className="field-error" role="alert">
            {fieldError(build.error, 'features')}
          </span>
        )}
        <div className="form-row">
          <label className="checkbox">
            <input type="checkbox" checked={filter} onChange={(e) => setFilter(e.target.checked)} /> Only values created by the row’s time
            (created_ts ≤ entity time: late backfills cannot leak)
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={fullNames} onChange={(e) => setFullNames(e.target.checked)} /> Full feature names
            (view__feature)
          </label>
        </div>
        <div className="form-row">
          <Field label="Format" className="narrow">
            <select aria-label="Format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
              <option value="parquet">Parquet</option>
              <option value="csv">CSV</option>
            </select>
          </Field>
          <Field label="Engine" className="narrow" hint="auto: DuckDB, TypeScript where DuckDB cannot load">
            <select aria-label="Engine" value={engine} onChange={(e) => setEngine(e.target.value as RetrievalEngine)}>
              {RETRIEVAL_ENGINES.map((x) => (
                <option key={x}>{x}</option>
              ))}
            </select>
          </Field>
        </div>
        {build.running && <JobProgress job={build.job} label="Building the training set" onCancel={build.cancel} />}
        {build.error && !['name', 'entityPath', 'features'].some((f) => fieldError(build.error, f)) && (
          <ErrorNotice error={build.error} title="Not built" />
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={build.running || refs.length === 0 || !name.trim() || !entityPath.trim()}>
            Build training set ({refs.length} feature{refs.length === 1 ? '' : 's'})
          </button>
        </div>
      </form>
    </div>
  )
}
