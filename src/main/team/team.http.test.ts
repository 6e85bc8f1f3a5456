import { afterEach, describe, expect, it } from 'vitest'
import { PASSWORD, teamServer, type TeamServer } from '../../../tests/helpers/team'

let t: TeamServer | undefined
afterEach(async () => {
  await t?.cleanup()
  t = undefined
})

/** A clock the test moves. */
const manualClock = () => {
  let now = Date.now()
  return { now: () => now, advance: (ms: number) => void (now += ms) }
}

describe('team sign-in', () => {
  it('signs in with the right password only, and says nothing about which part was wrong', async () => {
    t = await teamServer()
    await t.addUser('ana', { a: 'editor' })
    const cookie = await t.login('ana')
    const state = await t.request('GET', '/api/auth/state', cookie)
    expect(state.json.data).toMatchObject({ mode: 'team', workspace: 'a', role: 'editor', user: { name: 'ana' } })
    const wrong = await t.request('POST', '/api/auth/login', undefined, { name: 'ana', password: 'not the password' })
    const unknown = await t.request('POST', '/api/auth/login', undefined, { name: 'nobody', password: 'not the password' })
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.json.error.message).toBe(unknown.json.error.message)
    expect((await t.request('GET', '/api/auth/state')).json.data.user).toBeNull()
    expect((await t.rpc('', 'health:overview')).status).toBe(401)
    // signing out ends the session
    await t.request('POST', '/api/auth/logout', cookie, {})
    expect((await t.rpc(cookie, 'health:overview')).status).toBe(401)
  })

  it('rate-limits failed sign-ins per account (even with the right password next) and per address', async () => {
    t = await teamServer({ loginAttempts: { max: 3, windowMs: 60_000 } })
    await t.addUser('ana', { a: 'viewer' })
    await t.addUser('bo', { a: 'viewer' })
    for (let i = 0; i < 3; i++)
      expect((await t.request('POST', '/api/auth/login', undefined, { name: 'ana', password: 'wrong-' + i })).status).toBe(401)
    const blocked = await t.request('POST', '/api/auth/login', undefined, { name: 'ana', password: PASSWORD })
    expect(blocked.status).toBe(429)
    expect(blocked.json.error.message).toMatch(/too many failed sign-ins: try again in \d+ s/)
    // another account from the same address still may (the address limit is 4× the account limit)
    await t.login('bo')
    for (let i = 0; i < 9; i++) await t.request('POST', '/api/auth/login', undefined, { name: `x${i}`, password: 'wrong-password' })
    expect((await t.request('POST', '/api/auth/login', undefined, { name: 'bo', password: PASSWORD })).status).toBe(429)
  })

  it('ends sessions when idle or old, and an admin can end all of a user’s sessions', async () => {
    const clock = manualClock()
    t = await teamServer({ now: clock.now, sessions: { idleMs: 60_000, maxAgeMs: 300_000 } })
    await t.addUser('ana', { a: 'viewer' })
    const adminId = await t.addUser('root', {}, { serverAdmin: true })
    expect(adminId).toBeGreaterThan(0)
    const idle = await t.login('ana')
    clock.advance(61_000)
    const expired = await t.rpc(idle, 'health:overview')
    expect(expired.status).toBe(401)
    expect(expired.json.error.message).toMatch(/expired or was ended/)
    const old = await t.login('ana')
    // used every 50 s, so never idle, until it is older than 5 minutes
    for (let i = 0; i < 5; i++) {
      clock.advance(50_000)
      expect((await t.rpc(old, 'health:overview')).status).toBe(200)
    }
    clock.advance(60_000)
    expect((await t.rpc(old, 'health:overview')).status).toBe(401)
    const s1 = await t.login('ana')
    const s2 = await t.login('ana')
    const root = await t.login('root')
    const anaId = t.store.listUsers().find((u) => u.name === 'ana')!.id
    const ended = await t.request('DELETE', `/api/team/users/${anaId}/sessions`, root)
    expect(ended.json.data.revoked).toBe(2)
    expect((await t.rpc(s1, 'health:overview')).status).toBe(401)
    expect((await t.rpc(s2, 'health:overview')).status).toBe(401)
  })

  it('a disabled user’s sessions and tokens stop working at once, and they cannot sign in', async () => {
    t = await teamServer()
    const id = await t.addUser('ana', { a: 'editor' })
    await t.addUser('root', {}, { serverAdmin: true })
    const cookie = await t.login('ana')
    const token = (await t.request('POST', '/api/me/tokens', cookie, { name: 'ci', scope: 'read' })).json.data.token as string
    expect((await t.rpc(token, 'health:overview')).status).toBe(200)
    const root = await t.login('root')
    expect((await t.request('PATCH', `/api/team/users/${id}`, root, { disabled: true })).status).toBe(200)
    expect((await t.rpc(cookie, 'health:overview')).status).toBe(401)
    expect((await t.rpc(token, 'health:overview')).status).toBe(401)
    const login = await t.request('POST', '/api/auth/login', undefined, { name: 'ana', password: PASSWORD })
    expect(login.status).toBe(403)
    expect(login.json.error.message).toMatch(/disabled/)
    // the last server admin cannot be disabled
    const rootId = t.store.listUsers().find((u) => u.name === 'root')!.id
    expect((await t.request('PATCH', `/api/team/users/${rootId}`, root, { disabled: true })).status).toBe(409)
  })

  it('only a server admin manages users and workspaces', async () => {
    t = await teamServer()
    await t.addUser('ana', { a: 'admin' })
    await t.addUser('root', {}, { serverAdmin: true })
    const ana = await t.login('ana')
    expect((await t.request('GET', '/api/team/users', ana)).status).toBe(403)
    const root = await t.login('root')
    const made = await t.request('POST', '/api/team/users', root, {
      name: 'cy',
      password: 'a long enough password',
      memberships: [{ workspace: 'b', role: 'viewer' }]
    })
    expect(made.status).toBe(200)
    expect(made.json.data.memberships).toEqual([{ workspace: 'b', title: 'Team B', role: 'viewer' }])
    const dup = await t.request('POST', '/api/team/users', root, { name: 'CY', password: 'a long enough password' })
    expect(dup.status).toBe(409)
    const short = await t.request('POST', '/api/team/users', root, { name: 'dee', password: 'short' })
    expect(short.json.error).toMatchObject({ code: 'VALIDATION', field: 'password' })
    const ws = await t.request('POST', '/api/team/workspaces', root, { slug: 'ml-team', title: 'ML team' })
    expect(ws.status).toBe(200)
    expect(t.registry.open().map(([slug]) => slug)).toContain('ml-team')
    await t.request('PUT', `/api/team/users/${made.json.data.id}/role`, root, { workspace: 'ml-team', role: 'editor' })
    const cy = await t.login('cy', 'a long enough password', 'ml-team')
    expect((await t.request('GET', '/api/auth/state', cy)).json.data).toMatchObject({ workspace: 'ml-team', role: 'editor' })
  })
})

