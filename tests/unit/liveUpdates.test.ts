import { describe, expect, it } from 'vitest'
import { MODULES } from '../../src/main/modules'
import { events, type EventName } from '../../src/shared/events'

const isView = (e: EventName): boolean => events[e].scope === 'view'

describe('live updates: a change by one user reaches every open view', () => {
  it('lists the command channels whose area publishes no view event (none may)', () => {
    const silent = MODULES.filter((m) => !m.emits.some(isView)).flatMap((m) =>
      Object.entries(m.channels)
        .filter(([, d]) => (d as { kind: string }).kind === 'command')
        .map(([c]) => c)
    )
    expect(silent).toEqual([])
  })
})
