import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../tests/helpers/app'
import { servedApp, type ServedApp } from '../../../tests/helpers/serve'
import { ManualClock } from './clock'
import { MB, RESOURCE_LIMITS } from './selfMonitor'

let t: TestApp | undefined
let s: ServedApp | undefined
afterEach(async () => {
  await t?.cleanup()
  await s?.cleanup()
  t = s = undefined
})

const HOUR = 3_600_000

describe('self-monitor', () => {
  it('samples memory, handles and the workspace and WAL sizes as the files show them', () => {
    t = tempApp()
    const now = t.app.monitor.read()
    expect(now.dbBytes).toBe(fs.statSync(t.file).size)
    expect(now.walBytes).toBe(fs.statSync(`${t.file}-wal`).size)
    const r = t.app.monitor.sample()
    expect(r.rss).toBeGreaterThan(10 * MB)
    expect(r.heapUsed).toBeGreaterThan(MB)
    expect(r.handles).toBeGreaterThan(0)
    expect(r.freeBytes).toBeGreaterThan(0)
    const h = t.app.monitor.history(0)
    expect(h.at).toEqual([r.at])
    expect(h.rss).toEqual([r.rss])
    expect(h.dbBytes).toEqual([r.dbBytes])
  })

  it('keeps two days of samples however long it runs: one row a minute, older rows deleted as new ones come', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    t = tempApp({ clock })
    const count = (): number => (t!.app.db.prepare('SELECT COUNT(*) AS n FROM workspace_resource_samples').get() as { n: number }).n
    for (let i = 0; i < 3 * 24 * 60; i++) {
      t.app.monitor.sample()
      clock.advance(60_000)
    }
    expect(count()).toBe(2 * 24 * 60 + 1)
    expect(t.app.monitor.history(clock.now() - 24 * HOUR).at).toHaveLength(24 * 60)
  })
})

describe('the console’s own health: memory and disk limits', () => {
  it('passes under the default limits and says where the numbers stand', () => {
    t = tempApp()
    const h = t.app.selfHealth()
    expect(h.status).toBe('pass')
    expect(h.checks['memory:rss']![0]).toMatchObject({ status: 'pass', observedUnit: 'MB' })
    expect(h.checks['disk:workspace']![0]!.status).toBe('pass')
    expect(h.checks['disk:wal']![0]!.status).toBe('pass')
    expect(h.checks['eventLoop:delayP99']![0]!.observedUnit).toBe('ms')
  })

  it('warns when memory goes over a (low) limit, and passes again once the limit is raised', () => {
    t = tempApp()
    t.app.monitor.setLimits({ rssMb: 1 })
    const h = t.app.selfHealth()
    expect(h.status).toBe('warn')
    expect(h.checks['memory:rss']![0]).toMatchObject({ status: 'warn' })
    expect(h.checks['memory:rss']![0]!.output).toMatch(/resident memory .* MB is above the limit of 1 MB/)
    t.app.monitor.setLimits({ rssMb: 1_000_000 })
    expect(t.app.selfHealth().status).toBe('pass')
  })

  it('warns when the workspace file or the WAL outgrow their limits', () => {
    t = tempApp()
    t.app.db.exec('CREATE TABLE filler (x BLOB)')
    t.app.db.prepare('INSERT INTO filler VALUES (randomblob(3 * 1024 * 1024))').run()
    t.app.monitor.setLimits({ walMb: 1 })
    expect(t.app.selfHealth().checks['disk:wal']![0]).toMatchObject({ status: 'warn' })
    t.app.db.pragma('wal_checkpoint(TRUNCATE)')
    expect(t.app.selfHealth().checks['disk:wal']![0]!.status).toBe('pass')
    t.app.monitor.setLimits({ workspaceMb: 1 })
    const h = t.app.selfHealth()
    expect(h.status).toBe('warn')
    expect(h.checks['disk:workspace']![0]!.output).toMatch(/the workspace file .* above the limit of 1 MB/)
  })

  it('keeps the limits in the workspace, so they survive a restart', async () => {
    t = tempApp()
    t.app.monitor.setLimits({ rssMb: 2048, freeDiskMb: 0 })
    const file = t.file
    await t.app.close()
    const again = tempApp({ file })
    try {
      expect(again.app.monitor.limits()).toEqual({ ...RESOURCE_LIMITS.defaults, rssMb: 2048, freeDiskMb: 0 })
    } finally {
      await again.app.close()
    }
    t = undefined
  })

  it('reports the warn component on /api/health (200, health+json) and takes limits over the API', async () => {
    s = await servedApp()
    const bad = await s.rpc('system:setResourceLimits', { rssMb: 0 })
    expect(bad.status).toBe(400)
    expect(bad.json.error).toMatchObject({ code: 'VALIDATION', field: 'rssMb' })
    const set = await s.rpc('system:setResourceLimits', { rssMb: 1 })
    expect(set.json.data.rssMb).toBe(1)
    const res = await fetch(`${s.server.url}/api/health`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { status: string; checks: Record<string, { status: string }[]> }
    expect(body.status).toBe('warn')
    expect(body.checks['memory:rss']![0]!.status).toBe('warn')
    const resources = await s.rpc('system:resources', {})
    expect(resources.json.data.limits.rssMb).toBe(1)
    expect(resources.json.data.now.rss).toBeGreaterThan(MB)
  })
})
