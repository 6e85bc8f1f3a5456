import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { startHttp, type Running } from '../../../../tests/helpers/servers'
import { CheckInput, ServiceInput } from '../../../shared/contract'
import { ManualClock } from '../../core/clock'

let t: TestApp | undefined
let server: (Running & { url: string }) | undefined
afterEach(async () => {
  await server?.close()
  await t?.cleanup()
  server = undefined
  t = undefined
})

const check = (name: string, url: string, intervalS = 86_400) =>
  CheckInput.parse({ name, intervalS, config: { kind: 'http', url, interpretHealth: true } })

describe('checks created, run, edited and deleted over a long run', () => {
  it('leave nothing behind in the poller: 300 cycles bring every per-check structure back to where it was', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    t = tempApp({ clock })
    server = await startHttp((req, res) => {
      const ok = req.url === '/ok'
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/health+json' })
      res.end(JSON.stringify({ status: ok ? 'pass' : 'fail', checks: { 'db:ping': [{ status: ok ? 'pass' : 'fail', observedValue: 3 }] } }))
    })
    const health = t.app.health
    // one service that stays: the baseline is not empty
    const kept = health.createService(ServiceInput.parse({ name: 'kept', checks: [check('up', `${server.url}/ok`)] }))
    await health.runNow(health.repo.checks(kept.id)[0]!.id)
    health.flush()
    const baseline = health.footprint()
    let peakHeap = 0
    for (let i = 0; i < 300; i++) {
      const { id } = health.createService(
        ServiceInput.parse({ name: `churn ${i}`, checks: [check('up', `${server.url}/ok`), check('down', `${server.url}/fail`)] })
      )
      const byName = (n: string) => health.repo.checks(id).find((c) => c.name === n)!
      const [up, down] = [byName('up'), byName('down')]
      await health.runNow(up!.id)
      await health.runNow(down!.id) // DOWN: an incident opens, the service's down set holds it
      // an edit re-registers the check (a new scheduler entry; the old one waits a day to fall due)
      health.updateCheck(up!.id, check('up', `${server.url}/ok`, 3600))
      clock.advance(61_000) // a new minute bucket each cycle
      health.flush()
      if (i % 2) health.deleteCheck(down!.id)
      health.deleteService(id)
      health.flush()
      peakHeap = Math.max(peakHeap, health.footprint().heapEntries!)
    }
    const after = health.footprint()
    // aggregates of the kept check move on with the clock (bounded by the writer's eviction, tested elsewhere)
    const { minutes: _m, hours: _h, heapEntries: _e, ...rest } = after
    const { minutes: _bm, hours: _bh, heapEntries: _be, ...restBaseline } = baseline
    expect(rest).toEqual(restBaseline)
    expect(after.minutes).toBeLessThanOrEqual(4)
    expect(after.hours).toBeLessThanOrEqual(3)
    // removed scheduler entries are dropped before they outnumber the live ones by much
    expect(peakHeap).toBeLessThanOrEqual(2 * 3 + 64 + 1)
    expect(t.app.db.prepare('SELECT COUNT(*) FROM checks').pluck().get()).toBe(1)
  }, 60_000)
})
