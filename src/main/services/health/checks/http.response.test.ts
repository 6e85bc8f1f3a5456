// Judging responses: status ranges, keywords, JSON / health+json bodies, conditions.
import type http from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runHttpCheck } from './http'
import { startHttp, startTcp, type Running } from '../../../../../tests/helpers/servers'
import { HttpCheckSchema } from '../../../../shared/health/types'

// One server whose routes describe what they return.
const routes: Record<string, (res: http.ServerResponse) => void> = {
  '/text': (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Welcome</h1> all systems nominal'),
  '/not-found': (res) => res.writeHead(404).end('nope'),
  '/unavailable': (res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('maintenance'),
  '/services': (res) => json(res, 200, { services: { db: { status: 'pass' }, cache: { status: 'fail' } }, items: [1, 2, 3] }),
  '/health-broken': (res) => res.writeHead(200, { 'content-type': 'application/health+json' }).end('{"status": "pass", '),
  '/json-broken': (res) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{oops'),
  '/health-warn': (res) =>
    json(
      res,
      200,
      { status: 'pass', checks: { 'db:latency': [{ status: 'warn', observedValue: 900, observedUnit: 'ms' }] } },
      'application/health+json'
    ),
  '/health-fail': (res) =>
    json(
      res,
      200,
      { status: 'fail', checks: { 'db:connections': [{ status: 'fail', output: 'pool exhausted' }] } },
      'application/health+json'
    ),
  '/health-ok': (res) =>
    json(res, 200, { status: 'UP', components: { db: { status: 'UP' } } }, 'application/vnd.spring-boot.actuator.v3+json'),
  '/health-nostatus': (res) => json(res, 200, { checks: {} }, 'application/health+json'),
  '/echo-headers': (res) => json(res, 200, { ok: true })
}
let lastHeaders: http.IncomingHttpHeaders = {}
function json(res: http.ServerResponse, code: number, body: unknown, type = 'application/json'): void {
  res.writeHead(code, { 'content-type': type }).end(JSON.stringify(body))
}

let srv: Running & { url: string }
beforeAll(async () => {
  srv = await startHttp((req, res) => {
    lastHeaders = req.headers
    const route = routes[req.url ?? '']
    if (route) route(res)
    else res.writeHead(500).end('no route')
  })
})
afterAll(() => srv.close())

const check = (path: string, extra: Record<string, unknown> = {}) =>
  runHttpCheck(HttpCheckSchema.parse({ kind: 'http', url: srv.url + path, ...extra }))

describe('http check: status ranges', () => {
  it('accepts 2xx by default and rejects others with the status code', async () => {
    expect(await check('/text')).toMatchObject({ status: 'UP', statusCode: 200 })
    expect(await check('/not-found')).toMatchObject({
      status: 'DOWN',
      statusCode: 404,
      errorKind: 'status',
      error: 'unexpected status 404 (accepted: 200-299)'
    })
  })

  it('honours custom ranges, single codes and classes', async () => {
    expect(await check('/not-found', { acceptedStatus: ['200-299', '404'] })).toMatchObject({ status: 'UP', statusCode: 404 })
    expect(await check('/unavailable', { acceptedStatus: ['5xx'] })).toMatchObject({ status: 'UP', statusCode: 503 })
    expect(await check('/unavailable', { acceptedStatus: ['500-502'] })).toMatchObject({ status: 'DOWN', errorKind: 'status' })
  })
})

describe('http check: keyword', () => {
  it('present: passes when found, fails when missing', async () => {
    expect(await check('/text', { keyword: 'nominal' })).toMatchObject({ status: 'UP' })
    expect(await check('/text', { keyword: 'exploded' })).toMatchObject({
      status: 'DOWN',
      errorKind: 'keyword',
      error: 'keyword "exploded" not found in the response body'
    })
  })

  it('absent: fails when found, passes when missing', async () => {
    expect(await check('/text', { keyword: 'nominal', keywordMode: 'absent' })).toMatchObject({ status: 'DOWN', errorKind: 'keyword' })
    expect(await check('/text', { keyword: 'exploded', keywordMode: 'absent' })).toMatchObject({ status: 'UP' })
  })

  it('works on a broken JSON body when nothing needs the JSON', async () => {
    expect(await check('/json-broken', { keyword: 'oops' })).toMatchObject({ status: 'UP', snippet: '{oops' })
  })
})

describe('http check: JSON and health reports', () => {
  it('invalid JSON from a health+json endpoint is invalid_json', async () => {
    const out = await check('/health-broken')
    expect(out).toMatchObject({ status: 'DOWN', errorKind: 'invalid_json' })
    expect(out.error).toContain('claims application/health+json but is not valid JSON')
  })

  it('invalid application/json only matters when a condition reads it', async () => {
    expect(await check('/json-broken')).toMatchObject({ status: 'UP' })
    expect(await check('/json-broken', { conditions: ['[BODY].status == ok'] })).toMatchObject({
      status: 'DOWN',
      errorKind: 'invalid_json'
    })
  })

  it('maps health reports to UP / DEGRADED / DOWN with components', async () => {
    const warn = await check('/health-warn')
    expect(warn).toMatchObject({ status: 'DEGRADED', errorKind: 'health', error: 'health pass: db:latency (warn)' })
    expect(warn.components).toEqual([
      { key: 'db:latency', name: 'db', measurement: 'latency', status: 'warn', observedValue: 900, observedUnit: 'ms' }
    ])
    const fail = await check('/health-fail')
    expect(fail).toMatchObject({ status: 'DOWN', errorKind: 'health' })
    expect(fail.components?.[0]).toMatchObject({ key: 'db:connections', status: 'fail', output: 'pool exhausted' })
    expect(await check('/health-ok')).toMatchObject({ status: 'UP', components: [{ key: 'db', status: 'pass' }] })
    expect(await check('/health-fail', { interpretHealth: false })).toMatchObject({ status: 'UP' })
  })

  it('a health+json body without a status is a protocol error', async () => {
    expect(await check('/health-nostatus')).toMatchObject({ status: 'DOWN', errorKind: 'protocol' })
  })

  it('sends configured headers over default ones', async () => {
    await check('/echo-headers', { headers: { 'X-Token': 'abc', Accept: 'text/plain' } })
    expect(lastHeaders['x-token']).toBe('abc')
    expect(lastHeaders.accept).toBe('text/plain')
    expect(lastHeaders.connection).toBe('close') // no keep-alive sockets left behind
  })
})

describe('http check: conditions', () => {
  it('[BODY].services.db.status == pass passes, the cache one fails', async () => {
    const ok = await check('/services', { conditions: ['[STATUS] == 200', '[BODY].services.db.status == pass', 'len([BODY].items) == 3'] })
    expect(ok.status).toBe('UP')
    expect(ok.conditionResults?.map((r) => r.ok)).toEqual([true, true, true])
    const bad = await check('/services', { conditions: ['[BODY].services.db.status == pass', '[BODY].services.cache.status == pass'] })
    expect(bad).toMatchObject({
      status: 'DOWN',
      errorKind: 'condition',
      error: 'condition failed: [BODY].services.cache.status == pass (actual: fail)'
    })
    expect(bad.conditionResults).toEqual([
      { condition: '[BODY].services.db.status == pass', ok: true, actual: 'pass' },
      { condition: '[BODY].services.cache.status == pass', ok: false, actual: 'fail' }
    ])
  })

  it('[RESPONSE_TIME] and [BODY] patterns on plain text', async () => {
    const out = await check('/text', { conditions: ['[RESPONSE_TIME] < 10000', '[BODY] == pat(*nominal*)'] })
    expect(out.status).toBe('UP')
    expect(Number(out.conditionResults?.[0]?.actual?.replace('ms', ''))).toBeGreaterThanOrEqual(0)
  })

  it('[CONNECTED] == false turns a refused connection into a pass', async () => {
    const hung = await startTcp()
    await hung.close()
    const out = await runHttpCheck(
      HttpCheckSchema.parse({ kind: 'http', url: `http://127.0.0.1:${hung.port}/`, conditions: ['[CONNECTED] == false'] })
    )
    expect(out).toMatchObject({ status: 'UP', conditionResults: [{ condition: '[CONNECTED] == false', ok: true, actual: 'false' }] })
  })
})
