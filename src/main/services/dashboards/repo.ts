/** The dashboards area's SQL: dashboards at their latest version, and every kept version. */
import type { Db } from '../../db/open'
import { statementCache } from '../../db/open'

export interface DashboardRow {
  id: number
  uid: string
  title: string
  version: number
  model: string
  updated_at: number
  updated_by: string
}

export interface VersionRow {
  version: number
  model: string
  author: string
  message: string
  restored_from: number | null
  created_at: number
}

export class DashboardsRepo {
  private sql: ReturnType<typeof statementCache>
  constructor(private db: Db) {
    this.sql = statementCache(db)
  }

  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  list(): DashboardRow[] {
    return this.sql('SELECT * FROM dashboards ORDER BY title COLLATE NOCASE, uid').all() as DashboardRow[]
  }

  byUid(uid: string): DashboardRow | undefined {
    return this.sql('SELECT * FROM dashboards WHERE uid = ?').get(uid) as DashboardRow | undefined
  }

  insert(uid: string, title: string, model: string, at: number, by: string): number {
    return Number(
      this.sql('INSERT INTO dashboards (uid, title, version, model, updated_at, updated_by) VALUES (?, ?, 0, ?, ?, ?)').run(
        uid,
        title,
        model,
        at,
        by
      ).lastInsertRowid
    )
  }

  /** Sets the latest version and appends it to the history. */
  addVersion(
    id: number,
    v: { version: number; title: string; model: string; author: string; message: string; restoredFrom: number | null; at: number }
  ): void {
    this.sql('UPDATE dashboards SET title = ?, version = ?, model = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(
      v.title,
      v.version,
      v.model,
      v.at,
      v.author,
      id
    )
    this.sql(
      'INSERT INTO dashboard_versions (dashboard_id, version, model, author, message, restored_from, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
    ).run(id, v.version, v.model, v.author, v.message, v.restoredFrom, v.at)
  }

  /** Keeps the newest `keep` versions of a dashboard. */
  prune(id: number, keep: number): number {
    return this.sql(
      `DELETE FROM dashboard_versions WHERE dashboard_id = ? AND version <= (SELECT MAX(version) FROM dashboard_versions WHERE dashboard_id = ?) - ?`
    ).run(id, id, keep).changes
  }

  versions(id: number): VersionRow[] {
    return this.sql(
      'SELECT version, model, author, message, restored_from, created_at FROM dashboard_versions WHERE dashboard_id = ? ORDER BY version DESC'
    ).all(id) as VersionRow[]
  }

  version(id: number, version: number): VersionRow | undefined {
    return this.sql(
      'SELECT version, model, author, message, restored_from, created_at FROM dashboard_versions WHERE dashboard_id = ? AND version = ?'
    ).get(id, version) as VersionRow | undefined
  }

  delete(id: number): boolean {
    return this.sql('DELETE FROM dashboards WHERE id = ?').run(id).changes > 0
  }
}
