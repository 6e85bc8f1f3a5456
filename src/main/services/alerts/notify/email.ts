import nodemailer from 'nodemailer'
import type { ChannelConfig } from '../../../../shared/contract'
import type { AlertMessage } from './message'
import { textOf, titleOf } from './message'
import { DeliveryError } from './http'

type EmailConfig = Extract<ChannelConfig, { kind: 'email' }>

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export function emailHtml(m: AlertMessage): string {
  const color = m.event === 'resolve' ? '#1a7f37' : m.severity === 'critical' ? '#cf222e' : m.severity === 'warning' ? '#b7791f' : '#1f6feb'
  const labels = Object.entries(m.labels)
    .map(([k, v]) => `<code>${escapeHtml(k)}=${escapeHtml(v)}</code>`)
    .join(' ')
  const failing = (m.failure?.components ?? [])
    .map((c) => `<li><code>${escapeHtml(c.key)}</code> ${c.status}${c.output ? `: <b>${escapeHtml(c.output)}</b>` : ''}</li>`)
    .join('')
  const failure = m.failure
    ? `<p>Failing check: <b>${escapeHtml(m.failure.checkName)}</b>${m.failure.error ? ` (${escapeHtml(m.failure.error)})` : ''}</p>${failing ? `<ul>${failing}</ul>` : ''}`
    : ''
  const link = m.link ? `<p><a href="${escapeHtml(m.link)}">Open the alert in Control Console</a></p>` : ''
  return `<div style="font-family:system-ui,sans-serif"><h2 style="color:${color}">${escapeHtml(titleOf(m))}</h2><p>${escapeHtml(m.summary)}</p>${failure}<p>Severity: <b>${m.severity}</b></p>${labels ? `<p>${labels}</p>` : ''}${link}${m.runbook ? `<h3>Runbook</h3><pre style="white-space:pre-wrap">${escapeHtml(m.runbook)}</pre>` : ''}</div>`
}

/** SMTP via nodemailer: implicit TLS, STARTTLS (required) or plain, with optional auth. */
export async function sendEmail(
  cfg: EmailConfig,
  password: string | null,
  m: AlertMessage,
  timeoutMs: number,
  extra?: { subject?: string; html?: string; text?: string; attachments?: { filename: string; content: string }[] }
) {
  const transport = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.security === 'tls',
    requireTLS: cfg.security === 'starttls',
    ignoreTLS: cfg.security === 'none',
    ...(cfg.username ? { auth: { user: cfg.username, pass: password ?? '' } } : {}),
    tls: { rejectUnauthorized: !cfg.allowInvalidCertificates },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs
  })
  try {
    const info = await transport.sendMail({
      from: cfg.from,
      to: cfg.to.join(', '),
      subject: extra?.subject ?? titleOf(m),
      text: extra?.text ?? textOf(m),
      html: extra?.html ?? emailHtml(m),
      ...(extra?.attachments ? { attachments: extra.attachments } : {}),
      headers: { 'X-Console-Alert': String(m.alertId), 'X-Console-Event': m.event }
    })
    const code = Number(/^(\d{3})/.exec(String(info.response))?.[1] ?? 250)
    return { code, text: String(info.response) }
  } catch (err) {
    const e = err as Error & { responseCode?: number; code?: string }
    throw new DeliveryError(
      `SMTP: ${e.message}`,
      e.responseCode ?? null,
      !e.responseCode || (e.responseCode >= 400 && e.responseCode < 500)
    )
  } finally {
    transport.close()
  }
}
