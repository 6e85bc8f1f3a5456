import crypto from 'node:crypto'
import type { AlertMessage } from './message'
import { postJson } from './http'

/** Generic webhook: JSON body, HMAC-SHA256 of `${timestamp}.${body}` in X-Console-Signature. */
export function webhookBody(m: AlertMessage): Record<string, unknown> {
  return {
    version: '1',
    event: m.event,
    alert: {
      id: m.alertId,
      state: m.state,
      severity: m.severity,
      rule: m.ruleName,
      target: m.target,
      summary: m.summary,
      labels: m.labels,
      startedAt: new Date(m.startedAt).toISOString(),
      firedAt: m.firedAt ? new Date(m.firedAt).toISOString() : null,
      resolvedAt: m.resolvedAt ? new Date(m.resolvedAt).toISOString() : null,
      acknowledgedBy: m.acknowledgedBy,
      runbook: m.runbook,
      /** The failing check and its health components ({ key, status, output }), for health alerts; else null. */
      failure: m.failure,
      /** Absolute link to the alert (from the base URL setting), or null when none is set. */
      url: m.link
    }
  }
}

export function sign(key: string, timestamp: string, body: string): string {
  return 'sha256=' + crypto.createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex')
}

/** The secret is the URL, optionally followed by the HMAC key on a second line. */
export function parseWebhookSecret(secret: string): { url: string; key: string | null } {
  const [url = '', key] = secret.split('\n').map((s) => s.trim())
  return { url, key: key || null }
}

export async function sendWebhook(
  secret: string,
  headers: Record<string, string>,
  m: AlertMessage,
  timeoutMs: number,
  now: number,
  signal?: AbortSignal
) {
  const { url, key } = parseWebhookSecret(secret)
  const raw = JSON.stringify(webhookBody(m))
  const ts = String(Math.floor(now / 1000))
  const sig: Record<string, string> = key ? { 'x-console-timestamp': ts, 'x-console-signature': sign(key, ts, raw) } : {}
  return postJson(url, null, { raw, timeoutMs, headers: { ...headers, 'x-console-event': m.event, ...sig }, ...(signal ? { signal } : {}) })
}
