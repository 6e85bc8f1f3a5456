/**
 * The built-in GitHub deployments receiver in serve mode: GitHub's deployment_status payload (a fixture shaped like
 * GitHub's documented example), signed with X-Hub-Signature-256 as GitHub signs it, posted without the console's token
 * to /api/hooks/ext/github-deployments/deployments, becomes a deploy marker listed by testing:deploys; a wrong
 * signature, an unmapped repository and unknown events are answered without one.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { addHttpService } from '../../../tests/helpers/httpService'
import { servedApp, type ServedApp } from '../../../tests/helpers/serve'
import { markerOf, signatureMatches } from './index.mjs'

const SECRET = 'It’s a Secret to Everybody'
const EVENT = fs.readFileSync(path.join(__dirname, '__fixtures__', 'deployment_status.success.json'), 'utf8')
const HOOK = '/api/hooks/ext/github-deployments/deployments'

let s: ServedApp | undefined
afterEach(async () => {
  await s?.cleanup()
  s = undefined
})

const sign = (body: string, secret = SECRET) => `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`

/** A delivery as GitHub makes it: no Authorization header, its event name, a delivery id and the signature. */
async function deliver(event: string, body: string, signature = sign(body)) {
  const res = await fetch(`${s!.server.url}${HOOK}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/044aadd',
      'x-github-event': event,
      'x-github-delivery': crypto.randomUUID(),
      'x-hub-signature-256': signature
    },
    body
  })
  return { status: res.status, json: (await res.json()) as Record<string, any> }
}

async function configured() {
  s = await servedApp()
  addHttpService(s.app, 'http://127.0.0.1:9/health', 'hello-web')
  const set = await s.rpc('extensions:setSettingsOf', {
    id: 'github-deployments',
    values: { secret: SECRET, services: { 'Codertocat/Hello-World': 'hello-web' } }
  })
  expect(set.status).toBe(200)
  return s
}

const markers = async () => (await s!.rpc('testing:deploys', { from: 0, to: Date.now() + 60_000 })).json.data as any[]

describe('the built-in GitHub deployments receiver', () => {
  it('turns a signed deployment_status success into a deploy marker of the mapped service', async () => {
    await configured()
    const r = await deliver('deployment_status', EVENT)
    expect(r).toMatchObject({ status: 201, json: { ok: true, failed: false, marker: expect.any(Number) } })
    const [m] = await markers()
    expect(m).toMatchObject({
      id: r.json.marker,
      serviceName: 'hello-web',
      version: 'master@f95f852bd8fc',
      at: Date.parse('2019-05-15T15:20:55Z'),
      source: 'webhook',
      failed: false,
      verification: null,
      link: 'https://github.com/Codertocat/Hello-World/commit/f95f852bd8fca8fcc58a9a2d6c842781e32a215e'
    })
    expect(m.note).toContain('ref master, sha f95f852bd8fca8fcc58a9a2d6c842781e32a215e, environment production, by Codertocat')
    expect(m.note).not.toMatch(/FAILED/)
  })

  it('flags a failed deployment, ignores unfinished ones, answers ping and ignores other events with 202', async () => {
    await configured()
    const failed = JSON.parse(EVENT)
    failed.deployment_status.state = 'failure'
    failed.deployment_status.description = 'rollout timed out'
    failed.deployment_status.target_url = 'https://ci.example.com/runs/42'
    const f = await deliver('deployment_status', JSON.stringify(failed))
    expect(f).toMatchObject({ status: 201, json: { failed: true } })
    const [m] = await markers()
    expect(m).toMatchObject({ failed: true, verification: null })
    expect(m.note).toMatch(/^FAILED: GitHub deployment 326191728 of Codertocat\/Hello-World/)
    expect(m.note).toContain('state failure: rollout timed out')
    expect(m.link).toBe('https://ci.example.com/runs/42')

    const pending = JSON.parse(EVENT)
    pending.deployment_status.state = 'in_progress'
    expect(await deliver('deployment_status', JSON.stringify(pending))).toMatchObject({
      status: 202,
      json: { ignored: expect.any(String) }
    })
    expect(await deliver('ping', '{"zen":"Keep it logically awesome.","hook_id":1}')).toMatchObject({ status: 200, json: { ok: true } })
    expect(await deliver('push', '{"ref":"refs/heads/main"}')).toMatchObject({
      status: 202,
      json: { ignored: 'event "push" is not handled' }
    })
    expect(await markers()).toHaveLength(1)
  })

  it('refuses a wrong or missing signature and an unmapped repository; keeps the secret as a hint only', async () => {
    await configured()
    expect(await deliver('deployment_status', EVENT, sign(EVENT, 'another secret'))).toMatchObject({
      status: 401,
      json: { error: 'X-Hub-Signature-256 does not match the body with the configured secret' }
    })
    expect((await deliver('deployment_status', EVENT.replace('"success"', '"failure"'), sign(EVENT))).status).toBe(401)
    expect((await deliver('deployment_status', EVENT, '')).status).toBe(401)
    const other = EVENT.replaceAll('Codertocat/Hello-World', 'Codertocat/Other')
    expect(await deliver('deployment_status', other)).toMatchObject({
      status: 422,
      json: { error: 'no service is mapped to the repository Codertocat/Other (settings.services)' }
    })
    expect(await markers()).toHaveLength(0)

    const view = (await s!.rpc('extensions:settingsOf', { id: 'github-deployments' })).json.data
    expect(view.values).toEqual({ services: { 'Codertocat/Hello-World': 'hello-web' } })
    expect(Object.keys(view.secrets)).toEqual(['secret'])
    expect(JSON.stringify(view)).not.toContain(SECRET)
    const refused = await s!.rpc('extensions:setSettingsOf', { id: 'github-deployments', values: { secrte: 'x' } })
    expect(refused.json.error).toMatchObject({ field: 'values.secrte', message: expect.stringContaining('has no setting "secrte"') })
  })

  it('without a secret set, every delivery is refused; other extensions and unknown webhooks are 404', async () => {
    s = await servedApp()
    expect(await deliver('deployment_status', EVENT)).toMatchObject({
      status: 503,
      json: { error: expect.stringMatching(/no webhook secret/) }
    })
    const nowhere = await fetch(`${s.server.url}/api/hooks/ext/slack/deployments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}'
    })
    expect(nowhere.status).toBe(404)
  })

  it('reads GitHub’s payload without a console (unit)', () => {
    const event = JSON.parse(EVENT)
    expect(signatureMatches(SECRET, EVENT, sign(EVENT))).toBe(true)
    expect(signatureMatches(SECRET, EVENT, 'sha1=abc')).toBe(false)
    expect(markerOf(event, { 'Codertocat/Hello-World': 'web@staging' }).marker).toMatchObject({
      service: 'web',
      environment: 'staging',
      failed: false
    })
    expect(markerOf({ ...event, deployment_status: { state: 'error' } }, { 'Codertocat/Hello-World': 'web' }).marker?.failed).toBe(true)
  })
})
