/** The dispatch layer's hook for the audit log: one trail per command call (services/audit implements it). */
import type { ChannelName } from '../../shared/contract'
import type { Envelope } from '../../shared/errors'
import type { CallMeta, HandlerMap } from './handlers'

export interface CallTrail {
  /** After validation, before the handler runs: remember the input and read the object's state before. */
  before(input: unknown): Promise<void>
  /** Record the outcome (ok, failed or refused); never throws. */
  end(rawInput: unknown, envelope: Envelope<unknown>): Promise<void>
}

export interface CallAudit {
  /** A trail for a command call; undefined for calls not recorded (queries). */
  start(channel: ChannelName, meta: CallMeta, handlers: HandlerMap): CallTrail | undefined
}
