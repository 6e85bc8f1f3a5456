/**
 * Every area module, in start order: an area that offers a port (health, logs) comes before the areas that use it
 * (alerts, costs; models and drift before features). Adding an area: add its module here (see docs/adding-an-area.md).
 */
import type { ChannelName } from '../shared/contract'
import type { ModuleChannels } from './core/module'
import { alertsModule } from './services/alerts/module'
import { auditModule } from './services/audit/module'
import { costsModule } from './services/costs/module'
import { dashboardsModule } from './services/dashboards/module'
import { discoveryModule } from './services/discovery/module'
import { driftModule } from './services/drift/module'
import { experimentsModule } from './services/experiments/module'
import { explainModule } from './services/explain/module'
import { extensionsModule } from './services/extensions/module'
import { featuresModule } from './services/features/module'
import { healthModule } from './services/health/module'
import { jobsModule } from './services/jobs/module'
import { logsModule } from './services/logs/module'
import { metricsModule } from './services/metrics/module'
import { mlopsModule } from './services/mlops/module'
import { modelsModule } from './services/models/module'
import { optimizeModule } from './services/optimize/module'
import { presenceModule } from './services/presence/module'
import { testingModule } from './services/testing/module'
import { workspaceModule } from './services/workspace/module'

export const MODULES = [
  workspaceModule,
  jobsModule,
  healthModule,
  logsModule,
  alertsModule,
  modelsModule,
  driftModule,
  experimentsModule,
  costsModule,
  explainModule,
  optimizeModule,
  testingModule,
  featuresModule,
  metricsModule,
  mlopsModule,
  dashboardsModule,
  extensionsModule,
  auditModule,
  presenceModule,
  discoveryModule
] as const

/** The compiler names any contract channel no module answers. */
type Unanswered = Exclude<ChannelName, ModuleChannels<typeof MODULES>>
export const everyChannelAnswered: [Unanswered] extends [never] ? true : { unanswered: Unanswered } = true
