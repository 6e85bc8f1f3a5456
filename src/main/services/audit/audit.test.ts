import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { localAdmin, type Caller } from '../../core/caller'
import { dispatch } from '../../transport/dispatch'
import { silentLogger } from '../../core/log'
import { channels } from '../../../shared/contract'
import { BEFORE_AFTER } from './reads'

let t: TestApp
afterEach(async () => t && (await t.cleanup()))

const alice: Caller = { userId: 7, name: 'Alice Example', role: 'editor', workspace: 'ops' }
const bob = localAdmin('bob')
/** Alice as an admin: secrets, tokens and the workspace itself are admin commands (team/roles.ts). */
const aliceAdmin: Caller = { ...alice, role: 'admin' }
const call = (channel: string, input: unknown, caller: Caller = alice, locked?: string[]) =>
  dispatch(
    t.app.handlers,
    channel,
    input,
    { transport: 'direct', caller },
    { logger: silentLogger, audit: t.app.audit, ...(locked ? { locked: { channels: new Set(locked), reason: 'locked here' } } : {}) }
  )
const search = async (input?: unknown) => {
  const env = await call('audit:search', input)
  if (!env.ok) throw new Error(env.error.message)
  return env.data as { total: number; entries: any[] }
}
const rule = { name: 'Slow checkout', condition: { signal: 'ensemble' }, severity: 'warning' }

