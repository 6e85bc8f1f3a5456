/** The logs area's SQL on the main connection: sources, saved queries, issue reads and sizes. Lines are written by the writer. */
import type { Db } from '../../db/open'
import { statementCache } from '../../db/open'

export interface SourceRow {
  id: number
  name: string
  kind: 'file' | 'push' | 'loki'
  service_id: number | null
  environment: string
  host: string
  config: string
  secret: Buffer | null
  retention_days: number
  max_bytes: number | null
  enabled: number
  builtin: number
  deleting: number
  last_error: string | null
  created_at: number
  updated_at: number
}

export interface IssueRow {
  id: number
  fingerprint: string
  service: string
  type: string
  title: string
  frames: string
  sample: string
  sample_line_id: number | null
  state: 'new' | 'regressed' | 'resolved' | 'ignored'
  first_seen: number
  last_seen: number
  count: number
  first_release: string | null
  last_release: string | null
  regressed_at: number | null
  regressed_release: string | null
  resolved_at: number | null
}

export class LogsRepo {
  private sql: ReturnType<typeof statementCache>

  constructor(readonly db: Db) {
    this.sql = statementCache(db)
  }

  sources(): SourceRow[] {
    return this.sql('SELECT * FROM logs_sources ORDER BY builtin DESC, name').all() as SourceRow[]
  }

  source(id: number): SourceRow | undefined {
    return this.sql('SELECT * FROM logs_sources WHERE id = ?').get(id) as SourceRow | undefined
  }

  sourceByName(name: string): SourceRow | undefined {
    return this.sql('SELECT * FROM logs_sources WHERE name = ?').get(name) as SourceRow | undefined
  }

  insertSource(r: Omit<SourceRow, 'id' | 'deleting' | 'last_error'>): number {
    return Number(
      this.sql(
        `INSERT INTO logs_sources (name, kind, service_id, environment, host, config, secret, retention_days, max_bytes, enabled, builtin, created_at, updated_at)
         VALUES (@name, @kind, @service_id, @environment, @host, @config, @secret, @retention_days, @max_bytes, @enabled, @builtin, @created_at, @updated_at)`
      ).run(r).lastInsertRowid
    )
  }

  updateSource(
    id: number,
    r: Pick<
      SourceRow,
      'name' | 'service_id' | 'environment' | 'host' | 'config' | 'secret' | 'retention_days' | 'max_bytes' | 'enabled' | 'updated_at'
    >
  ): void {
    this.sql(
      `UPDATE logs_sources SET name = @name, service_id = @service_id, environment = @environment, host = @host, config = @config, secret = @secret,
         retention_days = @retention_days, max_bytes = @max_bytes, enabled = @enabled, updated_at = @updated_at WHERE id = @id`
    ).run({ ...r, id })
  }

  markDeleting(id: number, at: number): void {
    this.sql('UPDATE logs_sources SET deleting = 1, enabled = 0, name = ?, updated_at = ? WHERE id = ?').run(`${id}:deleted:${at}`, at, id)
  }

  saved(): { id: number; name: string; query: string; range_s: number; created_at: number }[] {
    return this.sql('SELECT id, name, query, range_s, created_at FROM logs_saved_queries ORDER BY name').all() as never
  }

  saveQuery(name: string, query: string, rangeS: number, at: number): number {
    this.sql(
      `INSERT INTO logs_saved_queries (name, query, range_s, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET query = excluded.query, range_s = excluded.range_s`
    ).run(name, query, rangeS, at)
    return (this.sql('SELECT id FROM logs_saved_queries WHERE name = ?').get(name) as { id: number }).id
  }

  deleteQuery(id: number): number {
    return this.sql('DELETE FROM logs_saved_queries WHERE id = ?').run(id).changes
  }

  issues(state: string | undefined, service: string | undefined, limit: number): IssueRow[] {
    return this.sql(
      `SELECT * FROM logs_issues WHERE (@state IS NULL OR state = @state) AND (@service IS NULL OR service = @service)
       ORDER BY last_seen DESC LIMIT @limit`
    ).all({ state: state ?? null, service: service ?? null, limit }) as IssueRow[]
  }

  issue(id: number): IssueRow | undefined {
    return this.sql('SELECT * FROM logs_issues WHERE id = ?').get(id) as IssueRow | undefined
  }

  /** Hourly counts of issues from hour `fromHour` on. */
  issueHours(ids: number[], fromHour: number): { issue_id: number; hour: number; count: number }[] {
    if (ids.length === 0) return []
    return this.db
      .prepare(`SELECT issue_id, hour, count FROM logs_issue_hours WHERE issue_id IN (${ids.map(() => '?').join(',')}) AND hour >= ?`)
      .all(...ids, fromHour) as never
  }
}
