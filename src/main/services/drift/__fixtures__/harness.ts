/** Test helpers for the drift area: a DriftService on a temporary workspace with a chosen executor. */
import { tempApp, type TestApp } from '../../../../../tests/helpers/app'
import { ManualClock } from '../../../core/clock'
import { silentLogger } from '../../../core/log'
import type { EventName } from '../../../../shared/events'
import { inlineExecutor, type DriftExecutor } from '../executor'
import { DriftService } from '../service'

export interface DriftHarness {
  t: TestApp
  drift: DriftService
  clock: ManualClock
  events: { name: EventName; payload: any }[]
  cleanup(): Promise<void>
}

export function driftHarness(executor: DriftExecutor = inlineExecutor, start = Date.UTC(2026, 0, 5, 9, 0)): DriftHarness {
  const t = tempApp()
  const clock = new ManualClock(start)
  const events: { name: EventName; payload: any }[] = []
  t.app.bus.subscribe((name, payload) => events.push({ name, payload }))
  const drift = new DriftService({ db: t.app.db, clock, bus: t.app.bus, logger: silentLogger, jobs: t.app.jobs, executor })
  return {
    t,
    drift,
    clock,
    events,
    cleanup: async () => {
      await drift.stop()
      await t.cleanup()
    }
  }
}
