// GitHub deployments (built into the console): a webhook receiver for GitHub's `deployment_status` events. Each
// request must carry X-Hub-Signature-256, the HMAC-SHA256 of its exact body with the secret set in this extension's
// settings; a finished deployment (success, failure, error) becomes a deploy marker of the service its repository is
// mapped to (settings.services: { "owner/repo": "service" or "service@environment" }) through `deploys.mark`.
import crypto from 'node:crypto'

/** Whether `header` is "sha256=<hex>" of the body with the secret (compared in constant time). */
export function signatureMatches(secret, body, header) {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false
  const want = Buffer.from(crypto.createHmac('sha256', secret).update(body, 'utf8').digest('hex'))
  const got = Buffer.from(header.slice('sha256='.length))
  return got.length === want.length && crypto.timingSafeEqual(got, want)
}

const FINISHED = { success: false, failure: true, error: true }
const reply = (status, body) => ({ status, body })

/** The deploy marker for a finished deployment_status event, or a reply saying why there is none. */
export function markerOf(event, services) {
  const status = event.deployment_status ?? {}
  const deployment = event.deployment ?? {}
  const repo = event.repository?.full_name
  if (!(status.state in FINISHED)) return { ignored: `deployment_status "${status.state}" is not finished` }
  const mapped = typeof repo === 'string' ? services?.[repo] : undefined
  if (typeof mapped !== 'string' || !mapped) return { unmapped: repo ?? '(no repository)' }
  const [service, serviceEnv] = mapped.split('@')
  const failed = FINISHED[status.state]
  const environment = status.environment ?? deployment.environment ?? ''
  const creator = status.creator?.login ?? deployment.creator?.login ?? event.sender?.login ?? 'unknown'
  const sha = String(deployment.sha ?? '')
  const ref = String(deployment.ref ?? sha.slice(0, 7))
  const note = [
    `${failed ? 'FAILED: ' : ''}GitHub deployment ${deployment.id ?? ''} of ${repo}`.trim(),
    `ref ${ref}, sha ${sha}, environment ${environment || '(none)'}, by ${creator}`,
    `state ${status.state}${status.description ? `: ${status.description}` : ''}`
  ].join('\n')
  const link = [
    status.target_url,
    status.log_url,
    event.repository?.html_url && sha ? `${event.repository.html_url}/commit/${sha}` : null
  ].find((u) => typeof u === 'string' && /^https?:\/\//.test(u))
  return {
    marker: {
      service,
      ...(serviceEnv ? { environment: serviceEnv } : {}),
      version: `${ref}@${sha.slice(0, 12)}`.slice(0, 200),
      ...(status.created_at ? { time: status.created_at } : {}),
      ...(link ? { link } : {}),
      note: note.slice(0, 2000),
      failed
    }
  }
}

/** @param {import('../../../src/shared/extensionApi').ExtensionApi} api */
export function activate(api) {
  api.webhooks.register('deployments', async ({ headers, body }) => {
    const settings = await api.settings.get()
    if (typeof settings.secret !== 'string' || !settings.secret)
      return reply(503, { error: 'no webhook secret is set: set "secret" in the GitHub deployments extension settings' })
    if (!signatureMatches(settings.secret, body, headers['x-hub-signature-256']))
      return reply(401, { error: 'X-Hub-Signature-256 does not match the body with the configured secret' })
    const kind = headers['x-github-event']
    if (kind === 'ping') return reply(200, { ok: true, pong: true })
    if (kind !== 'deployment_status') return reply(202, { ok: true, ignored: `event "${kind ?? '(none)'}" is not handled` })
    let event
    try {
      event = JSON.parse(body)
    } catch {
      return reply(400, { error: 'the body is not JSON (set the webhook content type to application/json)' })
    }
    const m = markerOf(event, settings.services)
    if (m.ignored) return reply(202, { ok: true, ignored: m.ignored })
    if (m.unmapped) return reply(422, { error: `no service is mapped to the repository ${m.unmapped} (settings.services)` })
    const created = await api.deploys.mark(m.marker)
    api.log.info(`deploy marker ${created.id} for ${m.marker.service}: ${m.marker.version}${m.marker.failed ? ' (failed)' : ''}`)
    return reply(201, { ok: true, marker: created.id, failed: m.marker.failed })
  })
}
