import { useState } from 'react'
import type { Route } from '../../app/router'
import { href, navigate } from '../../app/router'
import { NoSuchPage } from '../../components/NoSuchPage'
import { EmptyState, ErrorNotice, Loading, PageHeader } from '../../components/States'
import { matchRoute, type RouteTable } from '../../lib/areaRouter'
import { formatTime } from '../../lib/format'
import { useChannel } from '../../lib/queries'
import { ComparePage, ReportPage } from './ComparePage'
import { EvaluatePage } from './EvaluatePage'
import { ImportPage } from './ImportPage'
import { AliasBadge, StageBadge } from './badges'
import { ModelsNav } from './ModelsNav'
import { NewModelForm } from './ModelForms'
import { ModelPage } from './ModelPage'
import { RunsPage } from './RunsPage'
import { VersionPage } from './VersionPage'

/** The routes of the Models area (ids are positive integers; anything else is "no such page"). */
const ROUTES: RouteTable = [
  ['', () => <RegistryPage creating={false} />],
  ['new', () => <RegistryPage creating />],
  ['import', () => <ImportPage />],
  ['runs', () => <RunsPage />],
  ['compare/*items', ({ text }) => <ComparePage items={text.items} />],
  ['report/*items', ({ text }) => <ReportPage items={text.items} />],
  ['evaluate', () => <EvaluatePage key="" evaluationId={null} />],
  ['evaluate/:id', ({ ids }) => <EvaluatePage key={ids.id} evaluationId={ids.id!} />],
  ['version/:id', ({ ids }) => <VersionPage key={ids.id} id={ids.id!} editing={false} />],
  ['version/:id/edit', ({ ids }) => <VersionPage key={ids.id} id={ids.id!} editing />],
  [':id', ({ ids }) => <ModelPage key={ids.id} id={ids.id!} mode="view" />],
  [':id/edit', ({ ids }) => <ModelPage key={ids.id} id={ids.id!} mode="edit" />],
  [':id/register', ({ ids }) => <ModelPage key={ids.id} id={ids.id!} mode="register" />]
]

export function ModelsPage({ route }: { route: Route }) {
  return matchRoute(route.parts, ROUTES) ?? <NoSuchPage title="Models" path={route.path} back="/models" backLabel="Back to the registry" />
}

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
