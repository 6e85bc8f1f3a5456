/** Per-area settings stored as one JSON row each in the `settings` table, validated by the area's schema. */
import type { z } from 'zod'
import type { Db } from '../db/open'

export interface SettingsDef<S extends z.ZodType = z.ZodType> {
  /** Row key in the settings table (usually the area id). */
  key: string
  schema: S
  defaults: z.output<S>
  /** Rules across fields (throw an AppError naming the field). */
  check?(value: z.output<S>): void
}

export class SettingsStore {
  /** `onWrite`: told the key of each write (the app publishes `workspace:settings` so open views refresh). */
  constructor(
    private db: Db,
    private onWrite?: (key: string) => void
  ) {}

  /** Stored values over the defaults; a stored value that no longer validates falls back to the defaults. */
  read<S extends z.ZodType>(def: SettingsDef<S>): z.output<S> {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(def.key) as { value: string } | undefined
    if (!row) return structuredClone(def.defaults)
    const parsed = def.schema.safeParse({ ...(def.defaults as object), ...(JSON.parse(row.value) as object) })
    return parsed.success ? (parsed.data as z.output<S>) : structuredClone(def.defaults)
  }

  /** Validate and store the whole value. */
  write<S extends z.ZodType>(def: SettingsDef<S>, value: z.output<S>, at: number): z.output<S> {
    def.check?.(value)
    this.db
      .prepare(
        'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at'
      )
      .run(def.key, JSON.stringify(value), at)
    this.onWrite?.(def.key)
    return value
  }
}
