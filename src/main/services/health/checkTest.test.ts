import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { startHttp, type Running } from '../../../../tests/helpers/servers'
import { channels } from '../../../shared/contract'

let t: TestApp | undefined
let server: (Running & { url: string }) | undefined
afterEach(async () => {
  await server?.close()
  await t?.cleanup()
  server = undefined
  t = undefined
})

const TABLES = ['services', 'checks', 'check_state', 'results', 'rollup_minute', 'rollup_hour', 'health_incidents']

describe('test this check (checks:test)', () => {
  it('runs unsaved settings once through the runner and reports status, latency, response and conditions, storing nothing', async () => {
    t = tempApp()
    server = await startHttp((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ queue: { depth: 42 } }))
    })
    const count = () => TABLES.map((name) => (t!.app.db.prepare(`SELECT COUNT(*) AS n FROM ${name}`).get() as { n: number }).n)
    const before = count()
    const published: string[] = []
    t.app.bus.onView((name) => published.push(name))
    const input = channels['checks:test'].input.parse({
      config: { kind: 'http', url: `${server.url}/q`, conditions: ['[STATUS] == 200', '[BODY].queue.depth < 10'] }
    })
    const r = await t.app.health.testCheck(input.config)
    expect(r).toMatchObject({ status: 'DOWN', statusCode: 200, errorKind: 'condition' })
    expect(r.latencyMs).toBeGreaterThan(0)
    expect(r.snippet).toContain('"depth":42')
    expect(r.conditions).toEqual([
      { condition: '[STATUS] == 200', ok: true, actual: '200' },
      { condition: '[BODY].queue.depth < 10', ok: false, actual: '42' }
    ])
    t.app.health.flush()
    expect(count()).toEqual(before)
    expect(published).toEqual([])
    expect(channels['checks:test'].output.safeParse(r).success).toBe(true)
  })

  it('reports a refused connection as DOWN with its reason', async () => {
    t = tempApp()
    server = await startHttp((_req, res) => res.end('x'))
    const url = server.url
    await server.close()
    server = undefined
    const r = await t.app.health.testCheck(
      channels['checks:test'].input.parse({ config: { kind: 'tcp', host: new URL(url).hostname, port: Number(new URL(url).port) } }).config
    )
    expect(r.status).toBe('DOWN')
    expect(r.error).toBeTruthy()
  })
})
