/** Maintenance window CRUD over the repo: listing with live status, creating and deleting windows. */
import { notFound } from '../../../shared/errors'
import type { MaintenanceInput } from '../../../shared/contract'
import type { z } from 'zod'
import type { Clock } from '../../core/clock'
import { isActive, nextStart } from './maintenance'
import type { HealthRepo } from './repo'

export function listMaintenance(repo: HealthRepo, clock: Clock, serviceNames: ReadonlyMap<number, string>, serviceId?: number) {
  const now = clock.now()
  return repo
    .maintenance()
    .filter((w) => serviceId === undefined || w.serviceId === null || w.serviceId === serviceId)
    .map((w) => ({
      ...w,
      serviceName: w.serviceId === null ? null : (serviceNames.get(w.serviceId) ?? null),
      activeNow: isActive(w, now),
      nextStart: nextStart(w, now)
    }))
}

/** Insert a window; the caller reloads its windows. */
export function insertMaintenance(repo: HealthRepo, clock: Clock, m: z.output<typeof MaintenanceInput>): number {
  if (m.serviceId !== null && !repo.service(m.serviceId)) throw notFound(`service ${m.serviceId}`)
  return repo.insertMaintenance(
    {
      serviceId: m.serviceId,
      title: m.title,
      kind: m.kind,
      startsAt: m.startsAt ?? null,
      endsAt: m.endsAt ?? null,
      days: m.days ?? null,
      startTime: m.startTime ?? null,
      durationMin: m.durationMin ?? null,
      timeZone: m.timeZone ?? null
    },
    clock.now()
  )
}

/** Delete a window; the caller reloads its windows. */
export function removeMaintenance(repo: HealthRepo, id: number): void {
  if (repo.deleteMaintenance(id) === 0) throw notFound(`maintenance window ${id}`)
}
