import http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { ServiceInput } from '../../../shared/contract/health'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { startHttp, type Running } from '../../../../tests/helpers/servers'
import { classify } from './regions'

let t: TestApp | undefined
let server: (Running & { url: string }) | undefined
afterEach(async () => {
  await t?.cleanup()
  await server?.close()
  t = server = undefined
})

const base = Date.now() - 1000
const at = (s: number) => base + s
const result = (checkId: number, status: 'UP' | 'DOWN', s = 0, error: string | null = null) => ({
  checkId,
  at: at(s),
  status,
  latencyMs: 12,
  statusCode: status === 'UP' ? 200 : null,
  error
})

describe('state per region', () => {
  it('classifies an outage as regional or global from the regions that report', () => {
    const s = (state: 'UP' | 'DOWN' | 'PENDING', stale = false) => ({ state, stale }) as const
    expect(classify([s('UP'), s('UP')])).toBe('none')
    expect(classify([s('UP'), s('DOWN')])).toBe('regional')
    expect(classify([s('DOWN'), s('DOWN')])).toBe('global')
    expect(classify([s('DOWN'), s('UP', true)])).toBe('global') // a stale region does not vote
    expect(classify([])).toBe('none')
  })

  it('keeps the console’s own state and each probe region’s apart, and tells a regional outage from a global one', async () => {
    t = tempApp()
    let up = true
    server = await startHttp((_req: http.IncomingMessage, res: http.ServerResponse) => {
      res.writeHead(up ? 200 : 503)
      res.end()
    })
    const { id } = t.app.health.createService(
      ServiceInput.parse({ name: 'api', checks: [{ name: 'health', intervalS: 30, config: { kind: 'http', url: `${server.url}/` } }] })
    )
    const checkId = t.app.health.checkIdsOf({ serviceId: id })[0]!
    await t.app.health.runNow(checkId)
    expect(t.app.health.recordRegional('eu-west-1', [result(checkId, 'UP'), result(999, 'UP')])).toEqual({ accepted: 1, unknown: 1 })
    t.app.health.recordRegional('us-east-1', [result(checkId, 'DOWN', 0, 'connect ETIMEDOUT')])
    let view = t.app.health.regions()
    expect(view[0]!.regions.map((r) => [r.region, r.state])).toEqual([
      ['console', 'UP'],
      ['eu-west-1', 'UP'],
      ['us-east-1', 'DOWN']
    ])
    expect(view[0]).toMatchObject({ serviceName: 'api', outage: 'regional', downRegions: ['us-east-1'] })

    // a late, older result never overwrites a newer one
    t.app.health.recordRegional('us-east-1', [result(checkId, 'UP', -5)])
    expect(t.app.health.regions()[0]!.outage).toBe('regional')

    up = false
    await t.app.health.runNow(checkId)
    t.app.health.recordRegional('eu-west-1', [result(checkId, 'DOWN', 1)])
    view = t.app.health.regions()
    expect(view[0]).toMatchObject({ outage: 'global', downRegions: ['console', 'eu-west-1', 'us-east-1'] })
    expect(() => t!.app.health.recordRegional('console', [])).toThrow(/console's own region/)
  })

  it('leaves a region that stopped reporting out of the verdict', () => {
    t = tempApp()
    const { id } = t.app.health.createService(
      ServiceInput.parse({ name: 'api', checks: [{ name: 'h', intervalS: 30, config: { kind: 'http', url: 'http://127.0.0.1:1/' } }] })
    )
    const checkId = t.app.health.checkIdsOf({ serviceId: id })[0]!
    t.app.health.recordRegional('ap-south-1', [{ ...result(checkId, 'DOWN'), at: Date.now() - 10 * 60_000 }])
    t.app.health.recordRegional('eu-west-1', [result(checkId, 'UP')])
    const view = t.app.health.regions()[0]!
    expect(view.regions.find((r) => r.region === 'ap-south-1')!.stale).toBe(true)
    expect(view.outage).toBe('none')
  })
})
