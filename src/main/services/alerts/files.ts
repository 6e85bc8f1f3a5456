/**
 * `*.alerts.yaml` files of the provisioned folder: destinations first (secrets from the console's environment, never from
 * the file), then rules, all in one transaction. Rules and destinations are matched by name; what already is as the
 * file says is not written.
 */
import { canonicalJson } from '../../../shared/jsonDiff'
import { AppError } from '../../../shared/errors'
import type { ChannelConfig } from '../../../shared/contract'
import { count, type ConfigFiles, type FileApplied } from '../../core/configFiles'
import { secretHint } from '../../core/secrets'
import type { YamlIssue } from '../../core/yamlIssues'
import { validateSecret } from './destinations'
import type { AlertParts } from './parts'
import type { RuleWrite } from './repo'
import { alertsError, alertsYaml, parseAlertsYaml, type DestinationYaml, type Locate, type RuleYaml } from './yaml'

type Env = Record<string, string | undefined>

const ruleKey = (r: Omit<RuleWrite, 'builtin'>): string =>
  canonicalJson({
    name: r.name,
    serviceId: r.serviceId,
    checkId: r.checkId,
    condition: r.condition,
    forS: r.forS,
    severity: r.severity,
    labels: r.labels,
    runbook: r.runbook,
    channelIds: r.channelIds,
    reminderS: r.reminderS,
    notifyResolve: r.notifyResolve,
    enabled: r.enabled
  })

export function provisionAlerts(parts: AlertParts, reload: () => void, text: string, env: Env): FileApplied {
  const { deps, repo } = parts
  const file = parseAlertsYaml(text)
  const issues: YamlIssue[] = []
  const secrets = file.destinations.map((d, i) => secretOf(d, i, env, file.locate, issues))
  const rules = file.rules.map((r, i) => resolveRule(parts, r, i, file, issues))
  if (issues.length) throw alertsError(issues)
  let written = 0
  const now = deps.clock.now()
  deps.db
    .transaction(() => {
      file.destinations.forEach((d, i) => {
        const secret = secrets[i]
        const old = repo.channels().find((c) => c.name === d.name)
        const config = JSON.stringify(d.config)
        if (!old) {
          const sealed = secret === undefined ? null : deps.secrets.encrypt(secret)
          const c = {
            name: d.name,
            kind: d.config.kind,
            config,
            secret: sealed,
            secretHint: secret ? secretHint(secret) : null,
            enabled: d.enabled
          }
          repo.insertChannel(c, now)
          return void written++
        }
        if (old.kind !== d.config.kind)
          throw alertsError([
            file.locate(['destinations', i, 'kind'], `"${d.name}" is a ${old.kind} destination; a new kind needs a new name`)
          ])
        const sameSecret = secret === undefined || (old.secret !== null && deps.secrets.decrypt(old.secret) === secret)
        if (sameSecret && canonicalJson(JSON.parse(old.config)) === canonicalJson(d.config) && (old.enabled === 1) === d.enabled) return
        repo.updateChannel(old.id, {
          name: d.name,
          config,
          secret: sameSecret ? old.secret : deps.secrets.encrypt(secret!),
          secretHint: sameSecret ? old.secret_hint : secretHint(secret!),
          enabled: d.enabled
        })
        written++
      })
      const channels = new Map(repo.channels().map((c) => [c.name, c.id]))
      const existing = repo.rules()
      rules.forEach((r, i) => {
        const channelIds = file.rules[i]!.destinations.map((n, j) => {
          const id = channels.get(n)
          if (id === undefined) throw alertsError([file.locate(['rules', i, 'destinations', j], `there is no destination "${n}"`)])
          return id
        })
        const want = { ...r, channelIds }
        const same = existing.filter((x) => x.name === r.name)
        if (same.length > 1)
          throw alertsError([
            file.locate(['rules', i, 'name'], `${same.length} rules are named "${r.name}" in the console; rename all but one`)
          ])
        if (same[0] && ruleKey(same[0]) === ruleKey(want)) return
        if (same[0]) repo.updateRule(same[0].id, want)
        else repo.insertRule(want, now)
        written++
      })
    })
    .immediate()
  if (written) {
    reload()
    parts.changes.config()
  }
  return {
    changed: written > 0,
    objects: [...file.destinations.map((d) => `destination ${d.name}`), ...file.rules.map((r) => r.name)],
    summary: `${count(file.rules.length, 'rule')}, ${count(file.destinations.length, 'destination')}${written ? `: ${written} written` : ''}`
  }
}

