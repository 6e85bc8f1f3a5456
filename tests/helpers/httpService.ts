import type { TestApp } from './app'
import { httpCheck } from './health'

/** A service with one HTTP check of `url` (health reports interpreted), announced so alert rules are made for it. */
export function addHttpService(app: TestApp['app'], url: string, name = 'payments', checkName = 'health') {
  const { id } = app.health.createService({
    name,
    environment: 'production',
    region: 'eu',
    description: '',
    tags: {},
    checks: [
      {
        name: checkName,
        intervalS: 60,
        retries: 0,
        paused: false,
        config: httpCheck(url)
      }
    ]
  })
  app.bus.publish('health:config', { at: Date.now() })
  return { serviceId: id, checkId: app.health.serviceDetail(id).checks[0]!.id }
}

/** A service "api" with one HTTP check of `url` whose default down rule fires at the first failure, notifying `channelIds`. */
export function downRuleService(
  app: TestApp['app'],
  url: string,
  channelIds: number[],
  rule: { labels?: Record<string, string>; runbook?: string; severity?: 'critical' | 'warning' | 'info' } = {}
) {
  const { serviceId, checkId } = addHttpService(app, url, 'api', 'root')
  const existing = app.alerts.rules(serviceId)[0]!
  app.alerts.updateRule(existing.id, {
    name: existing.name,
    serviceId,
    checkId: null,
    condition: { signal: 'down', failuresToFire: 1, successesToResolve: 1 },
    forS: 0,
    severity: rule.severity ?? 'warning',
    labels: rule.labels ?? {},
    runbook: rule.runbook ?? '',
    channelIds,
    reminderS: 0,
    notifyResolve: true,
    enabled: true
  })
  return { serviceId, checkId }
}
