import type { Db } from '../../db/open'
import type { TableCount } from './api'

/**
 * Rows in every user table of a database (the live workspace or a file opened read-only). Virtual tables (the logs'
 * FTS5 indexes) have no pages of their own and are left out: their shadow tables are listed instead.
 */
export function countRows(db: Db): TableCount[] {
  const names = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0 AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[]
  return names.map(({ name }) => ({
    name,
    rows: (db.prepare(`SELECT COUNT(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n
  }))
}

export class WorkspaceRepo {
  constructor(private db: Db) {}

  getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM workspace_meta WHERE key = ?').get(key) as { value: string } | undefined
    return row?.value
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO workspace_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, value)
  }

  /** Rows and on-disk bytes (tables plus their indexes) for every user table. */
  tableStats(): { name: string; rows: number; bytes: number }[] {
    const sizes = new Map<string, number>()
    const rows = this.db
      .prepare(
        `SELECT COALESCE(m.tbl_name, s.name) AS tbl, SUM(s.pgsize) AS bytes
         FROM dbstat s LEFT JOIN sqlite_schema m ON m.name = s.name GROUP BY tbl`
      )
      .all() as { tbl: string; bytes: number }[]
    for (const r of rows) sizes.set(r.tbl, r.bytes)
    return countRows(this.db).map((t) => ({ ...t, bytes: sizes.get(t.name) ?? 0 }))
  }

  journalMode(): string {
    return String(this.db.pragma('journal_mode', { simple: true }))
  }
}
