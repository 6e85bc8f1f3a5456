import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { BreakerTestInput, ProxyInput, Toxic } from '../../../../shared/contract/testing'
import { tempApp, type TestApp } from '../../../../../tests/helpers/app'
import { dependency, pricingService, type Svc } from '../../../../../tests/helpers/faultTargets'
import { servedApp, type ServedApp } from '../../../../../tests/helpers/serve'
import { listen } from '../../../../../tests/helpers/servers'

let t: TestApp | ServedApp | undefined
const servers: Svc[] = []
afterEach(async () => {
  await t?.cleanup()
  t = undefined
  for (const s of servers.splice(0)) await s.close()
})

const get = async (url: string) => {
  const started = performance.now()
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(3000) })
    const body = await r.text()
    return { status: r.status, ms: performance.now() - started, body }
  } catch (err) {
    return { status: 0, ms: performance.now() - started, body: String((err as Error & { cause?: Error }).cause?.message ?? err) }
  }
}

describe('fault-injection proxy', () => {
  it('forwards, and injects latency, errors, resets, hangs and bandwidth limits per route, switchable at once', async () => {
    t = tempApp()
    const dep = await dependency()
    servers.push(dep)
    const proxy = await t.app.testing.faults.save(
      ProxyInput.parse({
        name: 'pricing-db',
        upstream: dep.url,
        toxics: [
          { route: '/slow', kind: 'latency', latencyMs: 300 },
          { route: '/boom', kind: 'error', status: 502 },
          { route: '/reset', kind: 'reset' },
          { route: '/hang', kind: 'timeout' },
          { route: '/', kind: 'error', status: 503, enabled: false }
        ]
      })
    )
    expect(proxy.running).toBe(true)
    const url = proxy.url!
    expect(await get(`${url}/price`)).toMatchObject({ status: 200, body: '{"price":42}' })
    const slow = await get(`${url}/slow`)
    expect(slow.status).toBe(200)
    expect(slow.ms).toBeGreaterThanOrEqual(295)
    expect(await get(`${url}/boom`)).toMatchObject({ status: 502, body: expect.stringMatching(/fault injected/) })
    expect((await get(`${url}/reset`)).status).toBe(0)
    const hang = await fetch(`${url}/hang`, { signal: AbortSignal.timeout(300) }).catch((e: Error) => e.name)
    expect(hang).toBe('TimeoutError')

    // switch the catch-all error on, then off again
    t.app.testing.faults.setToxic(proxy.id, 4, true)
    expect((await get(`${url}/price`)).status).toBe(503)
    t.app.testing.faults.setToxic(proxy.id, 4, false)
    expect((await get(`${url}/price`)).status).toBe(200)
    const stats = t.app.testing.faults.list()[0]!.stats
    expect(stats).toMatchObject({ requests: 7, forwarded: 3, affected: 5 })
    expect(() => t!.app.testing.faults.setToxic(proxy.id, 9, true)).toThrow(/there is no toxic 9/)
  })

  it('caps bandwidth', async () => {
    t = tempApp()
    const r = await listen(http.createServer((_q, res) => res.end(Buffer.alloc(64 * 1024, 97))))
    const big = { ...r, url: `http://127.0.0.1:${r.port}` }
    servers.push(big)
    const p = await t.app.testing.faults.save(
      ProxyInput.parse({ name: 'slow link', upstream: big.url, toxics: [{ kind: 'bandwidth', rateKiBps: 128 }] })
    )
    const got = await get(`${p.url}/`)
    expect(got.body.length).toBe(64 * 1024)
    expect(got.ms).toBeGreaterThanOrEqual(400) // 64 KiB at 128 KiB/s is half a second
  })
})

describe('circuit-breaker test', () => {
  const input = (proxyId: number, serviceUrl: string) =>
    BreakerTestInput.parse({
      name: 'pricing breaker',
      proxyId,
      serviceUrl,
      fault: Toxic.parse({ kind: 'error', status: 503 }),
      requestsPerS: 20,
      baselineS: 2,
      faultS: 5,
      recoveryS: 4,
      maxCallsWhileOpen: 5
    })

  async function setUp(breaker: boolean) {
    const dep = await dependency()
    servers.push(dep)
    const proxy = await t!.app.testing.faults.save(ProxyInput.parse({ name: 'dep', upstream: dep.url }))
    const svc = await pricingService(() => proxy.url!, breaker ? { threshold: 5, openMs: 1500 } : null)
    servers.push(svc)
    return { proxy, svc }
  }

  it('sees a breaker open when the dependency fails, and recover when it is back', async () => {
    t = tempApp()
    const { proxy, svc } = await setUp(true)
    const { testId, done } = t.app.testing.faults.startBreakerTest(input(proxy.id, `${svc.url}/price`))
    const report = await done
    expect(report.verdict, report.observations.join('\n')).toBe('pass')
    expect(report.openedAfterS).toBeLessThanOrEqual(2)
    expect(report.callsAfterOpen).toBeLessThanOrEqual(5)
    expect(report.recoveredAfterS).not.toBeNull()
    expect(report.series.upstreamCalls.slice(0, 2).every((n) => n >= 15)).toBe(true)
    expect(svc.trips).toBeGreaterThan(0)
    expect(t.app.testing.faults.breakerTest(testId)).toMatchObject({ state: 'done', verdict: 'pass' })
    // the fault is gone from the proxy after the test
    expect(t.app.testing.faults.list()[0]!.toxics).toEqual([])
  })

  it('fails a service without a breaker, and says what it observed', async () => {
    t = tempApp()
    const { proxy, svc } = await setUp(false)
    const report = await t.app.testing.faults.startBreakerTest(input(proxy.id, `${svc.url}/price`)).done
    expect(report.verdict).toBe('fail')
    expect(report.openedAfterS).toBeNull()
    expect(report.observations[2]).toMatch(/never stopped calling the failing dependency/)
    expect(t.app.alerts.list({ state: 'firing', limit: 5 }).some((a) => a.labels.testing === 'breaker')).toBe(true)
  })

  it('switches toxics over the API too', async () => {
    t = await servedApp()
    const { proxy } = await setUp(true)
    const r = await (t as ServedApp).rpc('testing:saveProxy', {
      ...ProxyInput.parse({ name: 'dep', upstream: 'http://127.0.0.1:9/', toxics: [{ kind: 'reset' }] }),
      id: proxy.id
    })
    expect(r.json.data.toxics).toHaveLength(1)
    const off = await (t as ServedApp).rpc('testing:setToxic', { id: proxy.id, index: 0, enabled: false })
    expect(off.json.data.toxics[0].enabled).toBe(false)
  })
})
