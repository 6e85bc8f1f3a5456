/**
 * What other areas may read of alerts: the list as `alerts:list` answers it (dashboards count alerts with it); and what
 * they may offer alerts: channel kinds from outside the area (extensions).
 */
import type { QueryOf } from '../../core/ports'
import type { AlertMessage } from './notify/message'

export type { AlertMessage } from './notify/message'

export interface AlertsReader {
  list: QueryOf<'alerts:list'>
}

/** Delivers one message to a channel of kind `ext:<extension id>/<kind>`; throws when it could not. */
export type ExtChannelDeliverer = (
  kind: string,
  settings: Record<string, unknown>,
  message: AlertMessage & { title: string }
) => Promise<void>

export interface AlertChannelKinds {
  setExtensionDeliverer(deliver: ExtChannelDeliverer | null): void
}

declare module '../../core/ports' {
  interface Ports {
    alerts: AlertsReader
    alertChannelKinds: AlertChannelKinds
  }
}
