/** Presence: who has which view open, from each view's heartbeat; kept in memory and expiring when a view goes quiet. */
import type { PresenceEntry } from '../../../shared/contract/presence'
import type { EventBus } from '../../core/bus'
import type { Caller } from '../../core/caller'
import type { Clock } from '../../core/clock'

export const PRESENCE_TTL_MS = 30_000
/** The console itself when a transport names no caller. */
const CONSOLE: Caller = { userId: null, name: 'console', role: 'admin', workspace: 'local' }

export interface PresenceDeps {
  clock: Clock
  bus: EventBus
  ttlMs?: number
}

export class PresenceService {
  readonly ttlMs: number
  private views = new Map<string, PresenceEntry>()
  private timer: ReturnType<typeof setInterval> | undefined

  constructor(private deps: PresenceDeps) {
    this.ttlMs = deps.ttlMs ?? PRESENCE_TTL_MS
  }

  /** A view's heartbeat. A view is keyed by who sends it and its client id, so no one can move someone else's view. */
  heartbeat(caller: Caller | undefined, input: { clientId: string; route: string; leaving: boolean }) {
    const who = caller ?? CONSOLE
    const key = `${who.userId ?? `local:${who.name}`}/${input.clientId}`
    const now = this.deps.clock.now()
    this.expire(now)
    const old = this.views.get(key)
    if (input.leaving) {
      if (this.views.delete(key)) this.changed(now)
    } else {
      this.views.set(key, {
        clientId: input.clientId,
        userId: who.userId,
        name: who.name,
        role: who.role,
        route: input.route,
        since: old && old.route === input.route ? old.since : now,
        lastSeen: now
      })
      if (!old || old.route !== input.route) this.changed(now)
    }
    return this.list(caller)
  }

  list(caller: Caller | undefined) {
    this.expire(this.deps.clock.now())
    const who = caller ?? CONSOLE
    const viewers = [...this.views.values()].sort((a, b) => a.name.localeCompare(b.name) || a.since - b.since)
    return { you: { userId: who.userId, name: who.name, role: who.role }, viewers, ttlMs: this.ttlMs }
  }

  /** Drops views not heard from within the TTL; answers whether any went. */
  expire(now = this.deps.clock.now()): boolean {
    let gone = false
    for (const [k, v] of this.views) if (now - v.lastSeen > this.ttlMs) gone = this.views.delete(k) || gone
    if (gone) this.changed(now)
    return gone
  }

  /** Sweeps expired views on a timer, so others see someone leave without anyone else's heartbeat. */
  start(): void {
    this.timer ??= setInterval(() => this.expire(), Math.max(50, Math.min(5000, this.ttlMs / 3)))
    this.timer.unref?.()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  private changed(at: number): void {
    this.deps.bus.publish('presence:changed', { at, viewers: this.views.size })
  }
}
