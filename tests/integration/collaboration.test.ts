import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../helpers/app'
import { openClient, type ConsoleClient } from '../helpers/consoleClient'
import { newToken, startHttpServer, type RunningServer } from '../../src/main/transport/http'

let t: TestApp | undefined
let server: RunningServer | undefined
const clients: ConsoleClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.close()
  await server?.close()
  await t?.cleanup()
  server = t = undefined
})

/** Serve mode on loopback with two people's browsers open (two sessions, two event streams). */
async function twoClients(ttlMs = 30_000) {
  t = tempApp({ testHooks: { presenceTtlMs: ttlMs } })
  server = await startHttpServer({ app: t.app, host: '127.0.0.1', port: 0, token: newToken(), checkOutput: true })
  const a = await openClient(server.url, server.openUrl)
  const b = await openClient(server.url, server.openUrl)
  clients.push(a, b)
  return { a, b }
}
const rule = { name: 'Slow checkout', condition: { signal: 'ensemble' } }

describe('two people on one served workspace', () => {
  it('a change made by one arrives as an event on the other, and the audit log names the change', async () => {
    const { a, b } = await twoClients()
    const created = await a.rpc('alerts:createRule', rule)
    expect(created.ok).toBe(true)
    await b.waitFor('alerts:config')
    const dash = await a.rpc('dashboards:save', { model: { title: 'Ops', panels: [] }, baseVersion: 0, author: 'a' })
    expect(dash.ok, JSON.stringify(dash.error)).toBe(true)
    await b.waitFor('dashboards:changed')
    await b.waitFor('audit:recorded', (d) => d.channel === 'dashboards:save')
    const log = await b.rpc('audit:search', { channel: 'alerts' })
    expect(log.data.entries[0]).toMatchObject({ channel: 'alerts:createRule', outcome: 'ok', transport: 'http' })
  })

  it('presence: a view appears for the other with its route, moves, and expires when its client goes quiet', async () => {
    const { a, b } = await twoClients(400)
    const hb = await a.rpc('presence:heartbeat', { clientId: 'client-a-1234', route: '/dashboards/ops' })
    expect(hb.ok).toBe(true)
    await b.waitFor('presence:changed', (d) => d.viewers === 1)
    const seen = await b.rpc('presence:list')
    expect(seen.data.viewers).toEqual([expect.objectContaining({ clientId: 'client-a-1234', route: '/dashboards/ops' })])
    expect(seen.data.ttlMs).toBe(400)

    const since = Date.now()
    await a.rpc('presence:heartbeat', { clientId: 'client-a-1234', route: '/alerts' })
    await b.waitFor('presence:changed', () => true, 5000, since)
    expect((await b.rpc('presence:list')).data.viewers.map((v: any) => v.route)).toEqual(['/alerts'])

    // a stops sending heartbeats (its tab closed without a word): b hears it is gone, without calling anything
    await b.waitFor('presence:changed', (d) => d.viewers === 0, 5000)
    expect((await b.rpc('presence:list')).data.viewers).toEqual([])

    // leaving says so at once
    await a.rpc('presence:heartbeat', { clientId: 'client-a-1234', route: '/alerts' })
    await a.rpc('presence:heartbeat', { clientId: 'client-a-1234', route: '/alerts', leaving: true })
    expect((await b.rpc('presence:list')).data.viewers).toEqual([])
  })

  it('refuses a heartbeat with a malformed client id or route', async () => {
    const { a } = await twoClients()
    expect((await a.rpc('presence:heartbeat', { clientId: 'x', route: '/a' })).error.field).toBe('clientId')
    expect((await a.rpc('presence:heartbeat', { clientId: 'client-a-1234', route: 'no-slash' })).error.field).toBe('route')
  })
})
