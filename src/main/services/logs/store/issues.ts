/**
 * Error issues, updated inside the writer's transaction: error-level entries are grouped by fingerprint; a new
 * fingerprint opens an issue in state `new`, an occurrence of a `resolved` issue makes it `regressed`.
 * The writer owns these rows (user state changes come through it too), so its cache stays true.
 */
import type { Db } from '../../../db/open'
import { statementCache } from '../../../db/open'
import { errorSignature } from '../fingerprint'
import type { Entry, IssueSignal } from './entry'

export type IssueState = 'new' | 'regressed' | 'resolved' | 'ignored'

interface Cached {
  id: number
  state: IssueState
}

export class IssueTracker {
  private cache = new Map<string, Cached>()
  private sql: ReturnType<typeof statementCache>

  constructor(private db: Db) {
    this.sql = statementCache(db)
    for (const r of db.prepare('SELECT id, fingerprint, state FROM logs_issues').all() as {
      id: number
      fingerprint: string
      state: IssueState
    }[])
      this.cache.set(r.fingerprint, { id: r.id, state: r.state })
  }

  /** One error entry (inside the writer's transaction); returns a signal when the issue is new or regressed. */
  record(e: Entry, lineId: number, now: number): IssueSignal | null {
    const service = e.labels.service ?? ''
    const sig = errorSignature(service, e.line, e.message)
    const hour = Math.floor(e.ts / 3_600_000)
    let c = this.cache.get(sig.fingerprint)
    let signal: IssueSignal | null = null
    if (!c) {
      const r = this.sql(
        `INSERT INTO logs_issues (fingerprint, service, type, title, frames, sample, sample_line_id, state, first_seen, last_seen, count,
           first_release, last_release, state_changed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'new', ?, ?, 1, ?, ?, ?)`
      ).run(
        sig.fingerprint,
        service,
        sig.type,
        sig.title,
        JSON.stringify(sig.frames),
        e.line.slice(0, 20_000),
        lineId,
        e.ts,
        e.ts,
        e.release,
        e.release,
        now
      )
      c = { id: Number(r.lastInsertRowid), state: 'new' }
      this.cache.set(sig.fingerprint, c)
      signal = { kind: 'new', issueId: c.id, service, title: sig.title, release: e.release, at: e.ts }
    } else {
      if (c.state === 'resolved') {
        c.state = 'regressed'
        this.sql(
          `UPDATE logs_issues SET state = 'regressed', regressed_at = ?, regressed_release = ?, state_changed_at = ? WHERE id = ?`
        ).run(e.ts, e.release, now, c.id)
        signal = { kind: 'regressed', issueId: c.id, service, title: sig.title, release: e.release, at: e.ts }
      }
      this.sql(
        `UPDATE logs_issues SET count = count + 1, last_seen = max(last_seen, ?), first_seen = min(first_seen, ?),
           last_release = coalesce(?, last_release), sample = CASE WHEN ? >= last_seen THEN ? ELSE sample END,
           sample_line_id = CASE WHEN ? >= last_seen THEN ? ELSE sample_line_id END
         WHERE id = ?`
      ).run(e.ts, e.ts, e.release, e.ts, e.line.slice(0, 20_000), e.ts, lineId, c.id)
    }
    this.sql(
      'INSERT INTO logs_issue_hours (issue_id, hour, count) VALUES (?, ?, 1) ON CONFLICT (issue_id, hour) DO UPDATE SET count = count + 1'
    ).run(c.id, hour)
    return signal
  }

  /** A person's decision: resolved or ignored (or back to new). */
  setState(id: number, state: IssueState, now: number): boolean {
    const r = this.sql(
      `UPDATE logs_issues SET state = ?, state_changed_at = ?, resolved_at = CASE WHEN ? = 'resolved' THEN ? ELSE resolved_at END WHERE id = ?`
    ).run(state, now, state, now, id)
    if (r.changes === 0) return false
    for (const c of this.cache.values()) if (c.id === id) c.state = state
    return true
  }
}
