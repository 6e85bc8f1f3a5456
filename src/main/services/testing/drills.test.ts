import fs from 'node:fs'
import os from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { ScanTargetInput, ServiceInput } from '../../../shared/contract'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { SettingsStore } from '../../core/settings'
import type { WorkspaceBackups } from '../workspace/api'
import { TestingService } from './service'

let t: TestApp | undefined
afterEach(async () => {
  await t?.cleanup()
  t = undefined
})

const firing = () => t!.app.alerts.list({ state: 'firing', limit: 5 }).filter((a) => a.labels.testing === 'drill')

function filled(): TestApp {
  const app = tempApp()
  for (let i = 0; i < 5; i++) app.app.health.createService(ServiceInput.parse({ name: `svc-${i}` }))
  app.app.testing.scans.save(ScanTargetInput.parse({ name: 'shop', url: 'https://127.0.0.1:1/' }))
  return app
}

describe('recovery drills', () => {
  it('backs up, restores into a scratch file, checks integrity and row counts, and keeps the time to restore', async () => {
    t = filled()
    const { drillId, done } = t.app.testing.drills.start()
    const d = await done
    expect(d).toMatchObject({ id: drillId, state: 'done', ok: true, error: null, trigger: 'manual' })
    expect(d.timeToRestoreMs).toBeGreaterThan(0)
    expect(d.timeToRestoreMs).toBeCloseTo(d.restoreMs! + d.verifyMs!, 1)
    expect(d.sizeBytes).toBeGreaterThan(0)
    expect(d.tables.find((x) => x.name === 'services')).toEqual({ name: 'services', backup: 5, restored: 5, live: 5 })
    expect(d.tables.every((x) => x.backup === x.restored)).toBe(true)
    expect(t.app.testing.drills.list().drills.map((x) => x.ok)).toEqual([true])
    expect(firing()).toHaveLength(0)
    // nothing is left behind in the temp folder
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('cc-drill-'))).toEqual([])
  })

  it('fails, and alerts, when the backup does not restore; the next good drill clears the alert', async () => {
    t = filled()
    const real = t.app.ports.get('workspace')
    // a backup that is damaged on its way to disk
    const damaging: WorkspaceBackups = {
      ...real,
      backup: async (dest) => {
        const r = await real.backup(dest)
        const fd = fs.openSync(dest, 'r+')
        fs.writeSync(fd, Buffer.alloc(8192, 0xff), 0, 8192, 4096)
        fs.closeSync(fd)
        return r
      }
    }
    const a = t.app
    const other = new TestingService({
      db: a.db,
      clock: a.clock,
      bus: a.bus,
      logger: a.logger,
      jobs: a.jobs,
      health: a.ports.get('health'),
      healthChecks: a.ports.get('healthChecks'),
      workspace: damaging,
      settings: new SettingsStore(a.db)
    })
    const bad = await other.drills.start().done
    expect(bad.ok).toBe(false)
    expect(bad.error).toMatch(/integrity|not a valid SQLite|malformed|disk image/i)
    expect(firing()[0]!.summary).toMatch(/Recovery drill failed/)
    const good = await t.app.testing.drills.start().done
    expect(good.ok).toBe(true)
    expect(firing()).toHaveLength(0)
  })

  it('runs on its schedule and keeps the newest results', async () => {
    t = tempApp()
    expect(() => t!.app.testing.drills.setSettings({ schedule: 'weekly' })).toThrow(/not a valid cron/)
    const s = t.app.testing.drills.setSettings({ schedule: '30 4 * * *', timeZone: 'Europe/Berlin', keep: 2 })
    expect(s).toMatchObject({ schedule: '30 4 * * *', timeZone: 'Europe/Berlin', keep: 2 })
    expect(t.app.testing.drills.setSettings({ keep: 2 }).schedule).toBe('30 4 * * *') // a patch leaves the rest
    t.app.testing.drills.runDue(s.nextRunAt! - 1)
    expect(t.app.testing.drills.list().drills).toHaveLength(0)
    t.app.testing.drills.runDue(s.nextRunAt!)
    const first = t.app.testing.drills.list().drills[0]!
    expect(first.trigger).toBe('schedule')
    await t.app.jobs.wait(t.app.jobs.list({ area: 'testing' })[0]!.jobId)
    await t.app.testing.drills.start().done
    await t.app.testing.drills.start().done
    expect(t.app.testing.drills.list().drills).toHaveLength(2)
    expect(t.app.testing.drills.list().settings.nextRunAt).toBeGreaterThan(s.nextRunAt!)
  })
})
