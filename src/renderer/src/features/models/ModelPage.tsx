import { useState } from 'react'
import { ConfirmButton } from '../../components/ConfirmButton'
import { href, navigate } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { formatTime } from '../../lib/format'
import { useChannel, useCommand } from '../../lib/queries'
import { CardEditor, ModelDetailsForm, REGISTRY_QUERIES } from './ModelForms'
import { ModelsNav } from './ModelsNav'
import { AliasBadge, StageBadge } from './badges'
import { RegisterVersionForm } from './VersionForms'

/** One model: its versions (pick two or more to compare), aliases, owner and tags, card; edit it or register a version. */
export function ModelPage({ id, mode }: { id: number; mode: 'view' | 'edit' | 'register' }) {
  const model = useChannel('models:get', { id })
  const update = useCommand('models:update', [...REGISTRY_QUERIES])
  const removeAlias = useCommand('models:removeAlias', [...REGISTRY_QUERIES])
  const remove = useCommand('models:delete', [...REGISTRY_QUERIES])
  const [picked, setPicked] = useState<number[]>([])
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
  const toggle = (vid: number): void => setPicked((p) => (p.includes(vid) ? p.filter((x) => x !== vid) : [...p, vid].slice(-20)))
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
            {m.versions.length > 1 && (
              <button
                disabled={picked.length < 2}
                onClick={() => navigate(`/models/compare/${picked.map((p) => `v${p}`).join(',')}`)}
                title={picked.length < 2 ? 'Tick two or more versions below' : undefined}
              >
                Compare {picked.length || ''} selected
              </button>
            )}
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
          <div className="table-scroll">
            <table className="table compact">
              <thead>
                <tr>
                  <th aria-label="Select" />
                  <th>Version</th>
                  <th>Stage</th>
                  <th>Aliases</th>
                  <th>Run</th>
                  <th>Description</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {m.versions.map((v) => (
                  <tr key={v.id}>
                    <td>
                      <input
                        type="checkbox"
                        checked={picked.includes(v.id)}
                        onChange={() => toggle(v.id)}
                        aria-label={`Select v${v.version}`}
                      />
                    </td>
                    <td>
                      <a href={href(`/models/version/${v.id}`)}>v{v.version}</a>
                    </td>
                    <td>
                      <StageBadge stage={v.stage} />
                    </td>
                    <td>
                      {v.aliases.map((a) => (
                        <AliasBadge key={a} alias={a} />
                      ))}
                    </td>
                    <td className="nowrap">
                      {v.runName ?? <span className="muted">—</span>}
                      {v.runUuid && <span className="mono small muted"> {v.runUuid.slice(0, 8)}</span>}
                    </td>
                    <td className="ellipsis" title={v.description || undefined}>
                      {v.description || <span className="muted">—</span>}
                    </td>
                    <td className="nowrap">{formatTime(v.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  )
}
