import { afterEach, describe, expect, it } from 'vitest'
import { SMTPServer } from 'smtp-server'
import type { AddressInfo } from 'node:net'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { downRuleService as downRule } from '../../../../tests/helpers/httpService'
import { startReceiver } from '../../../../tests/helpers/receiver'
import { makeCert, startHttp } from '../../../../tests/helpers/servers'
import { AlertsSettings } from '../../../shared/contract'
import { linkTo } from './notify/message'

let t: TestApp
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of closers.splice(0)) await c()
  await t?.cleanup()
})

interface Mail {
  from: string
  to: string[]
  data: string
  user?: string
  secure: boolean
}

/** A real SMTP server on loopback: STARTTLS with a self-signed certificate and PLAIN/LOGIN auth. */
async function smtp(opts: { implicitTls?: boolean } = {}) {
  const mails: Mail[] = []
  const pems = await makeCert(30)
  const server = new SMTPServer({
    secure: opts.implicitTls ?? false,
    key: pems.key,
    cert: pems.cert,
    authOptional: false,
    allowInsecureAuth: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'alerts' && auth.password === 's3cret') cb(null, { user: auth.username })
      else cb(new Error('Invalid username or password'))
    },
    onData(stream, session, cb) {
      let data = ''
      stream.on('data', (c: Buffer) => (data += c.toString()))
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
          user: session.user as string,
          secure: session.secure
        })
        cb()
      })
    },
    logger: false
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.server.address() as AddressInfo).port
  closers.push(() => new Promise<void>((r) => server.close(() => r())))
  return { port, mails }
}

/** Decode an RFC 2047 (Q-encoded, UTF-8) Subject header, folded over lines. */
function subjectOf(data: string): string {
  const header = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(data)![1]!.replace(/\r?\n[ \t]/g, ' ')
  return header.replace(/=\?UTF-8\?Q\?(.*?)\?=\s*/g, (_m, q: string) =>
    Buffer.from(
      q.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1'
    ).toString('utf8')
  )
}

const emailChannel = (port: number, security: 'starttls' | 'tls', password = 's3cret') =>
  t.app.alerts.createChannel({
    name: `mail ${port} ${security} ${password}`,
    config: {
      kind: 'email',
      host: '127.0.0.1',
      port,
      security,
      username: 'alerts',
      from: 'console@example.com',
      to: ['oncall@example.com', 'lead@example.com'],
      allowInvalidCertificates: true
    },
    secret: password,
    enabled: true
  }).id

