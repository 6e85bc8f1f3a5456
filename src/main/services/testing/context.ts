/** What every part of the testing area shares: the app's core services, health's read port, and the change signal. */
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { JobService } from '../../core/jobs'
import type { Logger } from '../../core/log'
import type { Db } from '../../db/open'
import type { HealthReader } from '../health/api'

export interface TestingContext {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  jobs: JobService
  health: HealthReader
  /** Tells views that something of `kind` changed. */
  changed(kind: string, id: number | null): void
}
