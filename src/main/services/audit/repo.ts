/** The audit area's SQL: one row per recorded command call, searched newest first and trimmed by age and count. */
import type { Db } from '../../db/open'

export interface AuditRow {
  id: number
  at: number
  user_id: number | null
  user_name: string
  role: string
  transport: string
  channel: string
  area: string
  object: string | null
  outcome: 'ok' | 'failed' | 'refused'
  error: string | null
  input: string
  result: string | null
  before: string | null
  after: string | null
  duration_ms: number
}

export interface AuditFilter {
  text?: string | undefined
  user?: string | undefined
  channel?: string | undefined
  outcome?: string | undefined
  from?: number | undefined
  to?: number | undefined
  limit: number
  offset: number
}

/** LIKE with the user's text taken literally. */
const like = (s: string): string => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

export class AuditRepo {
  constructor(private db: Db) {}

  insert(r: Omit<AuditRow, 'id'>): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO audit_log (at, user_id, user_name, role, transport, channel, area, object, outcome, error, input, result, before, after, duration_ms)
           VALUES (@at, @user_id, @user_name, @role, @transport, @channel, @area, @object, @outcome, @error, @input, @result, @before, @after, @duration_ms)`
        )
        .run(r).lastInsertRowid
    )
  }

  search(f: AuditFilter): { total: number; rows: AuditRow[] } {
    const where: string[] = []
    const params: Record<string, unknown> = {}
    if (f.text) {
      where.push(
        `(channel LIKE @text ESCAPE '\\' OR user_name LIKE @text ESCAPE '\\' OR object LIKE @text ESCAPE '\\' OR input LIKE @text ESCAPE '\\' OR error LIKE @text ESCAPE '\\')`
      )
      params.text = like(f.text)
    }
    if (f.user) {
      where.push(`user_name LIKE @user ESCAPE '\\'`)
      params.user = like(f.user)
    }
    if (f.channel) {
      where.push(f.channel.includes(':') ? 'channel = @channel' : 'area = @channel')
      params.channel = f.channel
    }
    if (f.outcome) {
      where.push('outcome = @outcome')
      params.outcome = f.outcome
    }
    if (f.from !== undefined) {
      where.push('at >= @from')
      params.from = f.from
    }
    if (f.to !== undefined) {
      where.push('at < @to')
      params.to = f.to
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : ''
    const total = (this.db.prepare(`SELECT count(*) AS n FROM audit_log ${clause}`).get(params) as { n: number }).n
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${clause} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: f.limit, offset: f.offset }) as AuditRow[]
    return { total, rows }
  }

  /** Drops rows older than `before` and all but the newest `keep`; answers how many went. */
  trim(before: number, keep: number): number {
    return this.db.transaction(() => {
      const old = this.db.prepare('DELETE FROM audit_log WHERE at < ?').run(before).changes
      const cut = this.db.prepare('SELECT id FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET ?').get(keep) as { id: number } | undefined
      const over = cut ? this.db.prepare('DELETE FROM audit_log WHERE id <= ?').run(cut.id).changes : 0
      return old + over
    })()
  }
}
