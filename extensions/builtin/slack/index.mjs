// Slack alert notifications (built into the console): an incoming-webhook message with Block Kit blocks and a plain-text
// fallback. The webhook URL is the destination's secret: it arrives with each delivery and is never logged; the
// console lets this delivery reach that URL's origin (consent by configuration) and nothing else.

const EMOJI = {
  trigger: ':rotating_light:',
  reminder: ':rotating_light:',
  resolve: ':white_check_mark:',
  acknowledge: ':eyes:',
  test: ':wave:'
}

/** The incoming-webhook payload for one alert message (the console's ChannelInvocation message). */
export function slackPayload(m, channel) {
  const fields = [
    { type: 'mrkdwn', text: `*Severity*\n${m.severity}` },
    { type: 'mrkdwn', text: `*Target*\n${m.target}` },
    ...(m.firedAt
      ? [
          {
            type: 'mrkdwn',
            text: `*Fired*\n<!date^${Math.floor(m.firedAt / 1000)}^{date_short_pretty} {time}|${new Date(m.firedAt).toISOString()}>`
          }
        ]
      : []),
    ...(m.acknowledgedBy ? [{ type: 'mrkdwn', text: `*Acknowledged by*\n${m.acknowledgedBy}` }] : []),
    ...(m.failing ? [{ type: 'mrkdwn', text: `*Failing component*\n${m.failing.slice(0, 1900)}` }] : [])
  ]
  const labels = Object.entries(m.labels ?? {})
    .map(([k, v]) => `\`${k}=${v}\``)
    .join(' ')
  return {
    ...(channel ? { channel } : {}),
    text: `${m.title}: ${m.summary}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `${EMOJI[m.event] ?? ''} ${m.title}`.slice(0, 150), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: m.summary.slice(0, 2900) } },
      { type: 'section', fields },
      ...(labels ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: labels.slice(0, 2900) }] }] : []),
      ...(m.runbook ? [{ type: 'section', text: { type: 'mrkdwn', text: `*Runbook*\n${m.runbook.slice(0, 2800)}` } }] : []),
      ...(m.link ? [{ type: 'section', text: { type: 'mrkdwn', text: `<${m.link}|Open the alert in Control Console>` } }] : [])
    ]
  }
}

/** @param {import('../../../src/shared/extensionApi').ExtensionApi} api */
export function activate(api) {
  api.channels.register('slack', async ({ settings, secret, message }) => {
    if (!secret) return { error: 'no webhook URL set for this channel' }
    const body = JSON.stringify(slackPayload(message, typeof settings.channel === 'string' ? settings.channel : ''))
    // the console turns a non-2xx answer into a failed delivery (5xx and 429 are retried)
    return api.net.fetch(secret.split('\n')[0].trim(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'control-console' },
      body
    })
  })
}
