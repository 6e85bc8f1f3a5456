import type { Route } from '../../app/router'
import { NoSuchPage } from '../../components/NoSuchPage'
import { matchRoute, type RouteTable } from '../../lib/areaRouter'
import { EnsemblePage } from './EnsemblePage'
import { EnsemblesPage } from './EnsemblesPage'
import { StudiesPage } from './StudiesPage'
import { VariantPage } from './VariantPage'
import { VariantsPage } from './VariantsPage'
import { StudyPage } from './StudyPage'

/** The routes of the Optimisation area. */
const ROUTES: RouteTable = [
  ['', () => <StudiesPage />],
  ['ensembles', () => <EnsemblesPage />],
  ['variants', () => <VariantsPage />],
  ['variants/:id', ({ ids }) => <VariantPage key={ids.id} id={ids.id!} />],
  ['ensembles/:id', ({ ids }) => <EnsemblePage key={ids.id} id={ids.id!} />],
  [':id', ({ ids }) => <StudyPage key={ids.id} id={ids.id!} />]
]

export function OptimizePage({ route }: { route: Route }) {
  return (
    matchRoute(route.parts, ROUTES) ?? (
      <NoSuchPage title="Optimisation" path={route.path} back="/optimize" backLabel="Back to the studies" />
    )
  )
}
