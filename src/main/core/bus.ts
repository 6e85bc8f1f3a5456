import type { EventName, EventPayload } from '../../shared/events'

type Listener = (name: EventName, payload: unknown) => void

/** In-process typed event bus; transports subscribe and forward to views. */
export class EventBus {
  private listeners = new Set<Listener>()

  publish<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload)
      } catch {
        // a broken subscriber must not stop the publisher
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get size(): number {
    return this.listeners.size
  }
}
