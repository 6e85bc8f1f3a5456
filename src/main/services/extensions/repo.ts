/** The extensions area's SQL: installed extensions and their logs. */
import type { Db } from '../../db/open'

export interface ExtensionRow {
  id: string
  name: string
  version: string
  publisher: string
  manifest: string
  granted: string
  signed: number
  source: string
  enabled: number
  disabled_reason: string | null
  restarts: number
  installed_at: number
  updated_at: number
}

export interface ExtensionLogRow {
  id: number
  at: number
  level: string
  message: string
}

const KEEP_LOG_ROWS = 2000

export class ExtensionsRepo {
  constructor(private db: Db) {}

  all(): ExtensionRow[] {
    return this.db.prepare('SELECT * FROM extensions ORDER BY name, id').all() as ExtensionRow[]
  }

  get(id: string): ExtensionRow | undefined {
    return this.db.prepare('SELECT * FROM extensions WHERE id = ?').get(id) as ExtensionRow | undefined
  }

  upsert(r: Omit<ExtensionRow, 'restarts' | 'disabled_reason'>): void {
    this.db
      .prepare(
        `INSERT INTO extensions (id, name, version, publisher, manifest, granted, signed, source, enabled, installed_at, updated_at)
         VALUES (@id, @name, @version, @publisher, @manifest, @granted, @signed, @source, @enabled, @installed_at, @updated_at)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, version = excluded.version, publisher = excluded.publisher,
           manifest = excluded.manifest, granted = excluded.granted, signed = excluded.signed, source = excluded.source,
           enabled = excluded.enabled, disabled_reason = NULL, restarts = 0, updated_at = excluded.updated_at`
      )
      .run(r)
  }

  setEnabled(id: string, enabled: boolean, reason: string | null, at: number): void {
    this.db
      .prepare(
        'UPDATE extensions SET enabled = ?, disabled_reason = ?, restarts = CASE WHEN ? THEN 0 ELSE restarts END, updated_at = ? WHERE id = ?'
      )
      .run(enabled ? 1 : 0, reason, enabled ? 1 : 0, at, id)
  }

  setRestarts(id: string, restarts: number): void {
    this.db.prepare('UPDATE extensions SET restarts = ? WHERE id = ?').run(restarts, id)
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM extensions WHERE id = ?').run(id)
  }

  log(id: string, at: number, level: string, message: string): void {
    const info = this.db
      .prepare('INSERT INTO extension_logs (extension_id, at, level, message) VALUES (?, ?, ?, ?)')
      .run(id, at, level, message)
    if (Number(info.lastInsertRowid) % 100 === 0)
      this.db
        .prepare(
          'DELETE FROM extension_logs WHERE extension_id = ? AND id < (SELECT id FROM extension_logs WHERE extension_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)'
        )
        .run(id, id, KEEP_LOG_ROWS)
  }

  logs(id: string, limit: number): ExtensionLogRow[] {
    return this.db
      .prepare('SELECT id, at, level, message FROM extension_logs WHERE extension_id = ? ORDER BY id DESC LIMIT ?')
      .all(id, limit) as ExtensionLogRow[]
  }
}
