/** Alerting settings (the base URL notification links are built from): one row of the settings table. */
import { AlertsSettings } from '../../../shared/contract'
import type { SettingsDef } from '../../core/settings'

export const alertsSettings: SettingsDef<typeof AlertsSettings> = {
  key: 'alerts',
  schema: AlertsSettings,
  defaults: { baseUrl: '' }
}