describe('notification channels against real peers on loopback', () => {
  it('e-mail over STARTTLS with auth reaches a real SMTP server', async () => {
    t = tempApp()
    const server = await smtp()
    const result = await t.app.alerts.testChannel(emailChannel(server.port, 'starttls'))
    expect(result).toMatchObject({ ok: true, responseCode: 250 })
    expect(server.mails).toHaveLength(1)
    const mail = server.mails[0]!
    expect(mail).toMatchObject({
      from: 'console@example.com',
      to: ['oncall@example.com', 'lead@example.com'],
      user: 'alerts',
      secure: true
    })
    expect(subjectOf(mail.data)).toBe(`[TEST] Test notification — mail ${server.port} starttls s3cret`)
    expect(mail.data).toMatch(/X-Console-Event: test/)
    expect(mail.data).toMatch(/Content-Type: text\/html/)
  })

  it('e-mail over implicit TLS; wrong password and unreachable servers are logged clearly', async () => {
    t = tempApp()
    const server = await smtp({ implicitTls: true })
    expect((await t.app.alerts.testChannel(emailChannel(server.port, 'tls'))).ok).toBe(true)
    const bad = await t.app.alerts.testChannel(emailChannel(server.port, 'tls', 'wrong'))
    expect(bad.ok).toBe(false)
    expect(bad.error).toMatch(/SMTP: .*Invalid username or password/)
    const refused = await t.app.alerts.testChannel(emailChannel(1, 'starttls'))
    expect(refused.error).toMatch(/SMTP: .*ECONNREFUSED/)
  })

  it('scheduled cost reports go out through the e-mail channels with the CSV attached', async () => {
    t = tempApp()
    const server = await smtp()
    emailChannel(server.port, 'starttls')
    const [result] = await t.app.alerts.sendReport({
      subject: 'Monthly cloud costs',
      html: '<h1>Costs</h1>',
      csv: 'service,cost\napi,12.50\n',
      recipients: ['cfo@example.com']
    })
    expect(result).toMatchObject({ ok: true })
    expect(server.mails[0]!.to).toEqual(['cfo@example.com'])
    expect(subjectOf(server.mails[0]!.data)).toBe('Monthly cloud costs')
    expect(server.mails[0]!.data).toMatch(/Content-Disposition: attachment; filename=cost-report\.csv/)
  })

  it('Slack gets an incoming-webhook message with Block Kit blocks and a text fallback', async () => {
    t = tempApp()
    const rx = await startReceiver()
    closers.push(rx.close)
    const id = t.app.alerts.createChannel({
      name: 'slack',
      config: { kind: 'slack', channel: '#ops' },
      secret: `${rx.url}/services/T0/B0/x`,
      enabled: true
    }).id
    expect((await t.app.alerts.testChannel(id)).ok).toBe(true)
    const { json, path, headers } = rx.got[0]!
    expect(path).toBe('/services/T0/B0/x')
    expect(headers['content-type']).toBe('application/json')
    expect(json.channel).toBe('#ops')
    expect(json.text).toMatch(/^\[TEST\] Test notification/)
    expect(json.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', emoji: true } })
    expect(json.blocks[0].text.text.length).toBeLessThanOrEqual(150)
    expect(json.blocks[1]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } })
    expect(json.blocks[2].type).toBe('section')
    for (const f of json.blocks[2].fields) expect(f).toMatchObject({ type: 'mrkdwn', text: expect.any(String) })
    expect(json.blocks.find((b: any) => b.type === 'context').elements[0].type).toBe('mrkdwn')
  })

  it('PagerDuty gets Events API v2 trigger, acknowledge and resolve with dedup_key = the alert', async () => {
    t = tempApp()
    const rx = await startReceiver(() => 'accepted')
    closers.push(rx.close)
    let healthy = false
    const ep = await startHttp((_q, res) => res.writeHead(healthy ? 200 : 500).end('x'))
    closers.push(() => ep.close())
    const routingKey = 'R0UT1NGKEY0123456789ABCDEFGHIJKL'
    const pd = t.app.alerts.createChannel({
      name: 'pd',
      config: { kind: 'pagerduty', eventsUrl: `${rx.url}/v2/enqueue`, source: 'control-console-test' },
      secret: routingKey,
      enabled: true
    }).id
    const { checkId } = downRule(t.app, ep.url, [pd], { labels: { team: 'core' }, runbook: 'restart it' })
    await t.app.health.runNow(checkId)
    const [alert] = t.app.alerts.list({ state: 'firing', limit: 5 })
    await rx.waitFor(1)
    t.app.alerts.acknowledge(alert!.id, 'sam')
    await rx.waitFor(2)
    healthy = true
    await t.app.health.runNow(checkId)
    await rx.waitFor(3)
    const [trigger, ack, resolve] = rx.got.map((g) => g.json)
    const dedup = `control-console-alert-${alert!.id}`
    expect(rx.got.every((g) => g.path === '/v2/enqueue')).toBe(true)
    expect(trigger).toMatchObject({ routing_key: routingKey, event_action: 'trigger', dedup_key: dedup, client: 'Control Console' })
    expect(trigger.payload).toMatchObject({
      source: 'control-console-test',
      severity: 'warning',
      component: 'api',
      group: 'production',
      class: 'down'
    })
    expect(trigger.payload.summary.length).toBeLessThanOrEqual(1024)
    expect(new Date(trigger.payload.timestamp).toISOString()).toBe(trigger.payload.timestamp)
    expect(trigger.payload.custom_details).toMatchObject({ rule: 'api is down', runbook: 'restart it', labels: { team: 'core' } })
    expect(ack).toEqual({ routing_key: routingKey, event_action: 'acknowledge', dedup_key: dedup })
    expect(resolve).toEqual({ routing_key: routingKey, event_action: 'resolve', dedup_key: dedup })
    await t.app.alerts.dispatcher.idle()
    expect(t.app.alerts.deliveries({ channelId: pd, limit: 5 }).map((d: any) => d.responseCode)).toEqual([202, 202, 202])
  })

  it('a health alert carries the failing component’s own words and a link back, through every destination', async () => {
    t = tempApp()
    t.app.alerts.setSettings({ baseUrl: 'https://console.example.com/' })
    const server = await smtp()
    const rx = await startReceiver(() => 'accepted')
    closers.push(rx.close)
    let healthy = false
    // an /api/health answering 503 with an application/health+json body whose postgres component failed
    const ep = await startHttp((_q, res) => {
      const body = healthy
        ? { status: 'pass', checks: { 'postgres:status': [{ status: 'pass' }] } }
        : {
            status: 'fail',
            checks: {
              'postgres:status': [{ componentType: 'datastore', status: 'fail', output: 'postgres is unreachable' }],
              'redis:status': [{ status: 'pass' }]
            }
          }
      res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/health+json' }).end(JSON.stringify(body))
    })
    closers.push(() => ep.close())
    const make = (name: string, config: any, secret?: string) =>
      t.app.alerts.createChannel({ name, config, ...(secret ? { secret } : {}), enabled: true }).id
    const mail = emailChannel(server.port, 'starttls')
    const slack = make('slack', { kind: 'slack', channel: '#ops' }, `${rx.url}/slack`)
    const pd = make('pd', { kind: 'pagerduty', eventsUrl: `${rx.url}/pd`, source: 'cc' }, 'R0UT1NGKEY0123456789ABCDEFGHIJKL')
    const hook = make('hook', { kind: 'webhook', headers: {}, retries: 0, timeoutMs: 2000 }, `${rx.url}/hook`)
    const desktop = t.app.alerts.channels().find((c: any) => c.kind === 'desktop')!.id
    const toasts: { title: string; body: string; route?: string; tone?: string }[] = []
    t.app.bus.on('notify:desktop', (p) => void toasts.push(p))
    const { checkId } = downRule(t.app, ep.url, [mail, slack, pd, hook, desktop])

    await t.app.health.runNow(checkId)
    const [alert] = t.app.alerts.list({ state: 'firing', limit: 5 })
    expect(alert!.summary).toMatch(/^root failed 1 time in a row: unexpected status 503 .* — postgres is unreachable$/)
    await t.app.alerts.dispatcher.idle()
    await rx.waitFor(3)
    const link = `https://console.example.com/#/alerts/${alert!.id}`
    const at = (path: string) => rx.got.find((g) => g.path === path)!.json

    // e-mail: the component's output and the link, in the text and the HTML parts
    const data = server.mails[0]!.data.replace(/=\r?\n/g, '')
    expect(data).toContain('Failing component: postgres:status fail =E2=80=94 postgres is unreachable')
    expect(data).toContain(`Open: ${link}`)
    expect(data).toContain(`<a href=3D"${link}">`)
    // Slack: a "Failing component" field and a link section
    const s = at('/slack')
    expect(s.text).toContain('postgres is unreachable')
    expect(s.blocks[2].fields).toContainEqual({ type: 'mrkdwn', text: '*Failing component*\npostgres is unreachable' })
    expect(s.blocks.at(-1)).toEqual({ type: 'section', text: { type: 'mrkdwn', text: `<${link}|Open the alert in Control Console>` } })
    // PagerDuty: the components in custom_details, the link in links and client_url
    const p = at('/pd')
    expect(p.payload.summary).toContain('postgres is unreachable')
    expect(p.payload.custom_details).toMatchObject({
      failing_check: 'root',
      failing_components: [{ key: 'postgres:status', status: 'fail', output: 'postgres is unreachable' }]
    })
    expect(p.links).toEqual([{ href: link, text: 'Open the alert in Control Console' }])
    expect(p.client_url).toBe(link)
    // webhook: alert.failure and alert.url
    const w = at('/hook')
    expect(w.alert.failure).toMatchObject({
      checkName: 'root',
      components: [{ key: 'postgres:status', output: 'postgres is unreachable' }]
    })
    expect(w.alert.failure.error).toMatch(/^unexpected status 503/)
    expect(w.alert.url).toBe(link)
    // desktop: the summary with the component's words, the in-app route, a firing tone
    expect(toasts[0]).toMatchObject({ route: `/alerts/${alert!.id}`, tone: 'firing' })
    expect(toasts[0]!.body).toContain('postgres is unreachable')

    healthy = true
    await t.app.health.runNow(checkId)
    await t.app.alerts.dispatcher.idle()
    expect(toasts.at(-1)).toMatchObject({ tone: 'resolved' })
    expect(toasts.at(-1)!.title).toMatch(/^\[RESOLVED\]/)
    // the delivery log names the alert, not only its id
    expect(t.app.alerts.deliveries({ channelId: hook, limit: 5 }).map((d: any) => d.alertName)).toEqual([
      'api is down — api',
      'api is down — api'
    ])
  })

  it('without a base URL notifications carry no link; a bad base URL is refused naming the field', async () => {
    t = tempApp()
    expect(t.app.alerts.settings()).toEqual({ baseUrl: '' })
    const rx = await startReceiver()
    closers.push(rx.close)
    const hook = t.app.alerts.createChannel({
      name: 'hook',
      config: { kind: 'webhook', headers: {}, retries: 0, timeoutMs: 2000 },
      secret: `${rx.url}/hook`,
      enabled: true
    }).id
    await t.app.alerts.testChannel(hook)
    expect(rx.got[0]!.json.alert.url).toBeNull()
    t.app.alerts.setSettings({ baseUrl: 'http://console.internal:8080/cc///' })
    await t.app.alerts.testChannel(hook)
    expect(rx.got[1]!.json.alert.url).toBe('http://console.internal:8080/cc/#/integrations')
    const bad = AlertsSettings.safeParse({ baseUrl: 'console.example.com' })
    expect(bad.success).toBe(false)
    expect(bad.error!.issues[0]).toMatchObject({ path: ['baseUrl'], message: expect.stringMatching(/must be an http\(s\) URL/) })
    expect(linkTo('', '/alerts/3')).toBeNull()
    expect(linkTo(' https://c.example.com/ ', '/alerts/3')).toBe('https://c.example.com/#/alerts/3')
  })
})
