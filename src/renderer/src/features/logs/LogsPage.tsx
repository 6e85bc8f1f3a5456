import type { Route } from '../../app/router'
import { NoSuchPage } from '../../components/NoSuchPage'
import { PageHeader } from '../../components/States'
import { matchRoute, type RouteTable } from '../../lib/areaRouter'
import { IssuePage } from './IssuePage'
import { IssuesPage } from './IssuesPage'
import { LogsNav } from './LogsNav'
import { SearchPage } from './SearchPage'
import { SourceForm } from './SourceForm'
import { SourcesPage } from './SourcesPage'
import { TailPage } from './TailPage'

const ROUTES: RouteTable = [
  ['', () => <SearchPage />],
  ['at/:from/:to', ({ ids }) => <SearchPage at={{ from: ids.from!, to: ids.to!, query: '{source=~".+"}' }} />],
  ['at/:from/:to/~q', ({ ids, text }) => <SearchPage at={{ from: ids.from!, to: ids.to!, query: text.q ?? '' }} />],
  ['saved/:id', ({ ids }) => <SearchPage savedId={ids.id!} />],
  ['tail', () => <TailPage />],
  ['errors', () => <IssuesPage />],
  ['errors/:id', ({ ids }) => <IssuePage key={ids.id} id={ids.id!} />],
  ['sources', () => <SourcesPage />],
  ['sources/new', () => <SourceForm />],
  ['sources/:id', ({ ids }) => <SourceForm key={ids.id} id={ids.id!} />]
]

const TAB_OF: Record<string, string> = { tail: 'tail', errors: 'errors', sources: 'sources' }

/** #/logs (search), /logs/at/<from>/<to>/<query>, /logs/saved/<id>, /logs/tail, /logs/errors[/<id>], /logs/sources[/new|/<id>]. */
export function LogsPage({ route }: { route: Route }) {
  const page = matchRoute(route.parts, ROUTES)
  return (
    <div className="page logs-page">
      <PageHeader title="Logs" subtitle="Search and tail the logs of your services; errors grouped into issues." />
      <LogsNav active={TAB_OF[route.parts[0] ?? ''] ?? ''} />
      {page ?? <NoSuchPage title="Logs" path={route.path} back="/logs" backLabel="Back to the log search" />}
    </div>
  )
}
