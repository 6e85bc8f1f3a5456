export interface PollerStatus {
  name: string
  intervalMs: number
  lastTickAt: number | null
  running: boolean
}

/** Pollers report their heartbeat here; the console's own health reads it. */
export class PollerRegistry {
  private pollers = new Map<string, PollerStatus>()
  register(name: string, intervalMs: number): void {
    this.pollers.set(name, { name, intervalMs, lastTickAt: null, running: true })
  }
  tick(name: string, at: number): void {
    const p = this.pollers.get(name)
    if (p) p.lastTickAt = at
  }
  stop(name: string): void {
    const p = this.pollers.get(name)
    if (p) p.running = false
  }
  list(): PollerStatus[] {
    return [...this.pollers.values()]
  }
}
