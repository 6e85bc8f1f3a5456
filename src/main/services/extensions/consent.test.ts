/**
 * Consent by configuration: a channel delivery may reach the origins the user configured on the destination, for that
 * delivery only; any other origin, and the same origin outside a delivery, are refused (real host process, loopback).
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { NotifyChannelInput } from '../../../shared/contract'
import type { TestApp } from '../../../../tests/helpers/app'
import { startReceiver } from '../../../../tests/helpers/receiver'
import { consentedOrigins } from './consent'
import { appPerTest } from '../../../../tests/helpers/perTest'

const COURIER = path.join(__dirname, '__fixtures__', 'courier')
const apps = appPerTest()
let t: TestApp | undefined

async function withCourier() {
  t = apps.open()
  const preview = await t.app.extensions.inspect({ kind: 'folder', path: COURIER })
  await t.app.extensions.install(preview.token, [], true)
  const rx = await startReceiver()
  const other = await startReceiver()
  apps.closeAfter(rx.close)
  apps.closeAfter(other.close)
  const channel = (name: string, settings: Record<string, unknown>) =>
    t!.app.alerts.createChannel(NotifyChannelInput.parse({ name, config: { kind: 'ext:courier/relay', settings }, secret: 'k3y' })).id
  return { app: t.app, rx, other, channel }
}

describe('consent by configuration', () => {
  it('a delivery reaches the configured origin with the secret, nothing else, and only while it runs', async () => {
    const { app, rx, other, channel } = await withCourier()
    const ok = await app.alerts.testChannel(channel('to rx', { url: `${rx.url}/in` }))
    expect(ok).toMatchObject({ ok: true, responseCode: 200 })
    expect(rx.got[0]).toMatchObject({ path: '/in', json: { secretLength: 3 } })

    const port = new URL(other.url).port
    const refused = await app.alerts.testChannel(channel('and elsewhere', { url: `${rx.url}/in`, alsoPort: Number(port) }))
    expect(refused.ok).toBe(false)
    expect(refused.error).toBe(
      `ext:courier/relay: permission denied: net.fetch needs "net:${other.url}", which this extension was not granted`
    )
    expect(other.got).toHaveLength(0)
    expect(app.alerts.deliveries({ limit: 1 })[0]).toMatchObject({ status: 'failed', error: refused.error })

    // the configured origin was consented for the deliveries, not for the extension
    expect((await app.extensions.runCommand('courier', 'replay')).result).toBe(
      `permission denied: net.fetch needs "net:${rx.url}", which this extension was not granted`
    )
    const log = app.extensions.get('courier', 50).logs.map((l) => l.message)
    expect(log.filter((m) => m.startsWith('refused net.fetch'))).toHaveLength(2)
    expect(log.join('\n')).not.toContain('k3y')
  })

  it('consents to the http(s) URLs among the settings and the secret only', () => {
    expect(
      consentedOrigins(
        { url: 'https://hooks.example.com/a/b?c=1', port: 443, nested: { url: 'https://deep.example.com' }, note: 'see https://x' },
        'http://127.0.0.1:9000/T0/B0\nhmac-key'
      ).sort()
    ).toEqual(['net:http://127.0.0.1:9000', 'net:https://hooks.example.com']) // a URL inside text is no configured URL
    expect(consentedOrigins({ apiUrl: 'ftp://files.example.com' }, 'R0UT1NGKEY')).toEqual([])
  })
})
