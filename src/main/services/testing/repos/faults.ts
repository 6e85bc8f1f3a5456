import type { Db } from '../../../db/open'

export interface ProxyRow {
  id: number
  name: string
  listen_port: number
  upstream: string
  enabled: number
  toxics: string
  created_at: number
  updated_at: number
}

export interface BreakerRow {
  id: number
  proxy_id: number | null
  name: string
  job_id: string | null
  state: 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted'
  started_at: number
  ended_at: number | null
  verdict: 'pass' | 'fail' | null
  report: string | null
  error: string | null
}

/** Fault-injection proxies and the circuit-breaker tests run through them. */
export class FaultRepo {
  constructor(private db: Db) {}

  proxies(): ProxyRow[] {
    return this.db.prepare('SELECT * FROM testing_proxies ORDER BY name').all() as ProxyRow[]
  }

  proxy(id: number): ProxyRow | undefined {
    return this.db.prepare('SELECT * FROM testing_proxies WHERE id = ?').get(id) as ProxyRow | undefined
  }

  proxyByName(name: string): ProxyRow | undefined {
    return this.db.prepare('SELECT * FROM testing_proxies WHERE name = ?').get(name) as ProxyRow | undefined
  }

  insertProxy(p: Pick<ProxyRow, 'name' | 'listen_port' | 'upstream' | 'enabled' | 'toxics'>, at: number): number {
    return Number(
      this.db
        .prepare(
          'INSERT INTO testing_proxies (name, listen_port, upstream, enabled, toxics, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'
        )
        .run(p.name, p.listen_port, p.upstream, p.enabled, p.toxics, at, at).lastInsertRowid
    )
  }

  updateProxy(id: number, p: Pick<ProxyRow, 'name' | 'listen_port' | 'upstream' | 'enabled' | 'toxics'>, at: number): void {
    this.db
      .prepare('UPDATE testing_proxies SET name = ?, listen_port = ?, upstream = ?, enabled = ?, toxics = ?, updated_at = ? WHERE id = ?')
      .run(p.name, p.listen_port, p.upstream, p.enabled, p.toxics, at, id)
  }

  deleteProxy(id: number): boolean {
    return this.db.prepare('DELETE FROM testing_proxies WHERE id = ?').run(id).changes > 0
  }

  breakerTests(limit: number): Omit<BreakerRow, 'report'>[] {
    return this.db
      .prepare(
        'SELECT id, proxy_id, name, job_id, state, started_at, ended_at, verdict, error FROM testing_breaker_tests ORDER BY started_at DESC, id DESC LIMIT ?'
      )
      .all(limit) as Omit<BreakerRow, 'report'>[]
  }

  breakerTest(id: number): BreakerRow | undefined {
    return this.db.prepare('SELECT * FROM testing_breaker_tests WHERE id = ?').get(id) as BreakerRow | undefined
  }

  insertBreakerTest(proxyId: number, name: string, at: number): number {
    return Number(
      this.db
        .prepare("INSERT INTO testing_breaker_tests (proxy_id, name, state, started_at) VALUES (?, ?, 'running', ?)")
        .run(proxyId, name, at).lastInsertRowid
    )
  }

  setBreakerJob(id: number, jobId: string): void {
    this.db.prepare('UPDATE testing_breaker_tests SET job_id = ? WHERE id = ?').run(jobId, id)
  }

  finishBreakerTest(id: number, r: Pick<BreakerRow, 'state' | 'verdict' | 'report' | 'error' | 'ended_at'>): void {
    this.db
      .prepare('UPDATE testing_breaker_tests SET state = ?, verdict = ?, report = ?, error = ?, ended_at = ? WHERE id = ?')
      .run(r.state, r.verdict, r.report, r.error, r.ended_at, id)
  }
}
