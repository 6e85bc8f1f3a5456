import { useState } from 'react'
import type { Route } from '../../app/router'
import { href, navigate } from '../../app/router'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { SubNav } from '../../components/SubNav'
import { formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { ComparePage, ReportPage } from './ComparePage'
import { EvaluatePage } from './EvaluatePage'
import { ImportPage } from './ImportPage'
import { NewModelForm } from './ModelForms'
import { ModelPage } from './ModelPage'
import { VersionPage } from './VersionPage'

export function ModelsNav({ active }: { active: string }) {
  const items = [
    ['', 'Registry'],
    ['compare', 'Compare'],
    ['evaluate', 'Evaluate'],
    ['import', 'Import']
  ] as const
  return (
    <SubNav label="Models" items={items.map(([p, label]) => ({ href: href(`/models${p ? `/${p}` : ''}`), label, active: active === p }))} />
  )
}

/**
 * #/models[/new], /models/<id>[/edit|/register], /models/version/<id>[/edit], /models/compare/<items>,
 * /models/report/<items>, /models/evaluate[/<evaluation id>], /models/import.
 */
export function ModelsPage({ route }: { route: Route }) {
  const [sub, arg, mode] = route.parts
  if (!sub || sub === 'new') return <RegistryPage creating={sub === 'new'} />
  if (sub === 'import') return <ImportPage />
  if (sub === 'compare') return <ComparePage items={arg} />
  if (sub === 'report') return <ReportPage items={arg} />
  if (sub === 'evaluate') return <EvaluatePage key={arg ?? ''} evaluationId={Number(arg) > 0 ? Number(arg) : null} />
  if (sub === 'version' && Number(arg) > 0) return <VersionPage key={arg} id={Number(arg)} editing={mode === 'edit'} />
  if (Number(sub) > 0) return <ModelPage key={sub} id={Number(sub)} mode={arg === 'edit' || arg === 'register' ? arg : 'view'} />
  return (
    <div className="page">
      <PageHeader title="Models" />
      <EmptyState title="No such page" action={<a href={href('/models')}>Back to the registry</a>}>
        “{sub}” is not a page of Models.
      </EmptyState>
    </div>
  )
}

export function StageBadge({ stage }: { stage: string }) {
  return <span className={`badge stage-${stage.toLowerCase()}`}>{stage}</span>
}
export const AliasBadge = ({ alias }: { alias: string }) => <span className="tag alias">@{alias}</span>

function RegistryPage({ creating }: { creating: boolean }) {
  const [search, setSearch] = useState('')
  const models = useChannel('models:list', { search })
  return (
    <div className="page">
      <PageHeader
        title="Models"
        subtitle="Registered models, their versions, stages and aliases."
        actions={
          <>
            <a className="button-link" href={href('/models/import')}>
              Import from MLflow…
            </a>
            {!creating && (
              <button className="primary" onClick={() => navigate('/models/new')}>
                New model
              </button>
            )}
          </>
        }
      />
      <ModelsNav active="" />
      {creating && <NewModelForm onCancel={() => navigate('/models')} />}
      <div className="toolbar">
        <input
          type="search"
          className="wide"
          placeholder="Search models by name, owner, tag…"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          aria-label="Search models"
        />
      </div>
      {models.isPending && <Loading what="models" />}
      {models.error && <ErrorNotice error={models.error} />}
      {models.data && models.data.length === 0 && search && (
        <EmptyState title="No model matches" action={<button onClick={() => setSearch('')}>Clear the search</button>}>
          Nothing is named, owned or tagged “{search}”. Try another search, or register it with New model.
        </EmptyState>
      )}
      {models.data && models.data.length === 0 && !search && (
        <EmptyState
          title="No models yet"
          action={
            <>
              {!creating && (
                <button className="primary" onClick={() => navigate('/models/new')}>
                  Register a model
                </button>
              )}{' '}
              <a className="button-link" href={href('/models/import')}>
                Import an mlruns folder or mlflow.db
              </a>
            </>
          }
        >
          {creating
            ? 'Fill in the form above; the model then gets versions from imported runs or artifact files.'
            : 'Register a model by hand, or import an MLflow file store, an mlflow.db or a CSV/JSON metric table to fill the registry.'}
        </EmptyState>
      )}
      {models.data && models.data.length > 0 && (
        <table className="table models-table">
          <thead>
            <tr>
              <th>Model</th>
              <th>Owner</th>
              <th className="num">Versions</th>
              <th>Stages</th>
              <th>Aliases</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {models.data.map((m) => (
              <tr key={m.id}>
                <td>
                  <a href={href(`/models/${m.id}`)}>{m.name}</a>
                  {m.description && <div className="muted small">{m.description}</div>}
                </td>
                <td>{m.owner || <span className="muted">—</span>}</td>
                <td className="num">
                  {m.versionCount}
                  {m.latestVersion !== null && <span className="muted small"> (latest v{m.latestVersion})</span>}
                </td>
                <td>
                  {Object.entries(m.stages).map(([s, n]) => (
                    <span key={s} className="nowrap">
                      <StageBadge stage={s} /> {n}{' '}
                    </span>
                  ))}
                </td>
                <td>
                  {m.aliases.map((a) => (
                    <span key={a.alias}>
                      <AliasBadge alias={a.alias} /> v{a.version}{' '}
                    </span>
                  ))}
                </td>
                <td className="nowrap">{formatTime(m.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
