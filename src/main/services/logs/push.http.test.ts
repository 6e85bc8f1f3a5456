/**
 * Real HTTP pushes through serve mode's transport (worker threads as in the app): Loki's push API in JSON (plain and
 * gzip) and OTLP logs over HTTP/JSON with the protocol's own sample bodies; the token or a session is required;
 * malformed bodies are refused with a message naming the place; a named push source gets the lines.
 */
import fs from 'node:fs'
import zlib from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { rawRequest, servedApp, type ServedApp } from '../../../../tests/helpers/serve'

let s: ServedApp
afterEach(async () => s && (await s.cleanup()))

const OTLP = '/work/shared/data/otlp'
const ns = (ms: number): string => `${BigInt(ms) * 1_000_000n}`

async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`${s.server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json', ...headers },
    body
  })
  return { status: res.status, text: await res.text() }
}

async function lines(query: string, from = 0, to = 8.64e15): Promise<any[]> {
  const r = await s.rpc('logs:search', { query, from, to, limit: 1000 })
  expect(r.status).toBe(200)
  return r.json.data.lines
}

describe('HTTP push in serve mode', () => {
  it('takes Loki JSON pushes (plain and gzip) as labelled lines, with structured metadata', async () => {
    s = await servedApp()
    const t = Date.UTC(2026, 0, 5, 12)
    const body = {
      streams: [
        {
          stream: { service: 'api', env: 'prod', level: 'warn', job: 'api-1' },
          values: [
            [ns(t), 'slow response from db', { trace_id: 'abc123' }],
            [ns(t + 1), 'second line']
          ]
        },
        { stream: { app: 'web' }, values: [[ns(t + 2), '{"level":"error","msg":"render failed"}']] }
      ]
    }
    expect((await post('/loki/api/v1/push', JSON.stringify(body))).status).toBe(204)
    const gz = zlib.gzipSync(JSON.stringify({ streams: [{ stream: { service: 'api' }, values: [[ns(t + 3), 'gzipped line']] }] }))
    expect((await post('/loki/api/v1/push', gz, { 'content-encoding': 'gzip' })).status).toBe(204)

    const api = await lines('{service="api"}')
    expect(api.map((l) => l.line)).toEqual(['gzipped line', 'second line', 'slow response from db'])
    expect(api[2].labels).toMatchObject({ service: 'api', env: 'prod', environment: 'prod', level: 'warn', job: 'api-1', source: 'push' })
    expect(api[2].attrs).toEqual({ trace_id: 'abc123' })
    expect(api[2].ts).toBe(t)
    const web = await lines('{service="web"}')
    expect(web[0].labels.level).toBe('error') // detected from the JSON line
  })

  it('takes the OTLP/JSON samples: hex ids, integer severities, 64-bit integers as strings, resource attributes as labels', async () => {
    s = await servedApp()
    const res = await post('/v1/logs', fs.readFileSync(`${OTLP}/logs.json`))
    expect(res.status).toBe(200)
    expect(JSON.parse(res.text)).toEqual({ partialSuccess: {} })
    expect((await post('/v1/logs', fs.readFileSync(`${OTLP}/events.json`))).status).toBe(200)
    const got = await lines('{service="my.service"}')
    expect(got).toHaveLength(2)
    const log = got.find((l) => l.line === 'Example log record')!
    expect(log.ts).toBe(1544712660300)
    expect(log.labels).toMatchObject({ service: 'my.service', level: 'info' }) // severityNumber 10
    expect(log.attrs).toMatchObject({
      trace_id: '5b8efff798038103d269b633813fc60c',
      span_id: 'eee19b7ec3c1b174',
      scope: 'my.library',
      severity_text: 'Information',
      string_attribute: 'some string',
      int_attribute: '10',
      boolean_attribute: 'true',
      double_attribute: '637.704',
      array_attribute: '["many","values"]',
      map_attribute_some_map_key: 'some value'
    })
    const event = got.find((l) => l.attrs?.event_name === 'browser.page_view')!
    expect(JSON.parse(event.line)).toMatchObject({ type: '0', url: 'https://www.guidgenerator.com/online-guid-generator.aspx' })
    // structured metadata works in label filters
    expect(await lines('{service="my.service"} | int_attribute > 5')).toHaveLength(1)
  })

  it('needs the token or a session, like every other route', async () => {
    s = await servedApp()
    const noToken = await fetch(`${s.server.url}/loki/api/v1/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"streams":[]}'
    })
    expect(noToken.status).toBe(401)
    const wrong = await post('/v1/logs', '{}', { authorization: 'Bearer wrong' })
    expect(wrong.status).toBe(401)
    const open = await rawRequest(s.server.openUrl)
    const cookie = String(open.headers['set-cookie']).split(';')[0]!
    const host = new URL(s.server.url).host
    const withSession = await rawRequest(`${s.server.url}/loki/api/v1/push`, {
      method: 'POST',
      headers: { cookie, host, 'content-type': 'application/json' },
      body: JSON.stringify({ streams: [{ stream: { service: 'x' }, values: [[ns(Date.now()), 'from a session']] }] })
    })
    expect(withSession.status).toBe(204)
    const foreign = await rawRequest(`${s.server.url}/v1/logs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.token}`, host, origin: 'http://evil.example', 'content-type': 'application/json' },
      body: '{}'
    })
    expect(foreign.status).toBe(403)
  })

  it('refuses what it cannot read, saying where', async () => {
    s = await servedApp()
    const proto = await post('/loki/api/v1/push', 'x', { 'content-type': 'application/x-protobuf' })
    expect(proto.status).toBe(415)
    expect(proto.text).toContain('application/json')
    const get = await fetch(`${s.server.url}/v1/logs`, { headers: { authorization: `Bearer ${s.token}` } })
    expect(get.status).toBe(405)
    const badTs = await post('/loki/api/v1/push', JSON.stringify({ streams: [{ stream: { a: 'b' }, values: [['yesterday', 'x']] }] }))
    expect(badTs.status).toBe(400)
    expect(badTs.text).toContain('streams[0].values[0][0]')
    const badId = await post(
      '/v1/logs',
      JSON.stringify({
        resourceLogs: [{ scopeLogs: [{ logRecords: [{ traceId: 'W47/95gDgQPSabYzgT/GDA==', body: { stringValue: 'x' } }] }] }]
      })
    )
    expect(badId.status).toBe(400)
    const status = JSON.parse(badId.text)
    expect(status.code).toBe(3) // gRPC INVALID_ARGUMENT, as OTLP/HTTP clients read it
    expect(status.message).toContain('logRecords[0].traceId: expected 32 hex digits')
    const badSev = await post('/v1/logs', JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityNumber: 99 }] }] }] }))
    expect(JSON.parse(badSev.text).message).toContain('severityNumber')
    const notJson = await post('/loki/api/v1/push', '{"streams": [')
    expect(notJson.status).toBe(400)
    const badGzip = await post('/loki/api/v1/push', 'not gzip', { 'content-encoding': 'gzip' })
    expect(badGzip.status).toBe(400)
    // nothing half-written
    expect(await lines('{source=~".+"}')).toHaveLength(0)
  })

  it('routes ?source= to a named push source, and refuses unknown, file and disabled ones', async () => {
    s = await servedApp()
    const made = await s.rpc('logs:createSource', { kind: 'push', name: 'team-a', retentionDays: 3 })
    expect(made.status).toBe(200)
    const body = JSON.stringify({ streams: [{ stream: { service: 'a' }, values: [[ns(Date.now()), 'for team a']] }] })
    expect((await post('/loki/api/v1/push?source=team-a', body)).status).toBe(204)
    expect((await lines('{source="team-a"}')).map((l) => l.line)).toEqual(['for team a'])
    expect((await post('/loki/api/v1/push?source=nope', body)).status).toBe(404)
    await s.rpc('logs:updateSource', { id: made.json.data.id, kind: 'push', name: 'team-a', enabled: false })
    expect((await post('/loki/api/v1/push?source=team-a', body)).status).toBe(403)
  })

  it('absorbs a burst of 50,000 lines in one push, all committed when it answers', async () => {
    s = await servedApp()
    const t0 = Date.UTC(2026, 0, 5, 12)
    const values = Array.from({ length: 50_000 }, (_, i) => [ns(t0 + i), `level=info msg="burst line ${i}" n=${i}`])
    const res = await post('/loki/api/v1/push', JSON.stringify({ streams: [{ stream: { service: 'burst' }, values }] }))
    expect(res.status).toBe(204)
    const count = await s.rpc('logs:search', {
      query: 'sum(count_over_time({service="burst"}[2h]))',
      from: t0 + 3_600_000,
      to: t0 + 3_600_000
    })
    expect(count.json.data.series[0].v).toEqual([50_000])
  }, 120_000)
})
