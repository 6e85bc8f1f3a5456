/** What the parts of the alerting area share: its dependencies, its repo, and the two change notices it publishes. */
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import type { SecretBox } from '../../core/secrets'
import type { SettingsStore } from '../../core/settings'
import type { Db } from '../../db/open'
import type { HealthReader } from '../health/api'
import type { LogsReader } from '../logs/api'
import type { AlertsRepo } from './repo'
import { alertsSettings } from './settings'

export interface AlertDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  secrets: SecretBox
  /** Health's read port: results, services, checks, maintenance. */
  health: HealthReader
  /** Logs' port: counts for log rules (absent: log_count rules never evaluate). */
  logs?: LogsReader
  /** Where the base URL setting is kept (absent: no base URL, links are left out). */
  settings?: SettingsStore
}

export interface AlertParts {
  deps: AlertDeps
  repo: AlertsRepo
  changes: AlertChanges
}

/** Batches `alerts:changed` per turn of the event loop; `alerts:config` for rules, silences and channels. */
export class AlertChanges {
  private changed = new Set<number>()
  private queued = false

  constructor(private deps: Pick<AlertDeps, 'bus' | 'clock'>) {}

  touch(alertId: number): void {
    this.changed.add(alertId)
    if (this.queued) return
    this.queued = true
    setImmediate(() => {
      this.queued = false
      const ids = [...this.changed]
      this.changed.clear()
      this.deps.bus.publish('alerts:changed', { at: this.deps.clock.now(), alertIds: ids, reason: 'update' })
    })
  }

  config(): void {
    this.deps.bus.publish('alerts:config', { at: this.deps.clock.now() })
  }
}

/** The base URL notification links start from ('' when none is set). */
export const baseUrlOf = (deps: AlertDeps): string => (deps.settings ? deps.settings.read(alertsSettings).baseUrl : '')

/** "payments", "payments / https", or the target's own text. */
export function describeTarget(health: HealthReader, target: string): string {
  const [kind, rawId] = target.split(':')
  const id = Number(rawId)
  if (kind === 'service') return health.service(id)?.name ?? target
  if (kind === 'check') {
    const c = health.check(id)
    const s = c ? health.service(c.serviceId) : undefined
    return c ? `${s?.name ?? '?'} / ${c.name}` : target
  }
  return target.slice(target.indexOf(':') + 1)
}
