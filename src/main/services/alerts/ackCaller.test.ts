import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { addHttpService } from '../../../../tests/helpers/httpService'
import { startHttp } from '../../../../tests/helpers/servers'
import { ManualClock } from '../../core/clock'
import { localAdmin, type Caller } from '../../core/caller'
import { silentLogger } from '../../core/log'
import { dispatch } from '../../transport/dispatch'

let t: TestApp
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of closers.splice(0)) await c()
  await t?.cleanup()
})

/** A firing alert: a service whose endpoint answers 503, checked until its down rule fires. */
async function firingAlert(name: string): Promise<number> {
  const server = await startHttp((_q, res) => void res.writeHead(503).end())
  closers.push(() => server.close())
  const { checkId } = addHttpService(t.app, server.url, name)
  for (let i = 0; i < 3; i++) {
    ;(t.app.clock as ManualClock).advance(60_000)
    await t.app.health.runNow(checkId)
  }
  const alert = t.app.alerts.list({ state: 'firing', limit: 10 }).find((a) => a.target === name)
  expect(alert).toBeDefined()
  return alert!.id
}
const ack = (id: number, caller: Caller, by?: string) =>
  dispatch(t.app.handlers, 'alerts:acknowledge', { id, ...(by ? { by } : {}) }, { transport: 'direct', caller }, { logger: silentLogger })

describe('who acknowledged an alert', () => {
  it('is the signed-in user, whatever name was typed; the local admin may type one, else is named after the OS user', async () => {
    t = tempApp({ clock: new ManualClock(Date.UTC(2026, 11, 6, 9)) })
    const dana: Caller = { userId: 3, name: 'Dana Lee', role: 'viewer', workspace: 'ops' }
    const a = await firingAlert('payments')
    const byDana = await ack(a, dana, 'somebody else')
    expect(byDana).toMatchObject({ ok: true, data: { acknowledgedBy: 'Dana Lee' } })
    expect(t.app.alerts.get(a).timeline.some((e) => e.detail === 'by Dana Lee')).toBe(true)

    const b = await firingAlert('search')
    expect(await ack(b, localAdmin('root'), 'Sam on call')).toMatchObject({ ok: true, data: { acknowledgedBy: 'Sam on call' } })
    const c = await firingAlert('checkout')
    expect(await ack(c, localAdmin('root'))).toMatchObject({ ok: true, data: { acknowledgedBy: 'root' } })
  })
})
