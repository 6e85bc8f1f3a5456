import type { Route } from '../../app/router'
import { NoSuchPage } from '../../components/NoSuchPage'
import { matchRoute, type RouteTable } from '../../lib/areaRouter'
import { CodePage } from './CodePage'
import { OnlinePage } from './OnlinePage'
import { TrainingSetNewPage } from './TrainingSetNewPage'
import { TrainingSetPage } from './TrainingSetPage'
import { TrainingSetsPage } from './TrainingSetsPage'
import { ViewEditorPage } from './ViewEditorPage'
import { ViewPage } from './ViewPage'
import { ViewsPage } from './ViewsPage'

/** The routes of the Features area. */
const ROUTES: RouteTable = [
  ['', () => <ViewsPage />],
  ['views/new', () => <ViewEditorPage />],
  ['views/~name', ({ text }) => <ViewPage key={text.name} name={text.name!} />],
  ['views/~name/edit', ({ text }) => <ViewEditorPage key={text.name} name={text.name!} />],
  ['training-sets', () => <TrainingSetsPage />],
  ['training-sets/new', () => <TrainingSetNewPage />],
  ['training-sets/new/~view', ({ text }) => <TrainingSetNewPage key={text.view} view={text.view} />],
  ['training-sets/:id', ({ ids }) => <TrainingSetPage key={ids.id} id={ids.id!} />],
  ['online', () => <OnlinePage />],
  ['code', () => <CodePage />]
]

export function FeaturesPage({ route }: { route: Route }) {
  return (
    matchRoute(route.parts, ROUTES) ?? (
      <NoSuchPage title="Features" path={route.path} back="/features" backLabel="Back to the feature views" />
    )
  )
}
