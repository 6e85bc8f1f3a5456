import type { ChannelName, ChannelOutput, ParsedInput } from '../../shared/contract'

/** Who is calling: the transport fills this in after it has checked the caller. */
export interface CallMeta {
  transport: 'ipc' | 'http' | 'direct'
  signal?: AbortSignal
}

export type Handler<C extends ChannelName> = (input: ParsedInput<C>, meta: CallMeta) => ChannelOutput<C> | Promise<ChannelOutput<C>>

export type HandlerMap = { [C in ChannelName]: Handler<C> }
export type HandlersFor<K extends ChannelName> = { [C in K]: Handler<C> }
