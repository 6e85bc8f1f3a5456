import type { AlertMessage } from './message'
import { failingSaid, titleOf } from './message'
import { postJson } from './http'

const EMOJI = {
  trigger: ':rotating_light:',
  reminder: ':rotating_light:',
  resolve: ':white_check_mark:',
  acknowledge: ':eyes:',
  test: ':wave:'
} as const

/** Slack incoming-webhook payload with Block Kit blocks and a plain-text fallback. */
export function slackPayload(m: AlertMessage, channel: string): Record<string, unknown> {
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
    ...(failingSaid(m) ? [{ type: 'mrkdwn', text: `*Failing component*\n${failingSaid(m)!.slice(0, 1900)}` }] : [])
  ]
  const labels = Object.entries(m.labels)
    .map(([k, v]) => `\`${k}=${v}\``)
    .join(' ')
  return {
    ...(channel ? { channel } : {}),
    text: `${titleOf(m)}: ${m.summary}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `${EMOJI[m.event]} ${titleOf(m)}`.slice(0, 150), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: m.summary.slice(0, 2900) } },
      { type: 'section', fields },
      ...(labels ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: labels.slice(0, 2900) }] }] : []),
      ...(m.runbook ? [{ type: 'section', text: { type: 'mrkdwn', text: `*Runbook*\n${m.runbook.slice(0, 2800)}` } }] : []),
      ...(m.link ? [{ type: 'section', text: { type: 'mrkdwn', text: `<${m.link}|Open the alert in Control Console>` } }] : [])
    ]
  }
}

export async function sendSlack(webhookUrl: string, channel: string, m: AlertMessage, timeoutMs: number, signal?: AbortSignal) {
  return postJson(webhookUrl, slackPayload(m, channel), { timeoutMs, ...(signal ? { signal } : {}) })
}
