/** What other areas may read of alerts: the list as `alerts:list` answers it (dashboards count alerts with it). */
import type { QueryOf } from '../../core/ports'

export interface AlertsReader {
  list: QueryOf<'alerts:list'>
}

declare module '../../core/ports' {
  interface Ports {
    alerts: AlertsReader
  }
}
