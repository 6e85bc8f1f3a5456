import { componentMessage, type FailureDetail } from '../failure'

export type NotifyEvent = 'trigger' | 'resolve' | 'acknowledge' | 'reminder' | 'test'

/** Everything a channel needs to say about one alert, independent of the channel. */
export interface AlertMessage {
  alertId: number
  event: NotifyEvent
  severity: 'critical' | 'warning' | 'info'
  state: 'pending' | 'firing' | 'resolved'
  ruleName: string
  target: string
  summary: string
  labels: Record<string, string>
  startedAt: number
  firedAt: number | null
  resolvedAt: number | null
  acknowledgedBy: string | null
  runbook: string
  /** In-app route (#/alerts/<id>): desktop notifications open it. */
  route: string
  /** The failing check and components of a health alert, else null. */
  failure: FailureDetail | null
  /** Absolute link to the alert for people outside the app (built from the base URL setting), else null. */
  link: string | null
}

/** `https://console.example.com/#/alerts/12`: the base URL (the console as people reach it) and the in-app route; null without a base URL. */
export function linkTo(baseUrl: string, route: string): string | null {
  const base = baseUrl.trim().replace(/\/+$/, '')
  return base ? `${base}/#${route.startsWith('/') ? route : `/${route}`}` : null
}

/** "postgres is unreachable" for a message whose check had failing components, else null. */
export const failingSaid = (m: AlertMessage): string | null =>
  m.failure?.components.length ? componentMessage(m.failure.components) : null

const VERB: Record<NotifyEvent, string> = {
  trigger: 'FIRING',
  resolve: 'RESOLVED',
  acknowledge: 'ACKNOWLEDGED',
  reminder: 'STILL FIRING',
  test: 'TEST'
}

export const titleOf = (m: AlertMessage): string => `[${VERB[m.event]}] ${m.ruleName} — ${m.target}`

export function textOf(m: AlertMessage): string {
  const lines = [titleOf(m), m.summary, `Severity: ${m.severity}`]
  if (m.failure) lines.push(`Failing check: ${m.failure.checkName}${m.failure.error ? ` (${m.failure.error})` : ''}`)
  for (const c of m.failure?.components ?? []) lines.push(`Failing component: ${c.key} ${c.status}${c.output ? ` — ${c.output}` : ''}`)
  if (m.firedAt) lines.push(`Fired: ${new Date(m.firedAt).toISOString()}`)
  if (m.resolvedAt) lines.push(`Resolved: ${new Date(m.resolvedAt).toISOString()}`)
  if (m.acknowledgedBy) lines.push(`Acknowledged by: ${m.acknowledgedBy}`)
  const labels = Object.entries(m.labels).map(([k, v]) => `${k}=${v}`)
  if (labels.length) lines.push(`Labels: ${labels.join(', ')}`)
  if (m.link) lines.push(`Open: ${m.link}`)
  if (m.runbook) lines.push('', 'Runbook:', m.runbook)
  return lines.join('\n')
}

export function testMessage(channelName: string, now: number, baseUrl = ''): AlertMessage {
  return {
    alertId: 0,
    event: 'test',
    severity: 'info',
    state: 'firing',
    ruleName: 'Test notification',
    target: channelName,
    summary: `This is a test from Control Console to the channel "${channelName}". If you can read it, the channel works.`,
    labels: { alertname: 'Test notification' },
    startedAt: now,
    firedAt: now,
    resolvedAt: null,
    acknowledgedBy: null,
    runbook: '',
    route: '/integrations',
    failure: null,
    link: linkTo(baseUrl, '/integrations')
  }
}
