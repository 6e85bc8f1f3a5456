import { describe, expect, it } from 'vitest'
import { EventBus } from './bus'
import type { Logger } from './log'

const report = { scheduleId: 1, subject: 's', csv: 'a,b', html: '<p>', recipients: [] }

function recordingLogger(): Logger & { errors: string[] } {
  const errors: string[] = []
  return { errors, info: () => {}, warn: () => {}, error: (m) => void errors.push(m) }
}

describe('event bus', () => {
  it('delivers a typed event to its subscribers only, and unsubscribes', () => {
    const bus = new EventBus()
    const seen: number[] = []
    const off = bus.on('health:config', (p) => seen.push(p.at))
    bus.on('alerts:config', () => seen.push(-1))
    bus.publish('health:config', { at: 5 })
    off()
    bus.publish('health:config', { at: 6 })
    expect(seen).toEqual([5])
    expect(bus.size).toBe(1)
  })

  it('logs a throwing subscriber with the event name and still runs the others', () => {
    const logger = recordingLogger()
    const bus = new EventBus(logger)
    const seen: string[] = []
    bus.on('health:config', () => {
      throw new Error('boom')
    })
    bus.on('health:config', () => seen.push('second'))
    bus.subscribe((name) => seen.push(`any:${name}`))
    expect(() => bus.publish('health:config', { at: 1 })).not.toThrow()
    expect(seen).toEqual(['second', 'any:health:config'])
    expect(logger.errors).toEqual(['a subscriber of health:config failed'])
  })

  it('forwards view events to windows and keeps internal ones (a report body) inside', () => {
    const bus = new EventBus()
    const views: string[] = []
    const all: string[] = []
    bus.onView((name) => views.push(name))
    bus.subscribe((name) => all.push(name))
    bus.publish('costs:report', report)
    bus.publish('costs:reportSent', { scheduleId: 1, at: 2 })
    expect(all).toEqual(['costs:report', 'costs:reportSent'])
    expect(views).toEqual(['costs:reportSent'])
  })
})
