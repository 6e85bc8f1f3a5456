/**
 * The example extension examples/extensions/vendor-feed end to end, in real host processes: alert rules of signal
 * "extension" fire, notify (a loopback webhook receiver) and resolve on its signals; it starts only on its activation
 * events (counted as OS processes); its settings schema validates values, seals the secret and delivers a change event.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NotifyChannelInput, RuleInput } from '../../../shared/contract'
import { tempApp, tempDir, type TestApp } from '../../../../tests/helpers/app'
import { childProcessesWith } from '../../../../tests/helpers/childProcesses'
import { startReceiver } from '../../../../tests/helpers/receiver'
import { startHttp, type Running } from '../../../../tests/helpers/servers'

const EXAMPLE = path.resolve(__dirname, '../../../../examples/extensions/vendor-feed')
let t: TestApp
let status: Running & { url: string }
const components: Record<string, string> = { api: 'operational', billing: 'operational' }
const statusAuth: string[] = []
let hook: Awaited<ReturnType<typeof startReceiver>>
let forwarded: Awaited<ReturnType<typeof startReceiver>>

/** A copy of the example with another id, activation events and permissions, installed into the app. */
async function installCopy(id: string, activationEvents: string[], permissions: string[]): Promise<void> {
  const copy = tempDir('cc-ext-feed-')
  fs.cpSync(EXAMPLE, copy, { recursive: true })
  const m = JSON.parse(fs.readFileSync(path.join(copy, 'extension.json'), 'utf8')) as Record<string, unknown>
  Object.assign(m, { id, activationEvents, permissions })
  fs.writeFileSync(path.join(copy, 'extension.json'), JSON.stringify(m))
  const preview = await t.app.extensions.inspect({ kind: 'folder', path: copy })
  await t.app.extensions.install(preview.token, permissions, true)
  fs.rmSync(copy, { recursive: true, force: true })
}

/** Host processes of one extension now: children of this process started with its folder readable. */
const processesOf = (id: string): number => childProcessesWith(`--allow-fs-read=${t.app.extensions.folderOf(id)}`)

async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = fn()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const logsOf = (id: string) => t.app.extensions.get(id, 200).logs.map((l) => l.message)

beforeAll(async () => {
  status = await startHttp((req, res) => {
    statusAuth.push(String(req.headers.authorization ?? ''))
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ components: Object.entries(components).map(([name, s]) => ({ name, status: s })) }))
  })
  hook = await startReceiver()
  forwarded = await startReceiver()
  t = tempApp()
  await installCopy('vendor-feed', ['onView:alerts'], ['alerts:write', `net:${status.url}`])
  t.app.extensions.setSettingsOf('vendor-feed', { statusUrl: `${status.url}/status.json`, token: 's3cret-token' })
})
afterAll(async () => {
  await t.cleanup()
  await Promise.all([status.close(), hook.close(), forwarded.close()])
})

describe('onView activation', () => {
  it('onView: not running until its view opens, then started and told', async () => {
    expect(processesOf('vendor-feed')).toBe(0)
    expect(t.app.extensions.activation.viewOpened('costs')).toEqual([])
    expect(processesOf('vendor-feed')).toBe(0)
    const polls = statusAuth.length
    expect(t.app.extensions.activation.viewOpened('alerts')).toEqual(['vendor-feed'])
    await until('its process', () => processesOf('vendor-feed') === 1)
    await until('the view to poll the status page', () => statusAuth.length > polls)
    await until('its log', () => logsOf('vendor-feed').some((m) => m.startsWith('polled (view alerts)')))
  })
})

