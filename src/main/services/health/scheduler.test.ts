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

  it('drops removed entries once they pile up, and still runs the live checks in due order', async () => {
    const ran: number[] = []
    const s = new Scheduler(
      systemClock,
      async (id) => void ran.push(id),
      1,
      () => 0
    )
    // 500 edits of a daily check each leave a removed entry behind, due a day from now
    for (let i = 0; i < 500; i++) {
      s.remove(1)
      s.upsert({ id: 1, intervalMs: 86_400_000 }, 86_400_000)
      expect(s.size.heap).toBeLessThanOrEqual(2 * s.size.entries + 65)
    }
    for (let id = 2; id <= 6; id++) s.upsert({ id, intervalMs: 60_000 }, (7 - id) * 10) // due in reverse id order
    s.remove(1)
    s.start()
    await sleep(150)
    s.stop()
    expect(ran).toEqual([6, 5, 4, 3, 2])
    expect(s.size.entries).toBe(5)
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
