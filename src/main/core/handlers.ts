import type { ChannelName, ChannelOutput, ParsedInput } from '../../shared/contract'
import type { Caller } from './caller'

/** Who is calling: the transport fills this in after it has checked the caller. */
export interface CallMeta {
  transport: 'ipc' | 'http' | 'direct'
  signal?: AbortSignal
  /**
   * Set on a served console with --data-root (or --allow-remote): throws the VALIDATION error for a path outside the data
   * roots. The contract's path fields are checked before the call; a handler passes paths it finds inside its input
   * (sources named in YAML text) through this.
   */
  confinePath?: (path: string, field: string) => void
  /** Who calls (core/caller.ts); absent for internal calls made by the console itself. */
  caller?: Caller
}

export type Handler<C extends ChannelName> = (input: ParsedInput<C>, meta: CallMeta) => ChannelOutput<C> | Promise<ChannelOutput<C>>

export type HandlerMap = { [C in ChannelName]: Handler<C> }
export type HandlersFor<K extends ChannelName> = { [C in K]: Handler<C> }
