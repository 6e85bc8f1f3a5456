import type { Route } from '../../app/router'
import { NoSuchPage } from '../../components/NoSuchPage'
import { matchRoute, type RouteTable } from '../../lib/areaRouter'
import { AdvicePage } from './AdvicePage'
import { ExplorePage } from './ExplorePage'
import { FleetPage } from './FleetPage'
import { RulesPage } from './RulesPage'
import { ServicePage } from './ServicePage'
import { SourcesPage } from './SourcesPage'

/** The routes of the Metrics area. */
const ROUTES: RouteTable = [
  ['', () => <FleetPage />],
  ['service/~name', ({ text }) => <ServicePage key={text.name} service={decodeURIComponent(text.name!)} />],
  ['explore', () => <ExplorePage />],
  ['rules', () => <RulesPage />],
  ['advice', () => <AdvicePage />],
  ['sources', () => <SourcesPage />]
]

export function MetricsPage({ route }: { route: Route }) {
  return matchRoute(route.parts, ROUTES) ?? <NoSuchPage title="Metrics" path={route.path} back="/metrics" backLabel="Back to the fleet" />
}
