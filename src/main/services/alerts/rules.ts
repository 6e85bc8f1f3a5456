/** Alert rules: the built-in "down" rule per service and the area-wide defaults (defaults.ts), create/update/delete with target checks, the list and the backtest. */
import type { z } from 'zod'
import type { RuleInput } from '../../../shared/contract'
import { invalid, notFound } from '../../../shared/errors'
import { backtest } from './backtest'
import { describeCondition } from './condition'
import { DEFAULT_SIGNAL_RULES } from './defaults'
import type { AlertParts } from './parts'

export class AlertRules {
  constructor(
    private parts: AlertParts,
    /** Hands the current rules to the engine. */
    private reload: () => void
  ) {}

  /** Every service gets a "down" rule: fires after 3 failed checks, resolves after 2 good ones. */
  ensureDefaultRules(): number {
    const { deps, repo } = this.parts
    const desktop = repo.channels().find((c) => c.builtin === 1)
    const covered = repo.servicesWithDefaultRule()
    const missing = deps.health.services().filter((s) => !covered.has(s.id))
    for (const s of missing) {
      repo.insertRule(
        {
          name: `${s.name} is down`,
          serviceId: s.id,
          checkId: null,
          condition: { signal: 'down', failuresToFire: 3, successesToResolve: 2 },
          forS: 0,
          severity: 'critical',
          labels: {},
          runbook: `## ${s.name} is down\n\n1. Open the service page and read the last error and response snippet.\n2. Check the service's own logs and its dependencies (the health+json components).\n3. Acknowledge the alert so others know someone is on it.`,
          channelIds: desktop ? [desktop.id] : [],
          reminderS: 0,
          notifyResolve: true,
          enabled: true,
          builtin: true
        },
        deps.clock.now()
      )
    }
    return missing.length + this.ensureSignalDefaults(desktop?.id)
  }

  /**
   * The area-wide defaults (testing, budget crossings, drift verdicts), each created once per workspace: a rule the user
   * deleted is not created again. A workspace that has a built-in rule for the signal from before keeps it.
   */
  private ensureSignalDefaults(desktop: number | undefined): number {
    const { deps, repo } = this.parts
    const seeded = repo.seededDefaults()
    let created = 0
    deps.db.transaction(() => {
      const now = deps.clock.now()
      for (const [key, rule] of Object.entries(DEFAULT_SIGNAL_RULES)) {
        if (seeded.has(key)) continue
        if (!repo.rules().some((r) => r.builtin && r.condition.signal === rule.condition.signal)) {
          repo.insertRule({ ...rule, channelIds: desktop ? [desktop] : [], builtin: true }, now)
          created++
        }
        repo.markDefaultSeeded(key, now)
      }
    })()
    return created
  }

  private checkTargets(r: z.output<typeof RuleInput>): void {
    const { deps, repo } = this.parts
    if (r.serviceId !== null && !deps.health.service(r.serviceId)) throw invalid('serviceId', `service ${r.serviceId} does not exist`)
    if (r.checkId !== null) {
      const c = deps.health.check(r.checkId)
      if (!c) throw invalid('checkId', `check ${r.checkId} does not exist`)
      if (r.serviceId !== null && c.serviceId !== r.serviceId) throw invalid('checkId', `check ${r.checkId} belongs to another service`)
    }
    r.channelIds.forEach((id, i) => {
      if (!repo.channel(id)) throw invalid(`channelIds[${i}]`, `channel ${id} does not exist`)
    })
  }

  create(r: z.output<typeof RuleInput>): { id: number } {
    this.checkTargets(r)
    const id = this.parts.repo.insertRule(r, this.parts.deps.clock.now())
    this.changed()
    return { id }
  }

  update(id: number, r: z.output<typeof RuleInput>): { id: number } {
    if (!this.parts.repo.rule(id)) throw notFound(`rule ${id}`)
    this.checkTargets(r)
    this.parts.repo.updateRule(id, r)
    this.changed()
    return { id }
  }

  delete(id: number): { id: number } {
    if (this.parts.repo.deleteRule(id) === 0) throw notFound(`rule ${id}`)
    this.changed()
    return { id }
  }

  list(serviceId?: number) {
    const { deps, repo } = this.parts
    const counts = repo.openCountsByRule()
    const services = new Map(deps.health.services().map((s) => [s.id, s.name]))
    return repo
      .rules()
      .filter((r) => serviceId === undefined || r.serviceId === serviceId)
      .map((r) => ({
        ...r,
        condition: r.condition as unknown as Record<string, unknown>,
        serviceName: r.serviceId === null ? null : (services.get(r.serviceId) ?? null),
        checkName: r.checkId === null ? null : (deps.health.check(r.checkId)?.name ?? null),
        description: describeCondition(r.condition),
        openAlerts: counts.get(r.id) ?? 0
      }))
  }

  backtest(rule: z.output<typeof RuleInput>, days: number) {
    this.checkTargets(rule)
    return backtest(this.parts.deps.health, rule, days, this.parts.deps.clock.now())
  }

  private changed(): void {
    this.reload()
    this.parts.changes.config()
  }
}
