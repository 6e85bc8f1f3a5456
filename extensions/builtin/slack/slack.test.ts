/**
 * The built-in Slack extension: installed and trusted in every workspace, started by its first delivery, delivering in
 * its own process through the console's gate; failures are retried and logged without the webhook URL; a disabled
 * extension makes deliveries fail with a clear error. (The message's words: src/main/services/alerts/notify.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../tests/helpers/app'
import { startReceiver } from '../../../tests/helpers/receiver'
import { appPerTest } from '../../../tests/helpers/perTest'

const apps = appPerTest()
let t: TestApp | undefined

const slackChannel = (app: TestApp['app'], webhookUrl: string, name = 'slack') =>
  app.alerts.createChannel({ name, config: { kind: 'slack', channel: '#ops' }, secret: webhookUrl, enabled: true }).id
const info = (app: TestApp['app']) => app.extensions.list().find((e) => e.id === 'slack')!

describe('the built-in Slack extension', () => {
  it('is installed, enabled and trusted in every workspace, and its process starts with the first delivery', async () => {
    t = apps.open()
    expect(info(t.app)).toMatchObject({
      source: 'builtin',
      signed: true,
      publisher: 'control-console',
      status: 'stopped',
      granted: [],
      manifest: { contributes: { notificationChannels: [{ name: 'slack' }] } }
    })
    expect(t.app.extensions.list().map((e) => e.id)).toEqual(
      expect.arrayContaining(['slack', 'pagerduty', 'opsgenie', 'github-deployments'])
    )
    const rx = await startReceiver()
    apps.closeAfter(rx.close)
    expect(await t.app.alerts.testChannel(slackChannel(t.app, `${rx.url}/services/T0/B0/x`))).toMatchObject({ ok: true, responseCode: 200 })
    expect(rx.got[0]!.headers['user-agent']).toBe('control-console')
    expect(info(t.app).status).toBe('active')
    expect(info(t.app).rssBytes).toBeGreaterThan(1_000_000)
    expect(t.app.extensions.get('slack', 20).logs.map((l) => l.message)).toContainEqual(expect.stringMatching(/^active \(pid \d+\)/))
  })

  it('retries a 5xx answer once and logs failures without the webhook URL', async () => {
    t = apps.open()
    const rx = await startReceiver(() => 'fail')
    apps.closeAfter(rx.close)
    const failing = await t.app.alerts.testChannel(slackChannel(t.app, `${rx.url}/services/T0/B0/SECRETPATH`))
    expect(failing).toMatchObject({ ok: false, error: 'HTTP 500: boom', responseCode: 500, attempts: 2 })
    expect(rx.got).toHaveLength(2)
    const gone = await startReceiver()
    await gone.close() // nothing listens there any more
    const refused = await t.app.alerts.testChannel(slackChannel(t.app, `${gone.url}/services/T0/B0/SECRETPATH`, 'closed'))
    expect(refused.ok).toBe(false)
    expect(refused.error).toMatch(/^ext:slack\/slack: net\.fetch: request failed \(ECONNREFUSED\)$/)
    const logged = [
      ...t.app.extensions.get('slack', 200).logs.map((l) => l.message),
      ...t.app.alerts.deliveries({ limit: 10 }).map((d) => d.error ?? '')
    ].join('\n')
    expect(logged).not.toContain('SECRETPATH')
  })

  it('while it is disabled, deliveries fail with a clear error in the delivery log; it can be disabled, not removed', async () => {
    t = apps.open()
    const rx = await startReceiver()
    apps.closeAfter(rx.close)
    const id = slackChannel(t.app, `${rx.url}/hook`)
    await t.app.extensions.disable('slack')
    const r = await t.app.alerts.testChannel(id)
    expect(r).toMatchObject({ ok: false, error: 'ext:slack/slack: the extension slack is disabled (disabled by the user)' })
    expect(t.app.alerts.deliveries({ channelId: id, limit: 1 })[0]).toMatchObject({ status: 'failed', error: r.error })
    expect(rx.got).toHaveLength(0)
    await expect(t.app.extensions.uninstall('slack')).rejects.toThrow('slack is built into the console: disable it instead')
    t.app.extensions.enable('slack')
    expect((await t.app.alerts.testChannel(id)).ok).toBe(true)
  })

  it('keeps the user’s choice when the console opens the workspace again', async () => {
    t = apps.open()
    await t.app.extensions.disable('slack')
    await t.app.close()
    const again = tempApp({ file: t.file })
    try {
      expect(info(again.app)).toMatchObject({ status: 'disabled', source: 'builtin' })
    } finally {
      await again.cleanup()
    }
  })
})
