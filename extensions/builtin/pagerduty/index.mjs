// PagerDuty alert notifications (built into the console): Events API v2. The routing key is the destination's secret
// (it arrives with each delivery and is never logged); the events URL is the destination's setting, so this delivery
// may reach its origin (consent by configuration) and nothing else.

const ACTION = { trigger: 'trigger', reminder: 'trigger', test: 'trigger', acknowledge: 'acknowledge', resolve: 'resolve' }
const SEVERITY = { critical: 'critical', warning: 'warning', info: 'info' }

/** Events API v2 body; dedup_key is the alert id so acknowledge and resolve reach the same incident. */
export function pagerDutyPayload(m, routingKey, source) {
  const action = ACTION[m.event] ?? 'trigger'
  const dedupKey = m.event === 'test' ? `control-console-test-${m.startedAt}` : `control-console-alert-${m.alertId}`
  if (action !== 'trigger') return { routing_key: routingKey, event_action: action, dedup_key: dedupKey }
  const labels = m.labels ?? {}
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: `${m.title}: ${m.summary}`.slice(0, 1024),
      source,
      severity: SEVERITY[m.severity] ?? 'warning',
      timestamp: new Date(m.firedAt ?? m.startedAt).toISOString(),
      component: labels.service ?? m.target,
      group: labels.environment ?? undefined,
      class: labels.signal ?? undefined,
      custom_details: {
        rule: m.ruleName,
        target: m.target,
        labels,
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

/** @param {import('../../../src/shared/extensionApi').ExtensionApi} api */
export function activate(api) {
  api.channels.register('pagerduty', async ({ settings, secret, message }) => {
    if (!secret) return { error: 'no routing key set for this channel' }
    const eventsUrl = typeof settings.eventsUrl === 'string' ? settings.eventsUrl : 'https://events.pagerduty.com/v2/enqueue'
    const source = typeof settings.source === 'string' && settings.source ? settings.source : 'control-console'
    return api.net.fetch(eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'control-console' },
      body: JSON.stringify(pagerDutyPayload(message, secret.trim(), source))
    })
  })
}
