import { lazy, Suspense, type ComponentType } from 'react'
import { AREAS } from '../../../shared/areas'
import { Loading } from '../components/States'
import { NotAvailable } from './NotAvailable'
import type { Route } from './router'

type Page = ComponentType<{ route: Route }>

/** Each area's code loads when it is first opened, so the first screen does not wait for all of them. */
const page = <K extends string>(load: () => Promise<Record<K, Page>>, name: K) => lazy(async () => ({ default: (await load())[name] }))

/** Area id → its page. Areas not built yet fall through to NotAvailable. */
const PAGES: Record<string, Page> = {
  overview: page(() => import('../features/overview/OverviewPage'), 'OverviewPage'),
  services: page(() => import('../features/services/ServicesPage'), 'ServicesPage'),
  alerts: page(() => import('../features/alerts/AlertsArea'), 'AlertsArea'),
  integrations: page(() => import('../features/integrations/IntegrationsPage'), 'IntegrationsPage'),
  costs: page(() => import('../features/costs/CostsPage'), 'CostsPage'),
  drift: page(() => import('../features/drift/DriftPage'), 'DriftPage'),
  models: page(() => import('../features/models/ModelsPage'), 'ModelsPage'),
  settings: page(() => import('../features/settings/SettingsPage'), 'SettingsPage')
}

export function PageFor({ route }: { route: Route }) {
  const area = AREAS.find((a) => a.id === route.area)
  const Page = area?.available ? PAGES[route.area] : undefined
  if (!Page) return <NotAvailable area={route.area} />
  return (
    <Suspense
      fallback={
        <div className="page">
          <Loading what={area?.label ?? 'page'} />
        </div>
      }
    >
      <Page route={route} />
    </Suspense>
  )
}