describe('audit log through dispatch', () => {
  it('stores who, what, before and after of a changed alert rule', async () => {
    t = tempApp()
    const created = await call('alerts:createRule', rule)
    expect(created.ok).toBe(true)
    const id = (created as any).data.id
    expect((await call('alerts:updateRule', { ...rule, id, name: 'Very slow checkout', severity: 'critical' })).ok).toBe(true)

    const { total, entries } = await search()
    expect(total).toBe(2)
    const [update, create] = entries
    expect(update).toMatchObject({ channel: 'alerts:updateRule', area: 'alerts', userName: 'Alice Example', userId: 7, role: 'editor' })
    expect(update.outcome).toBe('ok')
    expect(update.hasBeforeAfter).toBe(true)
    expect(update.before).toMatchObject({ id, name: 'Slow checkout', severity: 'warning' })
    expect(update.after).toMatchObject({ id, name: 'Very slow checkout', severity: 'critical' })
    expect(update.object).toBe(`alert rule ${id}: Very slow checkout`)
    expect(create.before).toBeNull()
    expect(create.after).toMatchObject({ name: 'Slow checkout' })

    await call('alerts:deleteRule', { id })
    const del = (await search({ channel: 'alerts:deleteRule' })).entries[0]
    expect(del.before).toMatchObject({ name: 'Very slow checkout' })
    expect(del.after).toBeNull()
  })

  it('never stores a secret: notification destination passwords, headers and one-time tokens are redacted', async () => {
    t = tempApp()
    const password = 'hunter2-smtp-PASSWORD-xyz'
    const created = await call(
      'alerts:createChannel',
      {
        name: 'Ops mail',
        config: { kind: 'email', host: 'smtp.example.com', from: 'cc@example.com', to: ['ops@example.com'] },
        secret: password
      },
      aliceAdmin
    )
    expect(created.ok).toBe(true)
    const hook = 'https://hooks.example.com/T000/B000/XXXXSECRETPATH'
    await call(
      'alerts:createChannel',
      { name: 'Hook', config: { kind: 'webhook', headers: { Authorization: 'Bearer sk-live-abcdef', 'X-Team': 'ops' } }, secret: hook },
      aliceAdmin
    )
    const token = await call('testing:createToken', { name: 'ci', scope: 'deploy' }, aliceAdmin)
    expect(token.ok).toBe(true)
    const issued = (token as any).data.token as string

    const rows = t.app.db.prepare('SELECT * FROM audit_log').all() as Record<string, unknown>[]
    expect(rows.length).toBe(3)
    const everything = JSON.stringify(rows)
    for (const secret of [password, 'XXXXSECRETPATH', 'sk-live-abcdef', issued]) expect(everything).not.toContain(secret)
    expect(everything).toContain('[redacted]')
    expect(everything).toContain('ops') // non-secret header kept
  })

  it('records failed and refused calls as such', async () => {
    t = tempApp()
    expect((await call('alerts:updateRule', { ...rule, id: 999 })).ok).toBe(false)
    expect((await call('alerts:createRule', { name: '' })).ok).toBe(false)
    expect((await call('alerts:createChannel', { name: 'x', config: { kind: 'nope' }, secret: 'leaked-if-stored' }, aliceAdmin)).ok).toBe(
      false
    )
    expect((await call('workspace:rename', { name: 'x' }, bob, ['workspace:rename'])).ok).toBe(false)
    const { entries } = await search()
    expect(entries.map((e) => [e.channel, e.outcome])).toEqual([
      ['workspace:rename', 'refused'],
      ['alerts:createChannel', 'failed'],
      ['alerts:createRule', 'failed'],
      ['alerts:updateRule', 'failed']
    ])
    expect(entries[0].error).toMatch(/FORBIDDEN/)
    expect(entries[1].error).toMatch(/VALIDATION/)
    expect(entries[1].input).toMatchObject({ secret: '[redacted]' }) // an input that failed validation is redacted too
    expect(JSON.stringify(t.app.db.prepare('SELECT * FROM audit_log').all())).not.toContain('leaked-if-stored')
    expect(entries[0].userName).toBe('bob')
  })

  it('keeps before/after only for command channels, reading them through queries', async () => {
    t = tempApp()
    const keys = Object.keys(BEFORE_AFTER) as (keyof typeof channels)[]
    expect(keys.filter((c) => channels[c].kind !== 'command')).toEqual([])
    const used = new Set<string>()
    const spy = (async (c: keyof typeof channels, i: unknown) => {
      used.add(c)
      return (t.app.handlers[c] as any)(i, { transport: 'direct' })
    }) as any
    for (const c of keys) await BEFORE_AFTER[c]!.read(spy, 1).catch(() => null)
    expect([...used].filter((c) => channels[c as keyof typeof channels].kind !== 'query')).toEqual([])
    expect(used.size).toBeGreaterThan(15)
  })

  it('does not record queries', async () => {
    t = tempApp()
    await call('alerts:rules', undefined)
    await call('workspace:info', undefined)
    expect((await search()).total).toBe(0)
  })

  it('searches by text, user, area or channel, outcome and time range, paged', async () => {
    let now = 1_000_000
    t = tempApp({ clock: { now: () => now } as never })
    await call('workspace:rename', { name: 'Team ops' }, aliceAdmin)
    now += 1000
    await call('alerts:createRule', rule, bob)
    now += 1000
    await call('alerts:createRule', { ...rule, name: 'Disk full' }, alice)
    now += 1000
    await call('alerts:deleteRule', { id: 999 }, bob)

    expect((await search()).total).toBe(4)
    expect((await search({ text: 'disk full' })).entries.map((e) => e.channel)).toEqual(['alerts:createRule'])
    expect((await search({ user: 'alice' })).total).toBe(2)
    expect((await search({ channel: 'alerts' })).total).toBe(3)
    expect((await search({ channel: 'workspace:rename' })).entries[0].after).toEqual({ name: 'Team ops' })
    expect((await search({ outcome: 'failed' })).entries.map((e) => e.userName)).toEqual(['bob'])
    expect((await search({ from: 1_001_000, to: 1_003_000 })).total).toBe(2)
    const page = await search({ limit: 2, offset: 2 })
    expect(page.total).toBe(4)
    expect(page.entries.map((e) => e.at)).toEqual([1_001_000, 1_000_000])
    expect((await search({ text: '100%_' })).total).toBe(0)
    const bad = await call('audit:search', { from: 5, to: 1 })
    expect(bad.ok).toBe(false)
  })

  it('trims rows beyond the retention', async () => {
    let now = 0
    t = tempApp({ clock: { now: () => now } as never })
    await call('workspace:rename', { name: 'old' }, aliceAdmin)
    now = 91 * 86_400_000
    await call('workspace:rename', { name: 'new' }, aliceAdmin)
    expect(t.app.audit.trim()).toBe(1)
    expect((await search()).entries.map((e) => e.after)).toEqual([{ name: 'new' }])
  })
})
