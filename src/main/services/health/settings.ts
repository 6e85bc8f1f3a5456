/** Health settings (retention and concurrency) stored as one row of the settings table. */
import { invalid } from '../../../shared/errors'
import { HealthSettings } from '../../../shared/contract'
import type { Db } from '../../db/open'

const DEFAULT_SETTINGS: HealthSettings = { rawDays: 14, minuteDays: 90, hourDays: null, concurrency: 64 }

export function loadSettings(db: Db): HealthSettings {
  const row = db.prepare("SELECT value FROM settings WHERE key = 'health'").get() as { value: string } | undefined
  const parsed = row ? HealthSettings.safeParse({ ...DEFAULT_SETTINGS, ...(JSON.parse(row.value) as object) }) : null
  return parsed?.success ? parsed.data : { ...DEFAULT_SETTINGS }
}

/** Validate `next` and store it. */
export function saveSettings(db: Db, next: HealthSettings, at: number): void {
  if (next.minuteDays < next.rawDays) throw invalid('minuteDays', `must be at least rawDays (${next.rawDays})`)
  if (next.hourDays !== null && next.hourDays < next.minuteDays)
    throw invalid('hourDays', `must be at least minuteDays (${next.minuteDays}) or null to keep hourly rollups forever`)
  db.prepare(
    "INSERT INTO settings (key, value, updated_at) VALUES ('health', ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"
  ).run(JSON.stringify(next), at)
}
