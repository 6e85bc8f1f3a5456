/** Health settings (retention and concurrency): one row of the settings table, read and written through core/settings.ts. */
import { invalid } from '../../../shared/errors'
import { HealthSettings } from '../../../shared/contract'
import type { SettingsDef } from '../../core/settings'

export const healthSettings: SettingsDef<typeof HealthSettings> = {
  key: 'health',
  schema: HealthSettings,
  defaults: { rawDays: 14, minuteDays: 90, hourDays: 400, concurrency: 64 },
  check: (next) => {
    if (next.minuteDays < next.rawDays) throw invalid('minuteDays', `must be at least rawDays (${next.rawDays})`)
    if (next.hourDays !== null && next.hourDays < next.minuteDays)
      throw invalid('hourDays', `must be at least minuteDays (${next.minuteDays}) or null to keep hourly rollups forever`)
  }
}
