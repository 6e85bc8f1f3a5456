import { afterEach, describe, expect, it } from 'vitest'
import type { HttpRoute } from '../core/httpRoutes'
import { servedApp, type ServedApp } from '../../../tests/helpers/serve'

let s: ServedApp
afterEach(async () => s && (await s.cleanup()))

const post = (path: string, token: string | undefined) =>
  fetch(`${s.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: '{}'
  }).then(async (r) => ({ status: r.status, json: (await r.json()) as any }))

/** A route that answers with who called it. */
const echo = (path: string, scope?: string): HttpRoute => ({
  method: 'POST',
  path,
  summary: 'who called',
  ...(scope ? { scope } : {}),
  contentTypes: ['application/json'],
  handle: async (req) => ({ status: 200, body: { scope: req.caller.scope, label: req.caller.label } })
})

describe('area routes declare the token scope they accept', () => {
  it('serves the hooks as routes with their scope: one mechanism for every area endpoint', async () => {
    s = await servedApp()
    expect(s.app.httpRoutes.filter((r) => r.path.startsWith('/api/hooks/')).map((r) => [r.path, r.scope])).toEqual([
      ['/api/hooks/deploys', 'deploy'],
      ['/api/hooks/probe/checks', 'probe'],
      ['/api/hooks/probe/results', 'probe'],
      ['/api/hooks/ext/', undefined]
    ])
    // the only route served without the token: extensions' webhooks, which check each request's signature themselves
    expect(s.app.httpRoutes.filter((r) => r.auth === 'self').map((r) => [r.path, r.prefix])).toEqual([['/api/hooks/ext/', true]])
    expect(s.app.httpRoutes.filter((r) => !r.path.startsWith('/api/hooks/')).every((r) => r.scope === undefined)).toBe(true)
  })

  it('a route without a declared scope refuses every request without the main token; one with a scope takes its tokens', async () => {
    s = await servedApp()
    s.app.httpRoutes.push(echo('/api/test/unscoped'), echo('/api/test/deploy-only', 'deploy'))
    const deploy = s.app.testing.tokens.create({ scope: 'deploy', name: 'ci' })
    const probe = s.app.testing.tokens.create({ scope: 'probe', name: 'frankfurt', region: 'eu-central-1' })

    expect((await post('/api/test/unscoped', undefined)).status).toBe(401)
    expect((await post('/api/test/unscoped', 'cct_deploy_guess')).status).toBe(401)
    expect(await post('/api/test/unscoped', deploy.token)).toMatchObject({
      status: 403,
      json: { error: { code: 'FORBIDDEN', message: expect.stringMatching(/deploy token "ci".*only call the routes of its scope/) } }
    })
    expect((await post('/api/test/unscoped', probe.token)).status).toBe(403)
    expect(await post('/api/test/unscoped', s.token)).toEqual({ status: 200, json: { scope: '*', label: 'API token' } })

    expect(await post('/api/test/deploy-only', deploy.token)).toEqual({
      status: 200,
      json: { scope: 'deploy', label: 'deploy token "ci"' }
    })
    expect(await post('/api/test/deploy-only', probe.token)).toMatchObject({
      status: 403,
      json: { error: { message: expect.stringMatching(/needs a deploy token/) } }
    })
    expect((await post('/api/test/deploy-only', undefined)).status).toBe(401)
    expect((await post('/api/test/deploy-only', s.token)).json).toEqual({ scope: '*', label: 'API token' })
    // a scoped token opens nothing else: not the RPC channels
    expect((await s.rpc('system:info', undefined, { authorization: `Bearer ${deploy.token}` })).status).toBe(403)
  })
})
