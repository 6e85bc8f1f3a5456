/** SQL for public status pages: the pages, the services each shows, their incident notes, and daily uptime from rollups. */
import { statementCache, type Db } from '../../db/open'

export interface StatusPageRow {
  id: number
  slug: string
  title: string
  description: string
  created_at: number
  updated_at: number
}

export interface NoteRow {
  id: number
  page_id: number
  at: number
  title: string
  body: string
}

export const DAY = 86_400_000

export class StatusPageRepo {
  private sql: ReturnType<typeof statementCache>
  constructor(private db: Db) {
    this.sql = statementCache(db)
  }

  pages(): StatusPageRow[] {
    return this.sql('SELECT * FROM status_pages ORDER BY title, id').all() as StatusPageRow[]
  }

  page(id: number): StatusPageRow | undefined {
    return this.sql('SELECT * FROM status_pages WHERE id = ?').get(id) as StatusPageRow | undefined
  }

  bySlug(slug: string): StatusPageRow | undefined {
    return this.sql('SELECT * FROM status_pages WHERE slug = ?').get(slug) as StatusPageRow | undefined
  }

  /** Service ids per page, in the page's order. */
  members(): Map<number, number[]> {
    const out = new Map<number, number[]>()
    const rows = this.sql('SELECT page_id, service_id FROM status_page_services ORDER BY page_id, position').all() as {
      page_id: number
      service_id: number
    }[]
    for (const r of rows) out.set(r.page_id, [...(out.get(r.page_id) ?? []), r.service_id])
    return out
  }

  notes(pageId?: number): NoteRow[] {
    return (
      pageId === undefined
        ? this.sql('SELECT * FROM status_page_notes ORDER BY at DESC, id DESC').all()
        : this.sql('SELECT * FROM status_page_notes WHERE page_id = ? ORDER BY at DESC, id DESC').all(pageId)
    ) as NoteRow[]
  }

  /** Insert (id undefined) or rewrite a page and its list of services in one transaction. */
  save(id: number | undefined, p: { slug: string; title: string; description: string; serviceIds: number[] }, at: number): number {
    return this.db
      .transaction(() => {
        let pid = id
        if (pid === undefined)
          pid = Number(
            this.sql('INSERT INTO status_pages (slug, title, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(
              p.slug,
              p.title,
              p.description,
              at,
              at
            ).lastInsertRowid
          )
        else
          this.sql('UPDATE status_pages SET slug = ?, title = ?, description = ?, updated_at = ? WHERE id = ?').run(
            p.slug,
            p.title,
            p.description,
            at,
            pid
          )
        this.sql('DELETE FROM status_page_services WHERE page_id = ?').run(pid)
        const add = this.sql('INSERT INTO status_page_services (page_id, service_id, position) VALUES (?, ?, ?)')
        p.serviceIds.forEach((sid, i) => add.run(pid, sid, i))
        return pid
      })
      .immediate()
  }

  delete(id: number): number {
    return this.sql('DELETE FROM status_pages WHERE id = ?').run(id).changes
  }

  addNote(pageId: number, n: { at: number; title: string; body: string }): number {
    return Number(
      this.sql('INSERT INTO status_page_notes (page_id, at, title, body) VALUES (?, ?, ?, ?)').run(pageId, n.at, n.title, n.body)
        .lastInsertRowid
    )
  }

  deleteNote(id: number): number {
    return this.sql('DELETE FROM status_page_notes WHERE id = ?').run(id).changes
  }

  /** Counted results and failures per service and UTC day since `from` (hourly rollups, every check of the service). */
  dailyCounts(
    serviceIds: number[],
    from: number
  ): { serviceId: number; day: number; count: number; failures: number; maintenance: number; checks: number }[] {
    if (serviceIds.length === 0) return []
    return this.db
      .prepare(
        `SELECT c.service_id AS serviceId, (r.bucket / ${DAY}) * ${DAY} AS day, SUM(r.count) AS count, SUM(r.failures) AS failures,
                SUM(r.maintenance) AS maintenance, COUNT(DISTINCT r.check_id) AS checks
           FROM rollup_hour r JOIN checks c ON c.id = r.check_id
          WHERE r.bucket >= ? AND c.service_id IN (${serviceIds.map(() => '?').join(', ')})
          GROUP BY c.service_id, day`
      )
      .all(from, ...serviceIds) as {
      serviceId: number
      day: number
      count: number
      failures: number
      maintenance: number
      checks: number
    }[]
  }
}
