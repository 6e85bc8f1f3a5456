import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { QueryClient } from '@tanstack/react-query'
import { EVENT_NAMES, VIEW_EVENT_NAMES, type EventName } from '../../../shared/events'
import { applyEvent, INVALIDATIONS, throttle } from './events'

describe('throttle', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())

  it('runs the first call at once and collapses a burst into one trailing run per second', () => {
    const fn = vi.fn()
    const t = throttle(fn, 1000)
    for (let i = 0; i < 1000; i++) t.call()
    expect(fn).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(999)
    expect(fn).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1)
    expect(fn).toHaveBeenCalledTimes(2)
    vi.advanceTimersByTime(5000)
    expect(fn).toHaveBeenCalledTimes(2)
    t.call()
    expect(fn).toHaveBeenCalledTimes(3)
  })
  it('keeps at most one run per window under a steady stream', () => {
    const fn = vi.fn()
    const t = throttle(fn, 1000)
    for (let ms = 0; ms < 10_000; ms += 10) {
      t.call()
      vi.advanceTimersByTime(10)
    }
    expect(fn.mock.calls.length).toBeGreaterThanOrEqual(9)
    expect(fn.mock.calls.length).toBeLessThanOrEqual(11)
  })
  it('cancel drops a pending run', () => {
    const fn = vi.fn()
    const t = throttle(fn, 1000)
    t.call()
    t.call()
    t.cancel()
    vi.advanceTimersByTime(2000)
    expect(fn).toHaveBeenCalledTimes(1)
  })
})

describe('INVALIDATIONS', () => {
  it('maps every event, and health events to the health channels', () => {
    expect(Object.keys(INVALIDATIONS).sort()).toEqual([...EVENT_NAMES].sort())
    expect(INVALIDATIONS['health:changed']).toEqual(expect.arrayContaining(['health:overview', 'services:get', 'health:series']))
    expect(INVALIDATIONS['health:config']).toEqual(expect.arrayContaining(['maintenance:list', 'health:export']))
  })
  it('lets every view event but the notices make some query stale (a change reaches open views)', () => {
    // shown as toasts or notifications; the data they announce arrives with the area's own change event
    const notices: EventName[] = ['notify:desktop', 'drift:detected', 'mlops:notice']
    expect(VIEW_EVENT_NAMES.filter((e) => !notices.includes(e) && INVALIDATIONS[e]?.length === 0)).toEqual([])
  })
  it('invalidates queries by channel prefix', () => {
    const client = new QueryClient()
    client.setQueryData(['services:get', { id: 1 }], { id: 1 })
    client.setQueryData(['workspace:info'], {})
    applyEvent(client, 'health:changed')
    expect(client.getQueryState(['services:get', { id: 1 }])?.isInvalidated).toBe(true)
    expect(client.getQueryState(['workspace:info'])?.isInvalidated).toBe(false)
  })
})
