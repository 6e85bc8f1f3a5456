import type { AlertMessage } from './message'
import { titleOf } from './message'
import { postJson } from './http'

const ACTION = { trigger: 'trigger', reminder: 'trigger', test: 'trigger', acknowledge: 'acknowledge', resolve: 'resolve' } as const
const SEVERITY = { critical: 'critical', warning: 'warning', info: 'info' } as const

/** PagerDuty Events API v2 body; dedup_key is the alert id so acknowledge and resolve reach the same incident. */
export function pagerDutyPayload(m: AlertMessage, routingKey: string, source: string): Record<string, unknown> {
  const action = ACTION[m.event]
  const dedupKey = m.event === 'test' ? `control-console-test-${m.startedAt}` : `control-console-alert-${m.alertId}`
  if (action !== 'trigger') return { routing_key: routingKey, event_action: action, dedup_key: dedupKey }
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: `${titleOf(m)}: ${m.summary}`.slice(0, 1024),
      source,
      severity: SEVERITY[m.severity],
      timestamp: new Date(m.firedAt ?? m.startedAt).toISOString(),
      component: m.labels.service ?? m.target,
      group: m.labels.environment ?? undefined,
      class: m.labels.signal ?? undefined,
      custom_details: {
        rule: m.ruleName,
        target: m.target,
        labels: m.labels,
        ...(m.failure
          ? { failing_check: m.failure.checkName, check_error: m.failure.error, failing_components: m.failure.components }
          : {}),
        ...(m.runbook ? { runbook: m.runbook } : {})
      }
    },
    client: 'Control Console',
    ...(m.link ? { client_url: m.link } : {}),
    links: m.link ? [{ href: m.link, text: 'Open the alert in Control Console' }] : []
  }
}

export async function sendPagerDuty(
  eventsUrl: string,
  routingKey: string,
  source: string,
  m: AlertMessage,
  timeoutMs: number,
  signal?: AbortSignal
) {
  return postJson(eventsUrl, pagerDutyPayload(m, routingKey, source), { timeoutMs, ...(signal ? { signal } : {}) })
}