describe('personal API tokens', () => {
  it('are shown once, stored hashed, scoped, expire and can be revoked', async () => {
    const clock = manualClock()
    t = await teamServer({ now: clock.now })
    await t.addUser('ana', { a: 'editor' })
    const cookie = await t.login('ana')
    const read = (await t.request('POST', '/api/me/tokens', cookie, { name: 'grafana', scope: 'read', expiresInDays: 1 })).json.data
    const write = (await t.request('POST', '/api/me/tokens', cookie, { name: 'ci', scope: 'write', expiresInDays: null })).json.data
    expect(read.token).toMatch(/^ccu_/)
    const raw = t.store.db.prepare('SELECT token_hash, hint FROM api_tokens').all() as { token_hash: string; hint: string }[]
    expect(JSON.stringify(raw)).not.toContain(read.token)
    const listed = (await t.request('GET', '/api/me/tokens', cookie)).json.data
    expect(listed.map((v: any) => v.name).sort()).toEqual(['ci', 'grafana'])
    expect(JSON.stringify(listed)).not.toContain(read.token)

    expect((await t.rpc(read.token, 'health:overview')).status).toBe(200)
    const refused = await t.rpc(read.token, 'services:create', { name: 'api' })
    expect(refused.status).toBe(403)
    expect(refused.json.error.message).toMatch(/read scope/)
    expect((await t.rpc(write.token, 'services:create', { name: 'api' })).status).toBe(200)
    // a write token never exceeds its user's role: an editor's token cannot set secrets
    const admin = await t.rpc(write.token, 'alerts:createChannel', {})
    expect(admin.status).toBe(403)
    expect(admin.json.error.message).toMatch(/needs the admin role/)

    expect((await t.request('DELETE', `/api/me/tokens/${write.view.id}`, cookie)).status).toBe(200)
    expect((await t.rpc(write.token, 'health:overview')).status).toBe(401)
    clock.advance(86_400_001)
    expect((await t.rpc(read.token, 'health:overview')).status).toBe(401)
    expect((await t.rpc('ccu_guessed', 'health:overview')).json.error.message).toMatch(/unknown, expired or revoked/)
  })
})

