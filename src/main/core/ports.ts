/**
 * Narrow interfaces areas offer each other (VS Code style: consumers depend on an interface, never on another area's
 * service class, repo or tables). Each providing area declares its port in its own `api.ts` by merging into `Ports`:
 *
 *   declare module '../../core/ports' { interface Ports { health: HealthReader } }
 *
 * and its module's `provides()` hands over the implementation. Consumers call `ports.get('health')`.
 */
import type { ChannelName, ChannelOutput, ParsedInput } from '../../shared/contract'

export interface Ports {}

/** A read port that answers like the area's own query channel (dashboards read other areas this way). */
export type QueryOf<C extends ChannelName> = (input: ParsedInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>

export type PortName = keyof Ports

export class PortRegistry {
  private provided = new Map<PortName, unknown>()

  provide(ports: Partial<Ports>): void {
    for (const [name, impl] of Object.entries(ports) as [PortName, unknown][]) {
      if (this.provided.has(name)) throw new Error(`port ${String(name)} is provided twice`)
      this.provided.set(name, impl)
    }
  }

  /** The port's implementation; a module that needs it must be listed after the module that provides it. */
  get<K extends PortName>(name: K): Ports[K] {
    if (!this.provided.has(name))
      throw new Error(`port ${String(name)} is not provided yet: list the area that provides it earlier in src/main/modules.ts`)
    return this.provided.get(name) as Ports[K]
  }

  has(name: PortName): boolean {
    return this.provided.has(name)
  }
}
