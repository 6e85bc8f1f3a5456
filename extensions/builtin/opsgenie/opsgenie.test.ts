/**
 * The built-in OpsGenie extension against a loopback stand-in for the Alerts API v2 that checks each request: create
 * with `Authorization: GenieKey …`, an alias per alert and the priority from the severity; acknowledge and close by
 * alias; a wrong key is a failed delivery. The EU region's base URL comes from the channel's settings.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import type { TestApp } from '../../../tests/helpers/app'
import { downRuleService } from '../../../tests/helpers/httpService'
import { startHttp } from '../../../tests/helpers/servers'
import { opsgenieRequest } from './index.mjs'
import { appPerTest } from '../../../tests/helpers/perTest'

const KEY = 'eb243592-faa2-4ba2-a551q-1afdf565c889'
const apps = appPerTest()
let t: TestApp | undefined

interface Seen {
  method: string
  path: string
  query: Record<string, string>
  body: Record<string, any>
}

/** Answers like OpsGenie: 401 without the key, 422 without message or alias, 202 with a request id otherwise. */
async function standIn() {
  const seen: Seen[] = []
  const server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (c: Buffer) => (raw += c.toString()))
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x')
      const answer = (status: number, body: object) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      if (req.headers.authorization !== `GenieKey ${KEY}`) return answer(401, { message: 'Key format is not valid!', took: 0.001 })
      if (req.headers['content-type'] !== 'application/json') return answer(415, { message: 'send JSON' })
      const body = JSON.parse(raw || '{}') as Record<string, any>
      seen.push({ method: req.method!, path: url.pathname, query: Object.fromEntries(url.searchParams), body })
      const action = /^\/v2\/alerts\/[^/]+\/(close|acknowledge)$/.exec(url.pathname)
      if (url.pathname === '/v2/alerts' && (!body.message || !body.alias)) return answer(422, { message: 'message and alias are needed' })
      if (url.pathname !== '/v2/alerts' && (!action || url.searchParams.get('identifierType') !== 'alias'))
        return answer(404, { message: 'no such route' })
      answer(202, { result: 'Request will be processed', took: 0.02, requestId: `req-${seen.length}` })
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  apps.closeAfter(() => new Promise<void>((r) => server.close(() => r())))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

describe('the built-in OpsGenie extension', () => {
  it('creates, acknowledges and closes one OpsGenie alert per console alert, by alias', async () => {
    t = apps.open()
    t.app.alerts.setSettings({ baseUrl: 'https://console.example.com' })
    const og = await standIn()
    let healthy = false
    const ep = await startHttp((_q, res) => res.writeHead(healthy ? 200 : 500).end('x'))
    apps.closeAfter(() => ep.close())
    const channel = t.app.alerts.createChannel({
      name: 'opsgenie',
      config: { kind: 'ext:opsgenie/opsgenie', settings: { apiUrl: og.url, tags: ['team:core'] } },
      secret: KEY,
      enabled: true
    }).id
    const { checkId } = downRuleService(t.app, ep.url, [channel], { severity: 'critical', labels: { team: 'core' } })
    await t.app.health.runNow(checkId)
    const [alert] = t.app.alerts.list({ state: 'firing', limit: 5 })
    await t.app.alerts.dispatcher.idle()
    t.app.alerts.acknowledge(alert!.id, 'sam')
    await t.app.alerts.dispatcher.idle()
    healthy = true
    await t.app.health.runNow(checkId)
    await t.app.alerts.dispatcher.idle()

    const alias = `control-console-alert-${alert!.id}`
    expect(og.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'POST /v2/alerts',
      `POST /v2/alerts/${alias}/acknowledge`,
      `POST /v2/alerts/${alias}/close`
    ])
    const [create, ack, close] = og.seen
    expect(create!.body).toMatchObject({
      message: expect.stringMatching(/^\[FIRING\] api is down — api/),
      alias,
      priority: 'P1',
      source: 'Control Console',
      entity: 'api',
      tags: ['team:core', 'severity:critical'],
      details: { rule: 'api is down', team: 'core', link: `https://console.example.com/#/alerts/${alert!.id}` }
    })
    expect(create!.body.message.length).toBeLessThanOrEqual(130)
    expect(create!.body.description).toContain('Open: https://console.example.com/#/alerts/')
    expect(ack).toMatchObject({ query: { identifierType: 'alias' }, body: { user: 'sam', source: 'Control Console' } })
    expect(close).toMatchObject({ query: { identifierType: 'alias' }, body: { source: 'Control Console' } })
    expect(t.app.alerts.deliveries({ channelId: channel, limit: 5 }).map((d) => [d.event, d.responseCode])).toEqual([
      ['resolve', 202],
      ['acknowledge', 202],
      ['trigger', 202]
    ])
  })

  it('a wrong API key is a failed delivery with OpsGenie’s answer, not retried, and the key stays out of the logs', async () => {
    t = apps.open()
    const og = await standIn()
    const channel = t.app.alerts.createChannel({
      name: 'opsgenie',
      config: { kind: 'ext:opsgenie/opsgenie', settings: { apiUrl: og.url } },
      secret: 'not-the-key-0000',
      enabled: true
    }).id
    const r = await t.app.alerts.testChannel(channel)
    expect(r).toMatchObject({ ok: false, responseCode: 401, attempts: 1 })
    expect(r.error).toBe('HTTP 401: {"message":"Key format is not valid!","took":0.001}')
    expect(
      t.app.extensions
        .get('opsgenie', 50)
        .logs.map((l) => l.message)
        .join('\n')
    ).not.toContain('not-the-key')
  })

  it('maps severity to priority and the region to its base URL; without a configured URL only OpsGenie’s hosts are granted', () => {
    const m = { event: 'trigger', alertId: 7, startedAt: 1, title: '[FIRING] r — t', summary: 's', severity: 'info', target: 't' }
    expect(opsgenieRequest(m, {})).toMatchObject({ url: 'https://api.opsgenie.com/v2/alerts', body: { priority: 'P5' } })
    expect(opsgenieRequest({ ...m, severity: 'warning' }, { region: 'eu' })).toMatchObject({
      url: 'https://api.eu.opsgenie.com/v2/alerts',
      body: { priority: 'P3', alias: 'control-console-alert-7' }
    })
    expect(opsgenieRequest({ ...m, event: 'resolve' }, { region: 'eu' }).url).toBe(
      'https://api.eu.opsgenie.com/v2/alerts/control-console-alert-7/close?identifierType=alias'
    )
    t = apps.open()
    expect(t.app.extensions.list().find((e) => e.id === 'opsgenie')!.granted).toEqual([
      'net:https://api.opsgenie.com',
      'net:https://api.eu.opsgenie.com'
    ])
  })
})