describe('several workspaces', () => {
  it('keeps each workspace to its members: a member of A cannot read B, and data stays in its workspace', async () => {
    t = await teamServer()
    await t.addUser('ana', { a: 'editor' })
    await t.addUser('both', { a: 'viewer', b: 'admin' })
    const ana = await t.login('ana')
    expect((await t.rpc(ana, 'services:create', { name: 'only-in-a' })).status).toBe(200)
    const sw = await t.request('POST', '/api/session/workspace', ana, { workspace: 'b' })
    expect(sw.status).toBe(403)
    expect((await t.request('GET', '/api/auth/state', ana)).json.data.workspace).toBe('a')
    const tok = (await t.request('POST', '/api/me/tokens', ana, { name: 'x', scope: 'read' })).json.data.token
    const other = await t.rpc(tok, 'health:overview', {}, { 'x-console-workspace': 'b' })
    expect(other.status).toBe(403)
    expect(other.json.error.message).toMatch(/not a member of workspace b/)
    // a member of both sees each workspace's own data, with its role there
    const both = await t.login('both')
    expect((await t.rpc(both, 'health:overview')).json.data.map((s: any) => s.name)).toEqual(['only-in-a'])
    expect((await t.rpc(both, 'services:create', { name: 'nope' })).status).toBe(403)
    expect((await t.request('POST', '/api/session/workspace', both, { workspace: 'b' })).json.data.role).toBe('admin')
    expect((await t.rpc(both, 'health:overview')).json.data).toEqual([])
    expect((await t.rpc(both, 'services:create', { name: 'only-in-b' })).status).toBe(200)
  })

  it('streams each workspace’s events only to its own clients', async () => {
    t = await teamServer()
    await t.addUser('ana', { a: 'editor' })
    await t.addUser('bo', { b: 'editor' })
    const ana = await t.login('ana')
    const bo = await t.login('bo')
    const ac = new AbortController()
    const res = await fetch(`${t.url}/api/events`, { headers: { cookie: bo }, signal: ac.signal })
    const reader = res.body!.getReader()
    let seen = ''
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        seen += new TextDecoder().decode(value)
      }
    })().catch(() => {})
    await t.rpc(ana, 'services:create', { name: 'in-a' })
    await t.rpc(bo, 'services:create', { name: 'in-b' })
    for (let i = 0; i < 50 && !seen.includes('event: health:config'); i++) await new Promise((r) => setTimeout(r, 20))
    ac.abort()
    await reading
    expect(seen.match(/event: health:config/g)?.length).toBe(1)
  })
})

describe('area routes on a team server', () => {
  it('take pushes from editors (and write tokens), not from viewers or read tokens', async () => {
    t = await teamServer()
    await t.addUser('vera', { a: 'viewer' })
    await t.addUser('ed', { a: 'editor' })
    const vera = await t.login('vera')
    const ed = await t.login('ed')
    const readToken = (await t.request('POST', '/api/me/tokens', ed, { name: 'r', scope: 'read' })).json.data.token
    const push = { streams: [{ stream: { service: 'api' }, values: [[`${Date.now()}000000`, 'hello from a team']] }] }
    const viewer = await t.request('POST', '/loki/api/v1/push', vera, push)
    expect(viewer.status).toBe(403)
    expect((await t.request('POST', '/loki/api/v1/push', readToken, push)).status).toBe(403)
    expect((await t.request('POST', '/loki/api/v1/push', ed, push)).status).toBe(204)
  })
})

describe('the role gate in dispatch', () => {
  it('refuses before validating (a viewer learns nothing about the input), and lets a caller-less internal call through', async () => {
    const { dispatch } = await import('../transport/dispatch')
    const { silentLogger } = await import('../core/log')
    t = await teamServer()
    const app = t.registry.get('a')!
    const viewer = { userId: 1, name: 'Vera', role: 'viewer' as const, workspace: 'a' }
    const refused = await dispatch(
      app.handlers,
      'services:create',
      { bogus: true },
      { transport: 'direct', caller: viewer },
      { logger: silentLogger }
    )
    expect(refused).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'services:create needs the editor role in workspace a; Vera is a viewer there' }
    })
    const internal = await dispatch(app.handlers, 'services:create', { bogus: true }, { transport: 'direct' }, { logger: silentLogger })
    expect(internal.ok ? null : internal.error.code).toBe('VALIDATION')
  })
})

describe('machine tokens on a team server', () => {
  it('work in the workspace the header names, and only on their own routes', async () => {
    const { ServiceInput } = await import('../../shared/contract/health')
    t = await teamServer()
    const a = t.registry.get('a')!
    a.health.createService(ServiceInput.parse({ name: 'checkout' }))
    const deploy = a.testing.tokens.create({ scope: 'deploy', name: 'ci' })
    const marker = { service: 'checkout', version: 'v1' }
    expect((await t.request('POST', '/api/hooks/deploys', deploy.token, marker, { 'x-console-workspace': 'a' })).status).toBe(200)
    // two workspaces and no header, or another workspace's name: not this token
    expect((await t.request('POST', '/api/hooks/deploys', deploy.token, marker)).status).toBe(401)
    expect((await t.request('POST', '/api/hooks/deploys', deploy.token, marker, { 'x-console-workspace': 'b' })).status).toBe(401)
    const rpc = await t.rpc(deploy.token, 'health:overview', {}, { 'x-console-workspace': 'a' })
    expect(rpc.status).toBe(403)
    expect(rpc.json.error.message).toMatch(/may only call the routes of its scope/)
  })
})

describe('signed webhooks on a team server', () => {
  it('reach the workspace ?workspace= names (else the first) without a sign-in; an unknown workspace is a 404', async () => {
    t = await teamServer()
    const hook = (query = '') => t!.request('POST', `/api/hooks/ext/some-ext/deploy${query}`, undefined, {})
    const first = await hook()
    expect(first.status).toBe(404)
    expect(first.json.error.message).toMatch(/webhook/)
    expect((await hook('?workspace=b')).json.error.message).toMatch(/webhook/)
    expect((await hook('?workspace=nope')).json.error.message).toBe('no workspace nope on this server')
  })
})
