import type { Route } from '../../app/router'
import { NoSuchPage } from '../../components/NoSuchPage'
import { matchRoute, type RouteTable } from '../../lib/areaRouter'
import { ComparePage } from './ComparePage'
import { EndpointsPage } from './EndpointsPage'
import { ExplanationPage } from './ExplanationPage'
import { ExplanationsPage } from './ExplanationsPage'
import { NewExplanationPage } from './NewExplanationPage'
import { RowPage } from './RowPage'

/** The routes of the Explainability area. */
const ROUTES: RouteTable = [
  ['', () => <ExplanationsPage />],
  ['new', () => <NewExplanationPage />],
  ['row', () => <RowPage />],
  ['endpoints', () => <EndpointsPage />],
  [':id', ({ ids }) => <ExplanationPage key={ids.id} id={ids.id!} />],
  ['compare/:a/:b', ({ ids }) => <ComparePage key={`${ids.a}-${ids.b}`} a={ids.a!} b={ids.b!} />]
]

export function ExplainPage({ route }: { route: Route }) {
  return (
    matchRoute(route.parts, ROUTES) ?? (
      <NoSuchPage title="Explainability" path={route.path} back="/explain" backLabel="Back to the explanations" />
    )
  )
}
