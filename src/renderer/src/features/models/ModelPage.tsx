import { ConfirmButton } from '../../components/ConfirmButton'
import { href, navigate } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatTime } from '../../lib/format'
import { RankedTable } from './RankedTable'
import { useChannel, useCommand } from '../../lib/queries'
import { CardEditor, ModelDetailsForm, REGISTRY_QUERIES } from './ModelForms'
import { ModelsNav } from './ModelsNav'
import { AliasBadge } from './badges'
import { RegisterVersionForm } from './VersionForms'

/** One model: its versions ranked by their metrics (pick two or more, or the top N, to compare), aliases, owner and tags, card. */
export function ModelPage({ id, mode }: { id: number; mode: 'view' | 'edit' | 'register' }) {
  const model = useChannel('models:get', { id })
  const update = useCommand('models:update', [...REGISTRY_QUERIES])
  const removeAlias = useCommand('models:removeAlias', [...REGISTRY_QUERIES])
  const remove = useCommand('models:delete', [...REGISTRY_QUERIES])
  if (model.isPending)
    return (
      <div className="page">
        <Loading what="model" />
      </div>
    )
  if (model.error)
    return (
      <div className="page">
        <ErrorNotice error={model.error} />
      </div>
    )
  const m = model.data
  const base = `/models/${id}`
  return (
    <div className="page">
      <PageHeader
        title={m.name}
        subtitle={m.description || 'No description'}
        actions={
          <>
            <a className="button-link" href={href(`/mlops/lineage/${encodeURIComponent(m.name)}`)}>
              Lineage graph
            </a>
            {mode !== 'edit' && <button onClick={() => navigate(`${base}/edit`)}>Edit model</button>}
            <ConfirmButton
              className="danger"
              disabled={remove.isPending}
              question={`Delete the model “${m.name}” with its ${m.versions.length} version(s), their aliases and stage history? Imported runs stay.`}
              onConfirm={() => remove.mutate({ id }, { onSuccess: () => navigate('/models') })}
            >
              Delete model
            </ConfirmButton>
            {mode !== 'register' && (
              <button className="primary" onClick={() => navigate(`${base}/register`)}>
                Register version
              </button>
            )}
          </>
        }
      />
      <ModelsNav active="none" />
      {(remove.error || removeAlias.error) && <ErrorNotice error={remove.error ?? removeAlias.error} />}
      {mode === 'register' && <RegisterVersionForm model={m} onCancel={() => navigate(base)} />}
      {mode === 'edit' && <ModelDetailsForm model={m} onDone={() => navigate(base)} />}
      <div className="grid two align-start">
        <section className="card models-card">
          <h2>Owner and tags</h2>
          <dl className="facts">
            <dt>Owner</dt>
            <dd>{m.owner || <span className="muted">none yet (Edit model to name one)</span>}</dd>
            <dt>Tags</dt>
            <dd>
              {Object.entries(m.tags).map(([k, v]) => (
                <span key={k}>
                  <span className="tag">
                    {k}={v}
                  </span>{' '}
                </span>
              ))}
              {!Object.keys(m.tags).length && '—'}
            </dd>
            <dt>Created</dt>
            <dd>{formatTime(m.createdAt)}</dd>
            <dt>Updated</dt>
            <dd>{formatTime(m.updatedAt)}</dd>
          </dl>
          <h2>Aliases</h2>
          {m.aliases.length ? (
            <ul className="alias-list">
              {m.aliases.map((a) => (
                <li key={a.alias}>
                  <AliasBadge alias={a.alias} /> → v{a.version}{' '}
                  <button
                    type="button"
                    className="link-button"
                    disabled={removeAlias.isPending}
                    aria-label={`Remove alias ${a.alias}`}
                    onClick={() => removeAlias.mutate({ modelId: id, alias: a.alias })}
                  >
                    remove
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No aliases. Open a version to point “champion” or “challenger” at it.</p>
          )}
        </section>
        <section className="card models-card">
          <h2>Model card</h2>
          <CardEditor
            card={m.card}
            label="Model card (Markdown)"
            pending={update.isPending}
            error={update.error}
            onSave={(card, done) => update.mutate({ id, card }, { onSuccess: done })}
          />
        </section>
      </div>
      <section className="card models-card">
        <h2>Versions</h2>
        {m.versions.length === 0 ? (
          <EmptyState
            title="No versions yet"
            action={
              mode !== 'register' && (
                <button className="primary" onClick={() => navigate(`${base}/register`)}>
                  Register the first version
                </button>
              )
            }
          >
            Register a version from an imported run or an artifact file{mode === 'register' ? ' with the form above' : ''}, or import the
            model’s MLflow registry.
          </EmptyState>
        ) : (
          <RankedTable kind="version" modelId={id} />
        )}
      </section>
    </div>
  )
}
