import type { Route } from '../../app/router'
import { NoSuchPage } from '../../components/NoSuchPage'
import { matchRoute, type RouteTable } from '../../lib/areaRouter'
import { DeploymentsPage } from './DeploymentsPage'
import { JobFormPage } from './JobFormPage'
import { JobPage } from './JobPage'
import { JobsPage } from './JobsPage'
import { LineagePage } from './LineagePage'
import { RetentionForm } from './RetentionForm'
import { RunPage } from './RunPage'
import { RunsTable } from './RunsTable'
import { MlopsNav } from './MlopsNav'
import { PageHeader } from '../../components/States'

const ROUTES: RouteTable = [
  ['', () => <JobsPage />],
  ['new', () => <JobFormPage />],
  ['jobs/:id', ({ ids }) => <JobPage key={ids.id} id={ids.id!} />],
  ['jobs/:id/edit', ({ ids }) => <JobFormPage key={ids.id} id={ids.id!} />],
  [
    'runs',
    () => (
      <div className="page">
        <PageHeader title="MLOps" subtitle="Every run of every job, newest first." />
        <MlopsNav current="runs" />
        <section className="card">
          <RunsTable />
        </section>
        <RetentionForm />
      </div>
    )
  ],
  ['runs/:id', ({ ids }) => <RunPage key={ids.id} id={ids.id!} />],
  ['deployments', () => <DeploymentsPage />],
  ['lineage', () => <LineagePage />],
  ['lineage/~model', ({ text }) => <LineagePage model={text.model!} />]
]

export function MlopsPage({ route }: { route: Route }) {
  return matchRoute(route.parts, ROUTES) ?? <NoSuchPage title="MLOps" path={route.path} back="/mlops" backLabel="Back to the jobs" />
}
