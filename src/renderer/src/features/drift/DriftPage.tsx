import type { Route } from '../../app/router'
import { NoSuchPage } from '../../components/NoSuchPage'
import { matchRoute, type RouteTable } from '../../lib/areaRouter'
import { CheckEditorPage } from './CheckEditorPage'
import { CheckPage } from './CheckPage'
import { ChecksListPage } from './ChecksListPage'
import { ColumnPage } from './ColumnPage'
import { DatasetPage } from './DatasetPage'
import { DatasetsPage } from './DatasetsPage'
import { ImportPage } from './ImportPage'
import { RunPage } from './RunPage'

/** The routes of the Drift area. */
const ROUTES: RouteTable = [
  ['', () => <ChecksListPage />],
  ['datasets', () => <DatasetsPage />],
  ['datasets/import', () => <ImportPage />],
  ['datasets/:id', ({ ids }) => <DatasetPage key={ids.id} id={ids.id!} />],
  ['checks/new', () => <CheckEditorPage />],
  ['checks/:id', ({ ids }) => <CheckPage key={ids.id} id={ids.id!} />],
  ['checks/:id/edit', ({ ids }) => <CheckEditorPage key={ids.id} id={ids.id!} />],
  ['runs/:run', ({ ids }) => <RunPage key={ids.run} runId={ids.run!} />],
  ['runs/:run/~column', ({ ids, text }) => <ColumnPage key={`${ids.run}/${text.column}`} runId={ids.run!} column={text.column!} />]
]

export function DriftPage({ route }: { route: Route }) {
  return (
    matchRoute(route.parts, ROUTES) ?? <NoSuchPage title="Drift" path={route.path} back="/drift" backLabel="Back to the drift checks" />
  )
}