describe('extension settings from its schema', () => {
  it('answers the form with defaults and never the secret in clear', () => {
    const view = t.app.extensions.settingsOf('vendor-feed')
    expect(view.fields.map((f) => [f.key, f.type, f.required, f.secret])).toEqual([
      ['statusUrl', 'string', true, false],
      ['token', 'string', false, true],
      ['minStatus', 'string', false, false],
      ['forwardUrl', 'string', false, false],
      ['timeoutS', 'integer', false, false]
    ])
    expect(view.values).toEqual({ statusUrl: `${status.url}/status.json`, minStatus: 'degraded', timeoutS: 5 })
    expect(Object.keys(view.secrets)).toEqual(['token'])
    expect(view.secrets['token']).not.toContain('s3cret')
    const row = t.app.db.prepare("SELECT value FROM settings WHERE key = 'extension:vendor-feed'").get() as { value: string }
    expect(row.value).not.toContain('s3cret')
  })

  it('refuses values the schema does not allow, naming the field', () => {
    const save = (values: Record<string, string | number | boolean | null>) => () => t.app.extensions.setSettingsOf('vendor-feed', values)
    expect(save({ statusUrl: 'ftp://x' })).toThrow(/Status page URL must match \^https\?:\/\//)
    expect(save({ statusUrl: `${status.url}/s`, timeoutS: 11 })).toThrow(/Request timeout \(s\) must be at most 10/)
    expect(save({ statusUrl: `${status.url}/s`, timeoutS: 2.5 })).toThrow(/must be a whole number/)
    expect(save({ statusUrl: `${status.url}/s`, minStatus: 'down' })).toThrow(/must be one of degraded, outage/)
    expect(save({ statusUrl: `${status.url}/s`, color: 'red' })).toThrow(/has no setting "color"/)
    expect(save({ timeoutS: 3 })).toThrow(/Status page URL is required/)
    try {
      save({ statusUrl: 'nope' })()
    } catch (err) {
      expect(err).toMatchObject({ code: 'VALIDATION', field: 'values.statusUrl' })
    }
  })

  it('refuses a manifest whose settings schema or schedule the console cannot use', async () => {
    const bad = async (patch: Record<string, unknown>) => {
      const copy = tempDir('cc-ext-bad-')
      fs.cpSync(EXAMPLE, copy, { recursive: true })
      const m = JSON.parse(fs.readFileSync(path.join(copy, 'extension.json'), 'utf8')) as Record<string, unknown>
      fs.writeFileSync(path.join(copy, 'extension.json'), JSON.stringify({ ...m, ...patch }))
      return t.app.extensions.inspect({ kind: 'folder', path: copy })
    }
    await expect(bad({ contributes: { settings: { type: 'object', properties: { when: { type: 'date' } } } } })).rejects.toThrow(
      /properties\.when\.type: must be one of string, number, integer, boolean, object, array/
    )
    await expect(bad({ activationEvents: ['onSchedule:61 * * * *'] })).rejects.toThrow(/activationEvents\[0\].*not a valid cron expression/)
    await expect(bad({ activationEvents: ['onSchedule:0m'] })).rejects.toThrow(/at least 1m/)
  })
})

describe('alert rules on extension signals', () => {
  it('fire, notify and resolve through the ordinary engine; the extension got its secret token', async () => {
    const channel = t.app.alerts.createChannel(
      NotifyChannelInput.parse({ name: 'hook', config: { kind: 'webhook' }, secret: `${hook.url}/hook` })
    )
    const rule = (name: string, condition: Record<string, unknown>, channelIds: number[]) =>
      t.app.alerts.createRule(RuleInput.parse({ name, condition: { signal: 'extension', ...condition }, severity: 'critical', channelIds }))
    rule('vendor outage', { extension: 'vendor-feed', minSeverity: 'warning' }, [channel.id])
    rule('other extension', { extension: 'someone-else' }, [])
    rule('outages only', { minSeverity: 'critical' }, [])

    components['api'] = 'degraded'
    expect((await t.app.extensions.runCommand('vendor-feed', 'poll-now')).result).toEqual({ polled: true, components: 2, raised: 1 })
    expect(statusAuth.at(-1)).toBe('Bearer s3cret-token')
    const firing = await until('the alert to fire', () => t.app.alerts.list({ state: 'firing', limit: 10 }))
    expect(firing.map((a) => [a.ruleName, a.target, a.summary])).toEqual([
      ['vendor outage', 'vendor-feed:api', 'vendor-feed: api is degraded']
    ])
    expect(firing[0]!.labels).toMatchObject({ extension: 'vendor-feed', signal: 'extension', signal_severity: 'warning' })
    const [fired] = await hook.waitFor(1)
    expect(fired!.json).toMatchObject({ event: 'trigger', alert: { rule: 'vendor outage', target: 'vendor-feed:api' } })

    components['api'] = 'operational'
    await t.app.extensions.runCommand('vendor-feed', 'poll-now')
    await until('the alert to resolve', () => t.app.alerts.list({ state: 'resolved', limit: 10 }).length === 1)
    expect(t.app.alerts.list({ state: 'firing', limit: 10 })).toEqual([])
    const got = await hook.waitFor(2)
    expect(got[1]!.json).toMatchObject({ event: 'resolve', alert: { rule: 'vendor outage', state: 'resolved' } })
  })
})

describe('activation events', () => {
  it('onSchedule (cron with seconds): starts when due and polls each time', async () => {
    await installCopy('feed-on-schedule', ['onSchedule:*/1 * * * * *'], ['alerts:write', `net:${status.url}`])
    t.app.extensions.setSettingsOf('feed-on-schedule', { statusUrl: `${status.url}/status.json` })
    await until(
      'a scheduled poll',
      () => logsOf('feed-on-schedule').filter((m) => m.startsWith('polled (schedule */1 * * * * *)')).length >= 2
    )
    expect(processesOf('feed-on-schedule')).toBe(1)
    await t.app.extensions.disable('feed-on-schedule')
    const n = logsOf('feed-on-schedule').filter((m) => m.startsWith('polled')).length
    await new Promise((r) => setTimeout(r, 2500))
    expect(processesOf('feed-on-schedule')).toBe(0)
    expect(logsOf('feed-on-schedule').filter((m) => m.startsWith('polled')).length).toBe(n)
  })

  it('onAlert: started by a firing alert and given it (alerts:read); without the grant it is not started', async () => {
    await installCopy('feed-forward', ['onAlert:critical'], ['alerts:read', `net:${forwarded.url}`])
    await installCopy('feed-no-grant', ['onAlert'], [`net:${forwarded.url}`])
    t.app.extensions.setSettingsOf('feed-forward', { statusUrl: `${status.url}/status.json`, forwardUrl: `${forwarded.url}/in` })
    expect(processesOf('feed-forward') + processesOf('feed-no-grant')).toBe(0)

    components['billing'] = 'outage'
    await t.app.extensions.runCommand('vendor-feed', 'poll-now')
    // two rules fire on it (vendor outage, outages only), both critical
    const sent = () => forwarded.got.map((g) => (g.json as { from: string; alert: Record<string, unknown> }).alert)
    await forwarded.waitFor(2)
    expect(
      sent()
        .map((a) => [a['ruleName'], a['target'], a['state'], a['severity']])
        .sort()
    ).toEqual([
      ['outages only', 'vendor-feed:billing', 'firing', 'critical'],
      ['vendor outage', 'vendor-feed:billing', 'firing', 'critical']
    ])
    expect(processesOf('feed-forward')).toBe(1)
    expect(processesOf('feed-no-grant')).toBe(0)
    expect(logsOf('feed-no-grant').some((m) => m.includes('needs "alerts:read", which was not granted'))).toBe(true)

    components['billing'] = 'operational'
    await t.app.extensions.runCommand('vendor-feed', 'poll-now')
    await forwarded.waitFor(4)
    expect(
      sent()
        .slice(2)
        .map((a) => [a['target'], a['state']])
    ).toEqual([
      ['vendor-feed:billing', 'resolved'],
      ['vendor-feed:billing', 'resolved']
    ])
  })

  it('a settings change reaches the running extension as an event', async () => {
    t.app.extensions.setSettingsOf('vendor-feed', { statusUrl: `${status.url}/other.json` })
    await until('the change event', () => logsOf('vendor-feed').includes(`settings changed: status page ${status.url}/other.json`))
  })

  it('uninstalling an extension deletes its settings', async () => {
    expect(t.app.extensions.settingsOf('feed-forward').values['forwardUrl']).toBe(`${forwarded.url}/in`)
    await t.app.extensions.uninstall('feed-forward')
    const row = t.app.db.prepare("SELECT value FROM settings WHERE key = 'extension:feed-forward'").get() as { value: string }
    expect(JSON.parse(row.value)).toEqual({ values: {}, sealed: {} })
  })
})
