/** Config as code: export services and checks as YAML, import YAML all or nothing (with a dry run). */
import type { CheckConfig } from '../../../shared/health/types'
import type { Clock } from '../../core/clock'
import type { Db } from '../../db/open'
import type { HealthRepo } from './repo'
import { parseServicesYaml, toYaml } from './yaml'

export interface ImportDeps {
  db: Db
  repo: HealthRepo
  clock: Clock
  /** Write buffered results before the workspace changes. */
  flush: () => void
  /** After a real (not dry-run) import is written: bring the poller in line. */
  applied: () => void
}

/** Every service with its checks, as the YAML export lists them. */
export function exportedServices(repo: HealthRepo) {
  return repo.services().map((s) => ({
    ...s,
    tags: JSON.parse(s.tags) as Record<string, string>,
    checks: repo.checks(s.id).map((c) => ({
      name: c.name,
      intervalS: c.interval_s,
      retries: c.retries,
      paused: c.paused === 1,
      config: JSON.parse(c.config) as CheckConfig
    }))
  }))
}

export function exportServicesYaml(repo: HealthRepo): string {
  return toYaml(exportedServices(repo))
}

/** All or nothing: validate everything first, then write in one transaction, then reload the poller. */
export function importServicesYaml(deps: ImportDeps, text: string, mode: 'merge' | 'replace', dryRun: boolean) {
  const { db, repo } = deps
  const parsed = parseServicesYaml(text)
  const report = {
    services: parsed.length,
    checks: parsed.reduce((n, s) => n + s.checks.length, 0),
    created: 0,
    updated: 0,
    removed: 0,
    dryRun
  }
  const now = deps.clock.now()
  deps.flush()
  const apply = (): void => {
    const keep = new Set<number>()
    for (const svc of parsed) {
      const existing = repo.serviceByName(svc.environment, svc.name)
      const sid = existing ? existing.id : repo.insertService(svc, now)
      if (existing) {
        repo.updateService(sid, svc)
        report.updated++
      } else report.created++
      keep.add(sid)
      const keepChecks = new Set<string>()
      for (const c of svc.checks) {
        keepChecks.add(c.name)
        const old = repo.checkByName(sid, c.name)
        if (old) repo.updateCheck(old.id, c, now)
        else repo.insertCheck(sid, c, now)
      }
      if (mode === 'replace') for (const c of repo.checks(sid)) if (!keepChecks.has(c.name)) repo.deleteCheck(c.id)
    }
    if (mode === 'replace') {
      for (const s of repo.services()) {
        if (!keep.has(s.id)) {
          repo.deleteService(s.id)
          report.removed++
        }
      }
    }
  }
  if (dryRun) {
    // run the same writes and roll them back, so the report is exactly what would happen
    try {
      db.transaction(() => {
        apply()
        throw new DryRun()
      }).immediate()
    } catch (err) {
      if (!(err instanceof DryRun)) throw err
    }
    return report
  }
  db.transaction(apply).immediate()
  deps.applied()
  return report
}

class DryRun extends Error {}
