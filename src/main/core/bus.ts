import { events, type EventName, type EventPayload } from '../../shared/events'
import { silentLogger, type Logger } from './log'

export type EventHandler<E extends EventName> = (payload: EventPayload<E>) => void
export type AnyEventListener = (name: EventName, payload: unknown) => void

/**
 * The service layer's typed event bus. Areas publish the events declared in their contract file and subscribe with
 * `on(name, handler)`; transports forward only `view` events to windows (`onView`). A subscriber that throws is logged
 * with the event's name and never stops the others or the publisher.
 */
export class EventBus {
  private handlers = new Map<EventName, Set<(payload: unknown) => void>>()
  private any = new Set<AnyEventListener>()
  private views = new Set<AnyEventListener>()

  constructor(private logger: Logger = silentLogger) {}

  publish<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const h of this.handlers.get(name) ?? []) this.guard(name, () => h(payload))
    for (const l of this.any) this.guard(name, () => l(name, payload))
    if (events[name].scope === 'view') for (const l of this.views) this.guard(name, () => l(name, payload))
  }

  /** Subscribe to one event; returns the unsubscribe function. */
  on<E extends EventName>(name: E, handler: EventHandler<E>): () => void {
    let set = this.handlers.get(name)
    if (!set) this.handlers.set(name, (set = new Set()))
    const h = handler as (payload: unknown) => void
    set.add(h)
    return () => void set.delete(h)
  }

  /** Every `view` event: what transports forward to windows. */
  onView(listener: AnyEventListener): () => void {
    this.views.add(listener)
    return () => void this.views.delete(listener)
  }

  /** Every event, internal ones included (tests, diagnostics). */
  subscribe(listener: AnyEventListener): () => void {
    this.any.add(listener)
    return () => void this.any.delete(listener)
  }

  /** Listeners still attached (leak checks). */
  get size(): number {
    let n = this.any.size + this.views.size
    for (const set of this.handlers.values()) n += set.size
    return n
  }

  private guard(name: EventName, fn: () => void): void {
    try {
      fn()
    } catch (err) {
      this.logger.error(`a subscriber of ${name} failed`, { error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
    }
  }
}
