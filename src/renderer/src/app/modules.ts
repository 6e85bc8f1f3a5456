/** Every renderer module; an area is available when it is listed here. Adding an area: see docs/adding-an-area.md. */
import type { AreaId } from '../../../shared/areas'
import type { ChannelName } from '../../../shared/contract'
import { EVENT_NAMES, type EventName } from '../../../shared/events'
import { alertsModule } from '../features/alerts/module'
import { costsModule } from '../features/costs/module'
import { dashboardsModule } from '../features/dashboards/module'
import { driftModule } from '../features/drift/module'
import { experimentsModule } from '../features/experiments/module'
import { explainModule } from '../features/explain/module'
import { extensionsModule } from '../features/extensions/module'
import { featuresModule } from '../features/features/module'
import { overviewModule, servicesModule } from '../features/health/module'
import { integrationsModule } from '../features/integrations/module'
import { jobsModule } from '../features/jobs/module'
import { logsModule } from '../features/logs/module'
import { metricsModule } from '../features/metrics/module'
import { mlopsModule } from '../features/mlops/module'
import { modelsModule } from '../features/models/module'
import { optimizeModule } from '../features/optimize/module'
import { settingsModule } from '../features/settings/module'
import { testingModule } from '../features/testing/module'
import type { PaletteAction, RendererModule } from './module'

export const MODULES: RendererModule[] = [
  overviewModule,
  dashboardsModule,
  servicesModule,
  alertsModule,
  testingModule,
  logsModule,
  modelsModule,
  driftModule,
  experimentsModule,
  explainModule,
  optimizeModule,
  featuresModule,
  mlopsModule,
  jobsModule,
  costsModule,
  metricsModule,
  integrationsModule,
  extensionsModule,
  settingsModule
]

const byArea = new Map<string, RendererModule>(MODULES.map((m) => [m.area, m]))
export const moduleFor = (area: string): RendererModule | undefined => byArea.get(area)
export const isAvailable = (area: AreaId): boolean => byArea.has(area)

/** Which queries each pushed event makes stale: the modules' declarations merged (null wins: everything). */
export const INVALIDATIONS: Record<EventName, ChannelName[] | null> = Object.fromEntries(
  EVENT_NAMES.map((e) => {
    const lists = MODULES.map((m) => m.invalidations?.[e]).filter((l) => l !== undefined)
    return [e, lists.includes(null) ? null : [...new Set(lists.flatMap((l) => l ?? []))]]
  })
) as Record<EventName, ChannelName[] | null>

export const THROTTLE_MS: Partial<Record<EventName, number>> = Object.assign({}, ...MODULES.map((m) => m.throttleMs ?? {}))

export const PALETTE_ACTIONS: PaletteAction[] = MODULES.flatMap((m) => m.actions ?? [])
