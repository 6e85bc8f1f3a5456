import { useState } from 'react'
import { FEATURE_TYPES, KEY_TYPES, type FeatureType, type KeyType, type ViewDetail } from '../../../../shared/contract/features'
import { AppError } from '../../../../shared/errors'
import { navigate } from '../../app/router'
import { Field } from '../../components/Field'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { FeaturesTabs } from './FeaturesTabs'
import { draftFromInspection, draftFromView, draftToInput, emptyDraft, type DraftErrors, type ViewDraft } from './viewDraft'

const QUERIES = ['features:views', 'features:view', 'features:exportYaml'] as const

/** New view, or edit one (a schema or source change makes a new version). */
export function ViewEditorPage({ name }: { name?: string }) {
  const view = useChannel('features:view', name ? { name } : undefined, { enabled: !!name })
  if (name && view.isPending) return <Loading what="feature view" />
  if (name && view.error) return <ErrorNotice error={view.error} />
  return <ViewForm key={name ?? 'new'} existing={name ? view.data! : null} />
}

function ViewForm({ existing }: { existing: ViewDetail | null }) {
  const [d, setD] = useState<ViewDraft>(() => (existing ? draftFromView(existing) : emptyDraft()))
  const [errors, setErrors] = useState<DraftErrors>({})
  const inspect = useCommand('features:inspectSource')
  const save = useCommand('features:saveView', [...QUERIES])
  const set = <K extends keyof ViewDraft>(k: K, v: ViewDraft[K]): void => setD((x) => ({ ...x, [k]: v }))
  const serverField = save.error instanceof AppError ? save.error.field : undefined
  const fieldError = (key: string, local?: string): string | undefined =>
    local ?? (serverField?.startsWith(key) ? save.error!.message : undefined)

  const submit = (): void => {
    const { input, errors: errs } = draftToInput(d)
    setErrors(errs)
    if (!input) return
    save.mutate(input, { onSuccess: (r) => navigate(`/features/views/${r.view.name}`) })
  }

  return (
    <div className="page features-page">
      <PageHeader
        title={existing ? `Edit ${existing.name}` : 'New feature view'}
        subtitle={
          existing
            ? `Now v${existing.version}. Changing join keys, timestamps, feature names or types, or the source makes v${existing.version + 1}; description, owner, tags, TTL and feature descriptions change in place.`
            : 'A view reads a CSV or Parquet file (or a folder of them) again whenever it is used.'
        }
      />
      <FeaturesTabs current="" />
      <form
        className="card stacked-form"
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <h2>Source</h2>
        <div className="form-row">
          <Field
            label="Source file or folder"
            className="grow"
            error={fieldError('source', errors.sourcePath ?? inspect.error?.message)}
            hint="An absolute path: a .csv/.parquet file or a folder of them."
          >
            <input
              className="mono"
              aria-label="Source file or folder"
              value={d.sourcePath}
              onChange={(e) => set('sourcePath', e.target.value)}
              placeholder="/data/driver_stats.parquet"
            />
          </Field>
          <div className="form-actions">
            <button
              type="button"
              disabled={!d.sourcePath.trim() || inspect.isPending}
              onClick={() => inspect.mutate({ path: d.sourcePath.trim() }, { onSuccess: (r) => setD((x) => draftFromInspection(x, r)) })}
            >
              {inspect.isPending ? 'Reading…' : 'Inspect'}
            </button>
          </div>
        </div>
        {inspect.data && (
          <p className="muted small">
            {inspect.data.format.toUpperCase()}, {inspect.data.files.length} file{inspect.data.files.length > 1 ? 's' : ''}; columns:{' '}
            {inspect.data.columns.map((c) => `${c.name} (${c.type})`).join(', ')}
          </p>
        )}
        <h2>Definition</h2>
        <div className="form-row">
          <Field label="View name" error={fieldError('name', errors.name)}>
            <input
              aria-label="View name"
              value={d.name}
              disabled={!!existing}
              onChange={(e) => set('name', e.target.value)}
              placeholder="driver_stats"
            />
          </Field>
          <Field label="Owner">
            <input aria-label="Owner" value={d.owner} onChange={(e) => set('owner', e.target.value)} placeholder="team or person" />
          </Field>
          <Field label="TTL" className="narrow" error={fieldError('ttlSeconds', errors.ttl)} hint="0 = no limit; 90s, 15m, 2h, 1d 12h">
            <input aria-label="TTL" value={d.ttl} onChange={(e) => set('ttl', e.target.value)} />
          </Field>
        </div>
        <Field label="Description">
          <input aria-label="Description" value={d.description} onChange={(e) => set('description', e.target.value)} />
        </Field>
        <div className="form-row">
          <Field label="Event timestamp column" error={fieldError('timestampField', errors.timestampField)}>
            <input
              className="mono"
              aria-label="Event timestamp column"
              value={d.timestampField}
              onChange={(e) => set('timestampField', e.target.value)}
            />
          </Field>
          <Field
            label="Created timestamp column"
            hint="optional: breaks ties, filters late backfills"
            error={fieldError('createdTimestampField')}
          >
            <input
              className="mono"
              aria-label="Created timestamp column"
              value={d.createdTimestampField}
              onChange={(e) => set('createdTimestampField', e.target.value)}
            />
          </Field>
          <Field label="Tags" hint="key=value, one per line" error={fieldError('tags', errors.tags)}>
            <textarea aria-label="Tags" rows={2} value={d.tags} onChange={(e) => set('tags', e.target.value)} />
          </Field>
        </div>
        <fieldset className="features-keys">
          <legend>Join keys (entity)</legend>
          {d.entities.map((k, i) => (
            <div key={i} className="form-row">
              <input
                className="mono"
                aria-label={`Join key ${i + 1}`}
                value={k.name}
                onChange={(e) =>
                  set(
                    'entities',
                    d.entities.map((x, j) => (j === i ? { ...x, name: e.target.value } : x))
                  )
                }
              />
              <select
                aria-label={`Type of join key ${i + 1}`}
                value={k.type}
                onChange={(e) =>
                  set(
                    'entities',
                    d.entities.map((x, j) => (j === i ? { ...x, type: e.target.value as KeyType } : x))
                  )
                }
              >
                {KEY_TYPES.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
              {d.entities.length > 1 && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() =>
                    set(
                      'entities',
                      d.entities.filter((_, j) => j !== i)
                    )
                  }
                >
                  remove
                </button>
              )}
            </div>
          ))}
          {d.entities.length < 5 && (
            <button type="button" className="link-button" onClick={() => set('entities', [...d.entities, { name: '', type: 'string' }])}>
              add a join key
            </button>
          )}
          {fieldError('entities', errors.entities) && (
            <span className="field-error" role="alert">
              {fieldError('entities', errors.entities)}
            </span>
          )}
        </fieldset>
        <h2>Features</h2>
        {d.features.length === 0 ? (
          <p className="muted">No features yet: Inspect the source to list its columns, or add one.</p>
        ) : (
          <table className="table compact">
            <thead>
              <tr>
                <th>Name (column)</th>
                <th>Type</th>
                <th>Description</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {d.features.map((f, i) => (
                <tr key={i}>
                  <td>
                    <input
                      className="mono"
                      aria-label={`Feature ${i + 1} name`}
                      value={f.name}
                      onChange={(e) =>
                        set(
                          'features',
                          d.features.map((x, j) => (j === i ? { ...x, name: e.target.value } : x))
                        )
                      }
                    />
                  </td>
                  <td>
                    <select
                      aria-label={`Type of ${f.name || `feature ${i + 1}`}`}
                      value={f.type}
                      onChange={(e) =>
                        set(
                          'features',
                          d.features.map((x, j) => (j === i ? { ...x, type: e.target.value as FeatureType } : x))
                        )
                      }
                    >
                      {FEATURE_TYPES.map((t) => (
                        <option key={t}>{t}</option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      aria-label={`Description of ${f.name || `feature ${i + 1}`}`}
                      value={f.description}
                      onChange={(e) =>
                        set(
                          'features',
                          d.features.map((x, j) => (j === i ? { ...x, description: e.target.value } : x))
                        )
                      }
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() =>
                        set(
                          'features',
                          d.features.filter((_, j) => j !== i)
                        )
                      }
                    >
                      remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <button
          type="button"
          className="link-button"
          onClick={() => set('features', [...d.features, { name: '', type: 'float64', description: '', tags: {} }])}
        >
          add a feature
        </button>
        {fieldError('features', errors.features) && (
          <span className="field-error" role="alert">
            {fieldError('features', errors.features)}
          </span>
        )}
        {save.error && !serverField && <ErrorNotice error={save.error} title="Not saved" />}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save view'}
          </button>
          <button type="button" onClick={() => navigate(existing ? `/features/views/${existing.name}` : '/features')}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  )
}
