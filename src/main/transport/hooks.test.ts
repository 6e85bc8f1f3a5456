import { afterEach, describe, expect, it } from 'vitest'
import { ServiceInput } from '../../shared/contract/health'
import { servedApp, type ServedApp } from '../../../tests/helpers/serve'

let s: ServedApp
afterEach(async () => s && (await s.cleanup()))

const post = (path: string, token: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${s.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body)
  }).then(async (r) => ({ status: r.status, json: (await r.json()) as any }))

describe('hooks for machines with scoped tokens', () => {
  it('lets a deploy token post a deploy marker, and nothing else', async () => {
    s = await servedApp()
    s.app.health.createService(ServiceInput.parse({ name: 'checkout', environment: 'production' }))
    const deploy = s.app.testing.tokens.create({ scope: 'deploy', name: 'github actions' })
    const probe = s.app.testing.tokens.create({ scope: 'probe', name: 'frankfurt', region: 'eu-central-1' })

    const ok = await post('/api/hooks/deploys', deploy.token, { service: 'checkout', version: 'v1.4.2', link: 'https://ci.example/run/7' })
    expect(ok.status).toBe(200)
    expect(ok.json.data).toMatchObject({ id: expect.any(Number), verificationRunId: null })
    const [marker] = s.app.testing.deploys.list(0, Date.now() + 1000)
    expect(marker).toMatchObject({ version: 'v1.4.2', source: 'webhook', serviceName: 'checkout', link: 'https://ci.example/run/7' })

    // the token opens nothing but its hooks, and using it elsewhere is not counted as guessing
    for (let i = 0; i < 12; i++)
      expect((await s.rpc('system:info', undefined, { authorization: `Bearer ${deploy.token}` })).status).toBe(403)
    expect((await post('/api/hooks/deploys', deploy.token, { service: 'checkout', version: 'v1.4.3' })).status).toBe(200)
    // a probe token may not post deploys; unknown services and bad input are clear errors
    expect(await post('/api/hooks/deploys', probe.token, { service: 'checkout', version: 'x' })).toMatchObject({
      status: 403,
      json: { error: { message: expect.stringMatching(/needs a deploy token/) } }
    })
    expect((await post('/api/hooks/deploys', deploy.token, { service: 'nope', version: 'x' })).json.error.code).toBe('NOT_FOUND')
    expect((await post('/api/hooks/deploys', deploy.token, { service: 'checkout' })).json.error).toMatchObject({
      code: 'VALIDATION',
      field: 'version'
    })
    // the API token may call every hook
    expect((await post('/api/hooks/deploys', s.token, { service: 'checkout', version: 'v2', time: '2026-01-01T10:00:00Z' })).status).toBe(
      200
    )
    expect(s.app.testing.deploys.list(0, Date.now() + 1000).find((d) => d.version === 'v2')!.at).toBe(Date.parse('2026-01-01T10:00:00Z'))
  })

  it('refuses revoked and unknown tokens, and rate-limits guessing', async () => {
    s = await servedApp({ tokenAttempts: { max: 3, windowMs: 60_000 } })
    s.app.health.createService(ServiceInput.parse({ name: 'checkout' }))
    const t = s.app.testing.tokens.create({ scope: 'deploy', name: 'ci' })
    s.app.testing.tokens.revoke(t.id)
    expect((await post('/api/hooks/deploys', t.token, { service: 'checkout', version: 'x' })).status).toBe(401)
    expect((await post('/api/hooks/deploys', undefined, { service: 'checkout', version: 'x' })).status).toBe(401)
    for (let i = 0; i < 2; i++)
      expect((await post('/api/hooks/deploys', 'cct_deploy_guess', { service: 'checkout', version: 'x' })).status).toBe(401)
    expect((await post('/api/hooks/deploys', s.token, { service: 'checkout', version: 'x' })).status).toBe(429)
    expect(s.app.testing.tokens.list()[0]).toMatchObject({ name: 'ci', revokedAt: expect.any(Number), hint: t.token.slice(-4) })
    expect(JSON.stringify(s.app.testing.tokens.list())).not.toContain(t.token)
  })

  it('lists the hooks in the OpenAPI document with their token scope', async () => {
    s = await servedApp()
    const doc = (await fetch(`${s.server.url}/api/openapi.json`, { headers: { authorization: `Bearer ${s.token}` } }).then((r) =>
      r.json()
    )) as any
    expect(doc.paths['/api/hooks/deploys'].post).toMatchObject({ 'x-token-scope': 'deploy', tags: ['hooks'] })
    expect(doc.paths['/api/hooks/deploys'].post.requestBody.content['application/json'].schema.required).toEqual(['service', 'version'])
  })
})
