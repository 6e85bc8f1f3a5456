/**
 * Activation events other than `onStartup`: `onView:<area>` starts an extension when that view is opened,
 * `onSchedule:<every|cron>` when the schedule is due, `onAlert[:severity]` when an alert fires or resolves (delivered
 * to extensions granted `alerts:read`). Each starts the extension's process only then and delivers the event to its
 * `api.events.on(name)` listeners; an extension none of these reach is not running.
 */
import type { ExtensionManifest } from '../../../shared/extensions'
import type { AlertEvent } from '../../../shared/extensionApi'
import type { EventPayload } from '../../../shared/events'
import type { EventBus } from '../../core/bus'
import type { AlertsReader } from '../alerts/api'
import { nextDue, schedulesOf } from './schedule'

export interface Activatable {
  id: string
  manifest: ExtensionManifest
  granted: readonly string[]
}

export interface ActivationHost {
  /** Enabled extensions. */
  enabled(): Activatable[]
  /** Starts the extension when needed and delivers the event to its listeners. */
  deliver(id: string, event: 'view' | 'schedule' | 'alert', payload: unknown): Promise<unknown>
  log(id: string, level: 'info' | 'warn' | 'error', message: string): void
}

export class ActivationEvents {
  private timers = new Map<string, NodeJS.Timeout>()
  private alertStates = new Map<number, string>()
  private unsubscribe: (() => void) | null = null

  constructor(
    private host: ActivationHost,
    private bus: EventBus,
    private alerts: AlertsReader | undefined
  ) {}

  start(): void {
    if (this.alerts) this.unsubscribe = this.bus.on('alerts:changed', (p) => void this.onAlertsChanged(p))
    this.refresh()
  }

  stop(): void {
    this.unsubscribe?.()
    for (const t of this.timers.values()) clearTimeout(t)
    this.timers.clear()
  }

  /** Arms the schedules of enabled extensions and drops those of extensions disabled or removed (idempotent). */
  refresh(): void {
    const wanted = new Set<string>()
    for (const e of this.host.enabled()) for (const spec of schedulesOf(e.manifest)) wanted.add(`${e.id}|${spec}`)
    for (const [key, t] of this.timers)
      if (!wanted.has(key)) {
        clearTimeout(t)
        this.timers.delete(key)
      }
    for (const key of wanted) if (!this.timers.has(key)) this.arm(key, Date.now())
  }

  /** A view was opened: starts the extensions with `onView:<area>`; answers which. */
  viewOpened(area: string): string[] {
    const ids = this.host
      .enabled()
      .filter((e) => e.manifest.activationEvents.includes(`onView:${area}`))
      .map((e) => e.id)
    for (const id of ids) this.send(id, 'view', { area, at: Date.now() })
    return ids
  }

  private arm(key: string, after: number): void {
    const due = nextDue(key.slice(key.indexOf('|') + 1), after)
    if (due !== null) this.wait(key, due)
  }

  /** Fires at `due` (long waits in steps: setTimeout's limit is about 24.8 days), then arms the next run. */
  private wait(key: string, due: number): void {
    const timer = setTimeout(
      () => {
        if (this.timers.get(key) !== timer) return
        if (Date.now() < due) return this.wait(key, due)
        this.send(key.slice(0, key.indexOf('|')), 'schedule', { schedule: key.slice(key.indexOf('|') + 1), at: due })
        this.arm(key, Math.max(due, Date.now()))
      },
      Math.min(Math.max(0, due - Date.now()), 2 ** 31 - 1)
    )
    timer.unref()
    this.timers.set(key, timer)
  }

  private async onAlertsChanged(p: EventPayload<'alerts:changed'>): Promise<void> {
    const listening = this.host
      .enabled()
      .filter((e) => e.manifest.activationEvents.some((a) => a === 'onAlert' || a.startsWith('onAlert:')))
    if (!listening.length || !this.alerts) return
    const changed = new Set(p.alertIds)
    const alerts = (await this.alerts.list({ limit: 500 })).filter((a) => changed.has(a.id))
    for (const a of alerts) {
      if (a.state !== 'firing' && a.state !== 'resolved') continue
      if (this.alertStates.get(a.id) === a.state || (a.state === 'resolved' && a.firedAt === null)) continue
      if (this.alertStates.size > 10_000) this.alertStates.clear()
      this.alertStates.set(a.id, a.state)
      const event: AlertEvent = {
        id: a.id,
        ruleName: a.ruleName,
        target: a.target,
        state: a.state,
        severity: a.severity,
        summary: a.summary,
        labels: a.labels,
        firedAt: a.firedAt,
        resolvedAt: a.resolvedAt
      }
      for (const e of listening) {
        const wants = e.manifest.activationEvents.some((x) => x === 'onAlert' || x === `onAlert:${a.severity}`)
        if (!wants) continue
        if (!e.granted.includes('alerts:read')) {
          this.host.log(e.id, 'warn', `onAlert: alert #${a.id} not delivered; receiving alerts needs "alerts:read", which was not granted`)
          continue
        }
        this.send(e.id, 'alert', event)
      }
    }
  }

  private send(id: string, event: 'view' | 'schedule' | 'alert', payload: unknown): void {
    this.host.deliver(id, event, payload).catch((err: unknown) => {
      this.host.log(id, 'warn', `${event} event not delivered: ${err instanceof Error ? err.message : String(err)}`)
    })
  }
}
