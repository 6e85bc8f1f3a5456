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
  route: string
}

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
  if (m.firedAt) lines.push(`Fired: ${new Date(m.firedAt).toISOString()}`)
  if (m.resolvedAt) lines.push(`Resolved: ${new Date(m.resolvedAt).toISOString()}`)
  if (m.acknowledgedBy) lines.push(`Acknowledged by: ${m.acknowledgedBy}`)
  const labels = Object.entries(m.labels).map(([k, v]) => `${k}=${v}`)
  if (labels.length) lines.push(`Labels: ${labels.join(', ')}`)
  if (m.runbook) lines.push('', 'Runbook:', m.runbook)
  return lines.join('\n')
}

export function testMessage(channelName: string, now: number): AlertMessage {
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
    route: '/integrations'
  }
}
