import { afterEach, describe, expect, it } from 'vitest'
import { ScanTargetInput } from '../../../../shared/contract/testing'
import { tempApp, type TestApp } from '../../../../../tests/helpers/app'
import { leakyTarget, type ScanTarget } from '../../../../../tests/helpers/scanTargets'

let t: TestApp | undefined
const targets: ScanTarget[] = []
afterEach(async () => {
  await t?.cleanup()
  t = undefined
  for (const s of targets.splice(0)) await s.close()
})

const firing = () => t!.app.alerts.list({ state: 'firing', limit: 10 }).filter((a) => a.labels.testing === 'scan')

describe('scans (service)', () => {
  it('keeps scans, compares each with the one before, and alerts on new high findings until they are fixed', async () => {
    t = tempApp()
    const leaky = await leakyTarget()
    targets.push(leaky)
    const { id } = t.app.testing.scans.save(ScanTargetInput.parse({ name: 'shop', url: leaky.url, options: { delayMs: 0 } }))

    const first = await t.app.testing.scans.runNow(id)
    expect(first.state).toBe('done')
    expect(first.newHigh).toBe(3) // .git/config, .env, actuator/env
    expect(first.comparison).toBeNull()
    expect(firing()).toHaveLength(1)
    expect(firing()[0]!.summary).toMatch(/shop: 3 new high findings/)
    expect(firing()[0]!.ruleName).toBe('Testing: new high finding, failed verification or drill')

    leaky.fix!('/.env')
    const second = await t.app.testing.scans.runNow(id)
    expect(second.newHigh).toBe(0)
    expect(second.comparison).toMatchObject({ previousScanId: first.id, added: [], fixed: [{ id: 'exposure.env', severity: 'high' }] })
    expect(firing()).toHaveLength(1) // two high findings remain

    leaky.fix!('/.git/config')
    leaky.fix!('/actuator/env')
    await t.app.testing.scans.runNow(id)
    expect(firing()).toHaveLength(0)
    expect(t.app.alerts.list({ state: 'resolved', limit: 10 }).some((a) => a.labels.testing === 'scan')).toBe(true)

    const cmp = t.app.testing.scans.compare(first.id, second.id)
    expect(cmp.fixed.map((f) => f.id)).toEqual(['exposure.env'])
    expect(t.app.testing.scans.list()[0]).toMatchObject({ name: 'shop', lastScan: { state: 'done' } })
    expect(t.app.testing.scans.target(id).scans).toHaveLength(3)
  })

  it('runs scans on their cron schedule in their time zone', async () => {
    t = tempApp()
    const leaky = await leakyTarget()
    targets.push(leaky)
    expect(() => t!.app.testing.scans.save(ScanTargetInput.parse({ name: 'x', url: leaky.url, schedule: 'every day' }))).toThrow(
      /not a valid cron/
    )
    expect(() =>
      t!.app.testing.scans.save(ScanTargetInput.parse({ name: 'x', url: leaky.url, schedule: '0 3 * * *', timeZone: 'Mars/Base' }))
    ).toThrow(/not a time zone/)
    const { id } = t.app.testing.scans.save(
      ScanTargetInput.parse({ name: 'nightly', url: leaky.url, schedule: '0 3 * * *', timeZone: 'Europe/Paris', options: { delayMs: 0 } })
    )
    const next = t.app.testing.scans.target(id).nextRunAt!
    const paris = (ms: number) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(ms)
    expect(paris(next)).toBe('03:00')
    t.app.testing.scans.runDue(next - 1000)
    expect(t.app.testing.scans.target(id).scans).toHaveLength(0)
    t.app.testing.scans.runDue(next)
    const after = t.app.testing.scans.target(id)
    expect(after.scans).toHaveLength(1)
    expect(after.nextRunAt).toBeGreaterThan(next + 20 * 3_600_000) // the next day (23–25 h later across a DST change)
    expect(paris(after.nextRunAt!)).toBe('03:00')
    await t.app.jobs.wait(t.app.testing.scans.scan(after.scans[0]!.id).jobId!)
  })
})
