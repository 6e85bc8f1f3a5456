/**
 * What other areas may read of alerts: the list as `alerts:list` answers it (dashboards count alerts with it); and what
 * they may offer alerts: channel kinds from outside the area (extensions).
 */
import type { ConfigFiles } from '../../core/configFiles'
import type { QueryOf } from '../../core/ports'
import type { AlertMessage } from './notify/message'

export type { AlertMessage } from './notify/message'

export interface AlertsReader {
  list: QueryOf<'alerts:list'>
}

/** How a delivery through an extension went: the destination's status code, and the error when it failed. */
export interface ExtDelivery {
  code: number | null
  error: string | null
  retryable: boolean
}

/**
 * Delivers one message to a channel of kind `ext:<extension id>/<kind>` (the built-in Slack and PagerDuty channels
 * too), with the destination's secret for this call only; throws when the extension could not be asked.
 */
export type ExtChannelDeliverer = (
  kind: string,
  settings: Record<string, unknown>,
  message: AlertMessage & { title: string; failing: string | null },
  secret: string | null
) => Promise<ExtDelivery>

export interface AlertChannelKinds {
  setExtensionDeliverer(deliver: ExtChannelDeliverer | null): void
}

declare module '../../core/ports' {
  interface Ports {
    alerts: AlertsReader
    alertChannelKinds: AlertChannelKinds
    /** `*.alerts.yaml` files of the provisioned folder. */
    alertsFiles: ConfigFiles
  }
}
