import { statementCache, type Db } from '../../db/open'
import type { CheckConfig } from '../../../shared/health/types'
import type { MaintenanceScope, MaintenanceWindow } from './maintenance'

export interface ServiceRow {
  id: number
  name: string
  environment: string
  region: string
  description: string
  tags: string
  created_at: number
}

export interface CheckRow {
  id: number
  service_id: number
  name: string
  kind: string
  config: string
  interval_s: number
  retries: number
  paused: number
}

export interface CheckStateRow {
  check_id: number
  state: string
  since: number
  last_run_at: number | null
  last_latency_ms: number | null
  last_status_code: number | null
  last_error: string | null
  last_error_kind: string | null
  last_snippet: string | null
  consecutive_failures: number
  consecutive_successes: number
  cert_expires_at: number | null
  cert_days_left: number | null
}

export interface NewCheck {
  name: string
  intervalS: number
  retries: number
  paused: boolean
  config: CheckConfig
}

/** SQL for services, checks and maintenance windows. */
export class HealthRepo {
  private sql: ReturnType<typeof statementCache>
  constructor(private db: Db) {
    this.sql = statementCache(db)
  }

  services(): ServiceRow[] {
    return this.sql('SELECT * FROM services ORDER BY environment, region, name').all() as ServiceRow[]
  }

  service(id: number): ServiceRow | undefined {
    return this.sql('SELECT * FROM services WHERE id = ?').get(id) as ServiceRow | undefined
  }

  serviceByName(environment: string, name: string): ServiceRow | undefined {
    return this.sql('SELECT * FROM services WHERE environment = ? AND name = ?').get(environment, name) as ServiceRow | undefined
  }

  insertService(
    s: { name: string; environment: string; region: string; description: string; tags: Record<string, string> },
    at: number
  ): number {
    return Number(
      this.sql('INSERT INTO services (name, environment, region, description, tags, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        s.name,
        s.environment,
        s.region,
        s.description,
        JSON.stringify(s.tags),
        at
      ).lastInsertRowid
    )
  }

  updateService(
    id: number,
    s: { name: string; environment: string; region: string; description: string; tags: Record<string, string> }
  ): void {
    this.sql('UPDATE services SET name = ?, environment = ?, region = ?, description = ?, tags = ? WHERE id = ?').run(
      s.name,
      s.environment,
      s.region,
      s.description,
      JSON.stringify(s.tags),
      id
    )
  }

  deleteService(id: number): void {
    this.sql('DELETE FROM services WHERE id = ?').run(id)
  }

  checks(serviceId?: number): CheckRow[] {
    return (
      serviceId === undefined
        ? this.sql('SELECT * FROM checks ORDER BY service_id, name').all()
        : this.sql('SELECT * FROM checks WHERE service_id = ? ORDER BY name').all(serviceId)
    ) as CheckRow[]
  }

  check(id: number): CheckRow | undefined {
    return this.sql('SELECT * FROM checks WHERE id = ?').get(id) as CheckRow | undefined
  }

  checkByName(serviceId: number, name: string): CheckRow | undefined {
    return this.sql('SELECT * FROM checks WHERE service_id = ? AND name = ?').get(serviceId, name) as CheckRow | undefined
  }

  insertCheck(serviceId: number, c: NewCheck, at: number): number {
    return Number(
      this.sql(
        'INSERT INTO checks (service_id, name, kind, config, interval_s, retries, paused, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
      ).run(serviceId, c.name, c.config.kind, JSON.stringify(c.config), c.intervalS, c.retries, c.paused ? 1 : 0, at, at).lastInsertRowid
    )
  }

  updateCheck(id: number, c: NewCheck, at: number): void {
    this.sql('UPDATE checks SET name = ?, kind = ?, config = ?, interval_s = ?, retries = ?, paused = ?, updated_at = ? WHERE id = ?').run(
      c.name,
      c.config.kind,
      JSON.stringify(c.config),
      c.intervalS,
      c.retries,
      c.paused ? 1 : 0,
      at,
      id
    )
  }

