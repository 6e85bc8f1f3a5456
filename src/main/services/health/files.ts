/**
 * Services and checks in the provisioned folder (`*.services.yaml`, the health:import format). A file owns the services it
 * lists: each is created or brought in line with the file (checks not in it are deleted); services in no file are left
 * alone. A service already as the file says is not written.
 */
import { canonicalJson } from '../../../shared/jsonDiff'
import { count, fileSafe, type ConfigFiles, type FileApplied } from '../../core/configFiles'
import { exportedServices, type ImportDeps } from './config'
import type { HealthRepo } from './repo'
import { parseServicesYaml, toYaml, type ParsedService } from './yaml'

/** A service in a form that compares equal whatever the order of its keys and checks. */
const canon = (s: Omit<ParsedService, 'tags'> & { tags: Record<string, string> }): string =>
  canonicalJson({
    name: s.name,
    environment: s.environment,
    region: s.region,
    description: s.description,
    tags: s.tags,
    checks: [...s.checks].sort((a, b) => a.name.localeCompare(b.name))
  })

export function provisionServices(deps: ImportDeps, text: string): FileApplied {
  const { db, repo } = deps
  const parsed = parseServicesYaml(text)
  const now = deps.clock.now()
  let created = 0
  let updated = 0
  deps.flush()
  const current = new Map(exportedServices(repo).map((s) => [`${s.environment}/${s.name}`, canon(s)]))
  db.transaction(() => {
    for (const svc of parsed) {
      if (current.get(`${svc.environment}/${svc.name}`) === canon(svc)) continue
      const existing = repo.serviceByName(svc.environment, svc.name)
      const sid = existing ? existing.id : repo.insertService(svc, now)
      if (existing) {
        repo.updateService(sid, svc)
        updated++
      } else created++
      const keep = new Set(svc.checks.map((c) => c.name))
      for (const c of repo.checks(sid)) if (!keep.has(c.name)) repo.deleteCheck(c.id)
      for (const c of svc.checks) {
        const old = repo.checkByName(sid, c.name)
        if (old) repo.updateCheck(old.id, c, now)
        else repo.insertCheck(sid, c, now)
      }
    }
  }).immediate()
  const changed = created + updated > 0
  if (changed) deps.applied()
  const checks = parsed.reduce((n, s) => n + s.checks.length, 0)
  return {
    changed,
    objects: parsed.map((s) => `${s.environment}/${s.name}`),
    summary: `${count(parsed.length, 'service')}, ${count(checks, 'check')}${changed ? `: ${created} created, ${updated} updated` : ''}`
  }
}

/** One file per environment: `services/<environment>.services.yaml`. */
export function exportServiceFiles(repo: HealthRepo): { path: string; text: string }[] {
  const byEnv = new Map<string, ReturnType<typeof exportedServices>>()
  for (const s of exportedServices(repo)) byEnv.set(s.environment, [...(byEnv.get(s.environment) ?? []), s])
  return [...byEnv.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([env, services]) => ({ path: `services/${fileSafe(env)}.services.yaml`, text: toYaml(services, true) }))
}

export function healthFiles(deps: ImportDeps): ConfigFiles {
  return { apply: (text) => provisionServices(deps, text), exportFiles: () => exportServiceFiles(deps.repo) }
}
