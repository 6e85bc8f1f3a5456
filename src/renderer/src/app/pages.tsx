import { Suspense } from 'react'
import { AREAS } from '../../../shared/areas'
import { Loading } from '../components/States'
import { moduleFor } from './modules'
import { NotAvailable } from './NotAvailable'
import type { Route } from './router'

/** The page of the route's area (its own chunk, loaded on first visit); areas not built yet say so. */
export function PageFor({ route }: { route: Route }) {
  const Page = moduleFor(route.area)?.page
  if (!Page) return <NotAvailable area={route.area} />
  return (
    <Suspense
      fallback={
        <div className="page">
          <Loading what={AREAS.find((a) => a.id === route.area)?.label ?? 'page'} />
        </div>
      }
    >
      <Page route={route} />
    </Suspense>
  )
}
