import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../helpers/app'
import { localAdmin } from '../../src/main/core/caller'
import { silentLogger } from '../../src/main/core/log'
import { dispatch } from '../../src/main/transport/dispatch'
import { events, type EventName } from '../../src/shared/events'

let t: TestApp | undefined
afterEach(async () => {
  await t?.cleanup()
  t = undefined
})

/** A configuration change and the query that reads the current value to write back. */
const SETTINGS: [command: string, read: string, pick?: (v: any) => unknown][] = [
  ['health:setSettings', 'health:getSettings'],
  ['alerts:setSettings', 'alerts:settings'],
  [
    'costs:setSettings',
    'costs:settings',
    (v) => ({ anomalyK: v.anomalyK, anomalyWindow: v.anomalyWindow, forecastMaxMape: v.forecastMaxMape })
  ],
  ['mlops:saveSettings', 'mlops:settings'],
  ['extensions:setSettings', 'extensions:getSettings'],
  ['system:setResourceLimits', 'system:resources', (v) => v.limits]
]

describe('configuration changes publish a view event (open views of other people refresh)', () => {
  it('each settings command, and a few object changes, publishes at least one view event', async () => {
    t = tempApp()
    const app = t.app
    const seen: EventName[] = []
    app.bus.subscribe((name) => events[name].scope === 'view' && name !== 'audit:recorded' && seen.push(name))
    const call = async (channel: string, input: unknown) => {
      const env = await dispatch(app.handlers, channel, input, { transport: 'direct', caller: localAdmin('t') }, { logger: silentLogger })
      if (!env.ok) throw new Error(`${channel}: ${env.error.message}`)
      return env.data as any
    }
    const silent: string[] = []
    const expectEvent = async (channel: string, input: unknown) => {
      seen.length = 0
      await call(channel, input)
      if (seen.length === 0) silent.push(channel)
    }
    for (const [command, read, pick] of SETTINGS) {
      const current = await call(read, undefined)
      await expectEvent(command, pick ? pick(current) : current)
    }
    await expectEvent('workspace:rename', { name: 'Team' })
    await expectEvent('alerts:createRule', { name: 'r', condition: { signal: 'ensemble' } })
    await expectEvent('dashboards:save', { model: { title: 'D' }, baseVersion: 0 })
    await expectEvent('maintenance:create', { title: 'w', kind: 'once', startsAt: Date.now() + 60_000, endsAt: Date.now() + 120_000 })
    expect(silent).toEqual([])
  })
})