function secretOf(d: DestinationYaml, i: number, env: Env, locate: Locate, issues: YamlIssue[]): string | undefined {
  if (!d.secretEnv) return undefined
  const value = env[d.secretEnv]
  if (value === undefined || value === '') {
    issues.push(locate(['destinations', i, 'secretEnv'], `the environment variable ${d.secretEnv} is not set in the console's environment`))
    return undefined
  }
  try {
    validateSecret(d.config, value, 'secretEnv')
  } catch (e) {
    issues.push(locate(['destinations', i, 'secretEnv'], `${d.secretEnv}: ${(e as AppError).message}`))
  }
  return value
}

/** Names → ids through health's port; the channel ids are filled in inside the transaction. */
function resolveRule(
  parts: AlertParts,
  r: RuleYaml,
  i: number,
  file: { locate: Locate },
  issues: YamlIssue[]
): Omit<RuleWrite, 'channelIds'> {
  const { health } = parts.deps
  let serviceId: number | null = null
  let checkId: number | null = null
  if (r.service !== undefined) {
    const matches = health
      .services()
      .filter((s) => s.name === r.service && (r.environment === undefined || s.environment === r.environment))
    if (matches.length === 1) serviceId = matches[0]!.id
    else
      issues.push(
        file.locate(
          ['rules', i, 'service'],
          matches.length
            ? `"${r.service}" is in ${matches.map((s) => s.environment).join(', ')}: add environment:`
            : `there is no service "${r.service}"${r.environment ? ` in ${r.environment}` : ''}`
        )
      )
  } else if (r.environment !== undefined || r.check !== undefined)
    issues.push(file.locate(['rules', i, r.check !== undefined ? 'check' : 'environment'], 'needs service:'))
  if (serviceId !== null && r.check !== undefined) {
    const c = health.checks(serviceId).find((x) => x.name === r.check)
    if (c) checkId = c.id
    else issues.push(file.locate(['rules', i, 'check'], `${r.service} has no check "${r.check}"`))
  }
  return {
    name: r.name,
    serviceId,
    checkId,
    condition: r.condition,
    forS: r.for,
    severity: r.severity,
    labels: r.labels,
    runbook: r.runbook,
    reminderS: r.reminder,
    notifyResolve: r.notifyResolve,
    enabled: r.enabled
  }
}

/** `alerts/rules.alerts.yaml`: the destinations (not the built-in Desktop) and the rules the console did not create itself. */
export function exportAlertFiles(parts: AlertParts): { path: string; text: string }[] {
  const { deps, repo } = parts
  const channels = repo.channels()
  const channelName = new Map(channels.map((c) => [c.id, c.name]))
  const destinations: DestinationYaml[] = channels
    .filter((c) => c.builtin !== 1)
    .map((c) => ({ name: c.name, enabled: c.enabled === 1, config: JSON.parse(c.config) as ChannelConfig }))
  const rules: RuleYaml[] = repo
    .rules()
    .filter((r) => !r.builtin)
    .map((r) => {
      const s = r.serviceId === null ? undefined : deps.health.service(r.serviceId)
      const c = r.checkId === null ? undefined : deps.health.check(r.checkId)
      return {
        name: r.name,
        ...(s ? { service: s.name, environment: s.environment } : {}),
        ...(c ? { check: c.name } : {}),
        condition: r.condition,
        for: r.forS,
        severity: r.severity,
        labels: r.labels,
        runbook: r.runbook,
        destinations: r.channelIds.map((id) => channelName.get(id)).filter((n): n is string => n !== undefined),
        reminder: r.reminderS,
        notifyResolve: r.notifyResolve,
        enabled: r.enabled
      }
    })
  if (!destinations.length && !rules.length) return []
  return [{ path: 'alerts/rules.alerts.yaml', text: alertsYaml(destinations, rules) }]
}

export function alertsFiles(parts: AlertParts, reload: () => void, env: Env = process.env): ConfigFiles {
  return { apply: (text) => provisionAlerts(parts, reload, text, env), exportFiles: () => exportAlertFiles(parts) }
}
