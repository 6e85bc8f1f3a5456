/**
 * The built-in PagerDuty extension when its process is gone: a crash past the restart budget disables it and
 * deliveries say so; with no extensions runtime at all they fail naming that. (Events API v2 bodies, dedup and the
 * words: src/main/services/alerts/notify.test.ts, run against this extension.)
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { TestApp } from '../../../tests/helpers/app'
import { startReceiver } from '../../../tests/helpers/receiver'
import { appPerTest } from '../../../tests/helpers/perTest'

const apps = appPerTest()
let t: TestApp | undefined

/** The one process whose command line names `part` (Linux /proc). */
function pidRunning(part: string): number {
  const pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))
  const found = pids.filter((p) => {
    try {
      return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(part)
    } catch {
      return false // ended meanwhile
    }
  })
  expect(found).toHaveLength(1)
  return Number(found[0])
}

const KEY = 'R0UT1NGKEY0123456789ABCDEFGHIJKL'

async function pagerDuty(testHooks: Record<string, unknown> = {}) {
  t = apps.open({ testHooks })
  const rx = await startReceiver(() => 'accepted')
  apps.closeAfter(rx.close)
  const id = t.app.alerts.createChannel({
    name: 'pd',
    config: { kind: 'pagerduty', eventsUrl: `${rx.url}/v2/enqueue`, source: 'cc' },
    secret: KEY,
    enabled: true
  }).id
  return { app: t.app, dir: t.dir, id, rx }
}

describe('the built-in PagerDuty extension', () => {
  it('a crashed extension past its restarts is disabled, and deliveries fail naming why', async () => {
    const { app, dir, id, rx } = await pagerDuty({ extensionsRuntime: { maxRestarts: 0 } })
    expect((await app.alerts.testChannel(id)).responseCode).toBe(202)
    expect(rx.got[0]!.json).toMatchObject({ routing_key: KEY, event_action: 'trigger' })
    // the host process of this workspace's extension (its script lives in the workspace's extensions folder)
    const pid = pidRunning(`${dir}/extensions/.host/`)
    process.kill(pid, 'SIGKILL')
    while (app.extensions.list().find((e) => e.id === 'pagerduty')!.status !== 'disabled') await new Promise((r) => setTimeout(r, 50))
    const r = await app.alerts.testChannel(id)
    expect(r.ok).toBe(false)
    expect(r.error).toBe(
      'ext:pagerduty/pagerduty: the extension pagerduty is disabled (crashed 1 times (last: ended by SIGKILL); disabled)'
    )
    expect(rx.got).toHaveLength(1)
  })

  it('without the extensions runtime deliveries fail with a clear error, not silently', async () => {
    const { app, id } = await pagerDuty()
    app.ports.get('alertChannelKinds').setExtensionDeliverer(null)
    const r = await app.alerts.testChannel(id)
    expect(r).toMatchObject({ ok: false, error: 'no extension delivers ext:pagerduty/pagerduty: the extensions runtime is not running' })
    expect(app.alerts.deliveries({ channelId: id, limit: 1 })[0]!.error).toBe(r.error)
  })
})
