import { describe, expect, it } from 'vitest'
import { systemClock } from '../../core/clock'
import { Scheduler } from './scheduler'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('scheduler', () => {
  it('runs every check repeatedly on its interval', async () => {
    const runs = new Map<number, number>()
    const s = new Scheduler(
      systemClock,
      async (id) => void runs.set(id, (runs.get(id) ?? 0) + 1),
      10,
      () => 0
    )
    for (let id = 1; id <= 5; id++) s.upsert({ id, intervalMs: 40 })
    s.start()
    await sleep(230)
    s.stop()
    for (let id = 1; id <= 5; id++) expect(runs.get(id)).toBeGreaterThanOrEqual(3)
  })

  it('keeps running other checks while some hang, within the concurrency limit', async () => {
    const done: number[] = []
    let concurrent = 0
    let peak = 0
    const s = new Scheduler(
      systemClock,
      async (id) => {
        concurrent++
        peak = Math.max(peak, concurrent)
        if (id <= 2) await sleep(10_000) // hung endpoints
        done.push(id)
        concurrent--
      },
      4,
      () => 0
    )
    for (let id = 1; id <= 6; id++) s.upsert({ id, intervalMs: 30 })
    s.start()
    await sleep(250)
    s.stop()
    expect(peak).toBeLessThanOrEqual(4)
    for (const id of [3, 4, 5, 6]) expect(done.filter((d) => d === id).length).toBeGreaterThanOrEqual(2)
    expect(done).not.toContain(1)
    expect(s.stats().runs).toBeGreaterThan(8)
  })

  it('stops running a removed check and records start lag', async () => {
    const runs: number[] = []
    const s = new Scheduler(
      systemClock,
      async (id) => void runs.push(id),
      4,
      () => 0
    )
    s.upsert({ id: 1, intervalMs: 20 })
    s.upsert({ id: 2, intervalMs: 20 })
    s.start()
    await sleep(50)
    s.remove(1)
    const before = runs.filter((r) => r === 1).length
    await sleep(80)
    s.stop()
    expect(runs.filter((r) => r === 1).length).toBe(before)
    expect(s.stats().lagMs.length).toBeGreaterThan(0)
    expect(s.stats().lagMs.every((l) => l >= 0)).toBe(true)
  })
})
