/** Maintenance window CRUD over the repo: listing with live status, creating, editing and deleting windows. */
import { invalid, notFound } from '../../../shared/errors'
import type { MaintenanceInput } from '../../../shared/contract'
import type { z } from 'zod'
import type { Clock } from '../../core/clock'
import { covers, isActive, nextStart, scopeOf } from './maintenance'
import type { HealthRepo } from './repo'

/** Every window with its live status; with a serviceId, only the windows that cover that service. */
export function listMaintenance(repo: HealthRepo, clock: Clock, serviceNames: ReadonlyMap<number, string>, serviceId?: number) {
  const now = clock.now()
  const row = serviceId === undefined ? undefined : repo.service(serviceId)
  const scope = row && scopeOf(row)
  return repo
    .maintenance()
    .filter((w) => serviceId === undefined || (scope !== undefined && covers(w, scope)))
    .map((w) => ({
      ...w,
      serviceNames: w.serviceIds.map((id) => serviceNames.get(id) ?? `service ${id}`),
      activeNow: isActive(w, now),
      nextStart: nextStart(w, now)
    }))
}

/** Insert a window (id undefined) or rewrite one; the caller reloads its windows. */
export function saveMaintenance(repo: HealthRepo, clock: Clock, m: z.output<typeof MaintenanceInput>, id?: number): number {
  if (id !== undefined && !repo.maintenance().some((w) => w.id === id)) throw notFound(`maintenance window ${id}`)
  const serviceIds = m.scope === 'services' ? [...new Set(m.serviceIds)] : []
  serviceIds.forEach((sid, i) => {
    if (!repo.service(sid)) throw invalid(`serviceIds.${i}`, `service ${sid} does not exist (it may have been deleted)`)
  })
  return repo.saveMaintenance(
    id,
    {
      title: m.title,
      scope: m.scope,
      serviceIds,
      scopeValue: m.scope === 'environment' ? (m.environment ?? null) : m.scope === 'tag' ? (m.tag ?? null) : null,
      kind: m.kind,
      startsAt: m.kind === 'once' ? (m.startsAt ?? null) : null,
      endsAt: m.kind === 'once' ? (m.endsAt ?? null) : null,
      days: m.kind === 'weekly' ? (m.days ?? null) : null,
      startTime: m.kind === 'weekly' ? (m.startTime ?? null) : null,
      durationMin: m.kind === 'weekly' ? (m.durationMin ?? null) : null,
      timeZone: m.kind === 'weekly' ? (m.timeZone ?? null) : null
    },
    clock.now()
  )
}

/** Delete a window; the caller reloads its windows. */
export function removeMaintenance(repo: HealthRepo, id: number): void {
  if (repo.deleteMaintenance(id) === 0) throw notFound(`maintenance window ${id}`)
}
