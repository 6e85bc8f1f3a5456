// OpsGenie alert notifications (built into the console): Alerts API v2. The API key is the destination's secret (sent
// as `Authorization: GenieKey <key>`, never logged). One OpsGenie alert per console alert, found again by its alias:
// trigger creates it (OpsGenie de-duplicates on the alias), acknowledge and resolve act on it by alias.

const BASE = { us: 'https://api.opsgenie.com', eu: 'https://api.eu.opsgenie.com' }
/** OpsGenie's P1 (highest) to P5 from the console's severity. */
export const PRIORITY = { critical: 'P1', warning: 'P3', info: 'P5' }

export const aliasOf = (m) => (m.event === 'test' ? `control-console-test-${m.startedAt}` : `control-console-alert-${m.alertId}`)

export function baseUrlOf(settings) {
  if (typeof settings.apiUrl === 'string' && settings.apiUrl) return settings.apiUrl.replace(/\/+$/, '')
  return BASE[settings.region === 'eu' ? 'eu' : 'us']
}

/** The request for one message: create on trigger, reminder and test; acknowledge; close on resolve. */
export function opsgenieRequest(m, settings) {
  const base = baseUrlOf(settings)
  const alias = encodeURIComponent(aliasOf(m))
  const note = `${m.title}${m.link ? `\n${m.link}` : ''}`
  if (m.event === 'resolve')
    return { url: `${base}/v2/alerts/${alias}/close?identifierType=alias`, body: { source: 'Control Console', note } }
  if (m.event === 'acknowledge')
    return {
      url: `${base}/v2/alerts/${alias}/acknowledge?identifierType=alias`,
      body: { source: 'Control Console', ...(m.acknowledgedBy ? { user: m.acknowledgedBy } : {}), note }
    }
  const labels = m.labels ?? {}
  const details = { rule: m.ruleName, target: m.target, ...labels, ...(m.link ? { link: m.link } : {}) }
  if (m.failing) details.failing = m.failing
  const description = [
    m.summary,
    m.failing ? `Failing: ${m.failing}` : '',
    m.runbook ? `Runbook:\n${m.runbook}` : '',
    m.link ? `Open: ${m.link}` : ''
  ]
    .filter(Boolean)
    .join('\n\n')
  return {
    url: `${base}/v2/alerts`,
    body: {
      message: `${m.title}`.slice(0, 130),
      alias: aliasOf(m),
      description: description.slice(0, 15000),
      priority: PRIORITY[m.severity] ?? 'P3',
      source: 'Control Console',
      entity: m.target.slice(0, 512),
      tags: [...(Array.isArray(settings.tags) ? settings.tags : []), `severity:${m.severity}`].slice(0, 20),
      details: Object.fromEntries(Object.entries(details).map(([k, v]) => [k.slice(0, 50), String(v).slice(0, 8000)])),
      ...(Array.isArray(settings.responders) ? { responders: settings.responders } : {})
    }
  }
}

/** @param {import('../../../src/shared/extensionApi').ExtensionApi} api */
export function activate(api) {
  api.channels.register('opsgenie', async ({ settings, secret, message }) => {
    if (!secret) return { error: 'no OpsGenie API key set for this channel' }
    const { url, body } = opsgenieRequest(message, settings)
    return api.net.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `GenieKey ${secret.trim()}`, 'user-agent': 'control-console' },
      body: JSON.stringify(body)
    })
  })
}
