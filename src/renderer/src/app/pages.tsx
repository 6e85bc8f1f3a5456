import type { ComponentType } from 'react'
import { AREAS } from '../../../shared/areas'
import { AlertsArea } from '../features/alerts/AlertsArea'
import { CostsPage } from '../features/costs/CostsPage'
import { DriftPage } from '../features/drift/DriftPage'
import { IntegrationsPage } from '../features/integrations/IntegrationsPage'
import { ModelsPage } from '../features/models/ModelsPage'
import { OverviewPage } from '../features/overview/OverviewPage'
import { ServicesPage } from '../features/services/ServicesPage'
import { SettingsPage } from '../features/settings/SettingsPage'
import { NotAvailable } from './NotAvailable'
import type { Route } from './router'

/** Area id → its page. Areas not built yet fall through to NotAvailable. */
const PAGES: Record<string, ComponentType<{ route: Route }>> = {
  overview: OverviewPage,
  services: ServicesPage,
  alerts: AlertsArea,
  integrations: IntegrationsPage,
  costs: CostsPage,
  drift: DriftPage,
  models: ModelsPage,
  settings: SettingsPage
}

export function PageFor({ route }: { route: Route }) {
  const area = AREAS.find((a) => a.id === route.area)
  const Page = area?.available ? PAGES[route.area] : undefined
  return Page ? <Page route={route} /> : <NotAvailable area={route.area} />
}
