import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { ServiceInput } from '../../../shared/contract'
import type { HealthComponent } from '../../../shared/health/types'
import { resultRecord } from './__fixtures__/result'
import { COMPONENT_VALUE_REFRESH_MS, ResultWriter, type ResultRecord } from './writer'

let t: TestApp
let checkId: number
beforeEach(() => {
  t = tempApp()
  const svc = t.app.health.createService(
    ServiceInput.parse({ name: 'api', checks: [{ name: 'health', config: { kind: 'http', url: 'http://127.0.0.1:9/' }, paused: true }] })
  )
  checkId = t.app.health.repo.checks(svc.id)[0]!.id
})
afterEach(async () => t.cleanup())

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0)
const cpu = (value: number, status: HealthComponent['status'] = 'pass'): HealthComponent[] => [
  { key: 'cpu:utilization', name: 'cpu', status, observedValue: value, observedUnit: 'percent' },
  { key: 'db', name: 'db', status: 'pass' }
]
const record = (ts: number, components: HealthComponent[] | null): ResultRecord => resultRecord(checkId, ts, { since: T0, components })
const stored = () => t.app.health.queries.components(checkId).map((c) => [c.key, c.status, c.observedValue, c.updatedAt])

describe('ResultWriter components', () => {
  it('writes a value-only change at most once a minute, a status change at once, and always knows the newest', () => {
    const w = new ResultWriter(t.app.db)
    const live = () => true
    w.push(record(T0, cpu(10)))
    w.flush(live)
    expect(stored()).toEqual([
      ['cpu:utilization', 'pass', '10', T0],
      ['db', 'pass', null, T0]
    ])

    w.push(record(T0 + 10_000, cpu(20)))
    w.flush(live)
    expect(stored()[0]).toEqual(['cpu:utilization', 'pass', '10', T0]) // the row waits
    expect(w.componentsOf(checkId)?.[0]).toMatchObject({ observedValue: '20', updatedAt: T0 + 10_000 }) // readers see the newest

    w.push(record(T0 + 20_000, cpu(30, 'warn')))
    w.flush(live)
    expect(stored()[0]).toEqual(['cpu:utilization', 'warn', '30', T0 + 20_000]) // a status change is written at once

    w.push(record(T0 + 20_000 + COMPONENT_VALUE_REFRESH_MS - 1, cpu(40, 'warn')))
    w.flush(live)
    expect(stored()[0]?.[2]).toBe('30')
    w.push(record(T0 + 20_000 + COMPONENT_VALUE_REFRESH_MS, cpu(50, 'warn')))
    w.flush(live)
    expect(stored()[0]).toEqual(['cpu:utilization', 'warn', '50', T0 + 20_000 + COMPONENT_VALUE_REFRESH_MS])

    // a component that goes away is deleted at once; a result without components keeps the last ones
    w.push(record(T0 + 200_000, cpu(50, 'warn').slice(0, 1)))
    w.flush(live)
    expect(stored().map((r) => r[0])).toEqual(['cpu:utilization'])
    w.push(record(T0 + 210_000, null))
    w.flush(live)
    expect(w.componentsOf(checkId)?.map((c) => c.key)).toEqual(['cpu:utilization'])
  })

  it('a new writer (restart) replaces whatever rows an earlier run left', () => {
    const first = new ResultWriter(t.app.db)
    first.push(record(T0, cpu(10)))
    first.flush(() => true)
    const second = new ResultWriter(t.app.db)
    expect(second.componentsOf(checkId)).toBeUndefined()
    second.push(record(T0 + 5_000, cpu(11).slice(0, 1)))
    second.flush(() => true)
    expect(stored()).toEqual([['cpu:utilization', 'pass', '11', T0 + 5_000]])
  })
})