  setPaused(ids: number[], paused: boolean, at: number): void {
    const stmt = this.sql('UPDATE checks SET paused = ?, updated_at = ? WHERE id = ?')
    for (const id of ids) stmt.run(paused ? 1 : 0, at, id)
  }

  deleteCheck(id: number): void {
    this.sql('DELETE FROM checks WHERE id = ?').run(id)
  }

  states(): CheckStateRow[] {
    return this.sql('SELECT * FROM check_state').all() as CheckStateRow[]
  }

  setState(checkId: number, state: string, since: number): void {
    this.sql(
      `INSERT INTO check_state (check_id, state, since) VALUES (?, ?, ?)
         ON CONFLICT(check_id) DO UPDATE SET state = excluded.state, since = excluded.since, consecutive_failures = 0`
    ).run(checkId, state, since)
  }

  openIncidentServices(): Set<number> {
    const rows = this.sql('SELECT DISTINCT service_id FROM health_incidents WHERE ended_at IS NULL').all() as { service_id: number }[]
    return new Set(rows.map((r) => r.service_id))
  }

  maintenance(): (MaintenanceWindow & { title: string })[] {
    const rows = this.sql('SELECT * FROM maintenance_windows ORDER BY id').all() as {
      id: number
      title: string
      scope: MaintenanceScope
      scope_value: string | null
      kind: 'once' | 'weekly'
      starts_at: number | null
      ends_at: number | null
      days: string | null
      start_time: string | null
      duration_min: number | null
      time_zone: string | null
    }[]
    const members = new Map<number, number[]>()
    for (const m of this.sql('SELECT window_id, service_id FROM maintenance_window_services ORDER BY service_id').all() as {
      window_id: number
      service_id: number
    }[])
      members.set(m.window_id, [...(members.get(m.window_id) ?? []), m.service_id])
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      scope: r.scope,
      serviceIds: members.get(r.id) ?? [],
      scopeValue: r.scope_value,
      kind: r.kind,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      days: r.days ? (JSON.parse(r.days) as number[]) : null,
      startTime: r.start_time,
      durationMin: r.duration_min,
      timeZone: r.time_zone
    }))
  }

  /** Insert a window (id undefined) or rewrite one, with its list of services, in one transaction; returns the id. */
  saveMaintenance(id: number | undefined, m: Omit<MaintenanceWindow, 'id'> & { title: string }, at: number): number {
    const values = [
      m.title,
      m.scope,
      m.scopeValue,
      m.kind,
      m.startsAt,
      m.endsAt,
      m.days ? JSON.stringify(m.days) : null,
      m.startTime,
      m.durationMin,
      m.timeZone,
      at
    ]
    return this.db
      .transaction(() => {
        let wid = id
        if (wid === undefined)
          wid = Number(
            this.sql(
              'INSERT INTO maintenance_windows (title, scope, scope_value, kind, starts_at, ends_at, days, start_time, duration_min, time_zone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
            ).run(...values).lastInsertRowid
          )
        else
          this.sql(
            'UPDATE maintenance_windows SET title = ?, scope = ?, scope_value = ?, kind = ?, starts_at = ?, ends_at = ?, days = ?, start_time = ?, duration_min = ?, time_zone = ?, updated_at = ?, service_id = NULL WHERE id = ?'
          ).run(...values, wid)
        this.sql('DELETE FROM maintenance_window_services WHERE window_id = ?').run(wid)
        const add = this.sql('INSERT INTO maintenance_window_services (window_id, service_id) VALUES (?, ?)')
        for (const sid of new Set(m.serviceIds)) add.run(wid, sid)
        return wid
      })
      .immediate()
  }

  deleteMaintenance(id: number): number {
    return this.sql('DELETE FROM maintenance_windows WHERE id = ?').run(id).changes
  }
}
