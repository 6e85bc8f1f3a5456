import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../app'
import { tempApp, tempDir, type TestApp } from '../../../tests/helpers/app'
import type { JobProgress } from '../../shared/contract/jobs'
import { ManualClock } from './clock'
import { KEEP_FINISHED } from './jobs'
import { silentLogger } from './log'

let t: TestApp | undefined
afterEach(async () => {
  await t?.cleanup()
  t = undefined
})

/** A job body that waits until released (or cancelled). */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((r) => (open = r))
  return {
    open,
    body: async (job: { signal: AbortSignal; progress(d: number, t?: number | null, m?: string): void }) => {
      job.progress(1, 10, 'working')
      await Promise.race([opened, new Promise((_, reject) => job.signal.addEventListener('abort', () => reject(new Error('stopped'))))])
      return { ok: true }
    }
  }
}

function progressOf(app: TestApp['app']): JobProgress[] {
  const seen: JobProgress[] = []
  app.bus.on('job:progress', (p) => void seen.push(p))
  return seen
}

describe('the job model', () => {
  it('runs a job through queued → running → done with one progress shape, and keeps its result', async () => {
    t = tempApp()
    const seen = progressOf(t.app)
    const g = gate()
    const started = t.app.jobs.start({ kind: 'test:work', area: 'models', title: 'Work', unit: 'rows', route: '/models', run: g.body })
    expect(started.state).toBe('running')
    expect(t.app.jobs.list({ state: 'active' }).map((j) => j.jobId)).toEqual([started.jobId])
    g.open()
    await expect(started.done).resolves.toEqual({ ok: true })
    const job = t.app.jobs.get(started.jobId)
    expect(job).toMatchObject({ state: 'done', done: 10, total: 10, unit: 'rows', area: 'models', route: '/models', result: { ok: true } })
    expect(job.startedAt).not.toBeNull()
    expect(job.endedAt).not.toBeNull()
    expect(seen[0]).toMatchObject({ jobId: started.jobId, kind: 'test:work', area: 'models', title: 'Work', state: 'running' })
    expect(seen.at(-1)).toMatchObject({ state: 'done', done: 10, total: 10 })
    expect(Object.keys(seen.at(-1)!).sort()).toEqual(['area', 'at', 'done', 'jobId', 'kind', 'message', 'state', 'title', 'total', 'unit'])
  })

  it('queues jobs of one kind beyond its concurrency, and cancels a queued one before it runs', async () => {
    t = tempApp()
    const a = gate()
    const b = gate()
    let cRan = false
    const first = t.app.jobs.start({ kind: 'test:q', area: 'drift', title: 'A', run: a.body })
    const second = t.app.jobs.start({ kind: 'test:q', area: 'drift', title: 'B', run: b.body })
    const third = t.app.jobs.start({
      kind: 'test:q',
      area: 'drift',
      title: 'C',
      run: async () => {
        cRan = true
      }
    })
    expect([first.state, second.state, third.state]).toEqual(['running', 'queued', 'queued'])
    expect(t.app.jobs.cancel(third.jobId)).toEqual({ cancelled: true, state: 'cancelled' })
    await expect(third.done).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(t.app.jobs.get(second.jobId).state).toBe('queued')
    a.open()
    await first.done
    b.open()
    await second.done
    expect(cRan).toBe(false)
    expect(t.app.jobs.get(third.jobId).state).toBe('cancelled')
  })

  it('cancels a running job: its clean-up runs before it ends, and the error says cancelled', async () => {
    t = tempApp()
    const g = gate()
    let cleaned = false
    const s = t.app.jobs.start({
      kind: 'test:c',
      area: 'costs',
      title: 'Big import',
      run: g.body,
      cleanup: async () => {
        await new Promise((r) => setTimeout(r, 5))
        cleaned = true
      }
    })
    t.app.jobs.cancel(s.jobId)
    await expect(t.app.jobs.wait(s.jobId)).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(cleaned).toBe(true)
    expect(t.app.jobs.get(s.jobId)).toMatchObject({ state: 'cancelled', error: 'cancelled' })
    await expect(t.app.jobs.wait(s.jobId)).rejects.toMatchObject({ code: 'CANCELLED' })
  })

  it('records a failure with its message', async () => {
    t = tempApp()
    const s = t.app.jobs.start({
      kind: 'test:f',
      area: 'models',
      title: 'Bad',
      run: async () => {
        throw new Error('row 3, column x: not a number')
      }
    })
    await expect(s.done).rejects.toThrow('row 3, column x')
    expect(t.app.jobs.get(s.jobId)).toMatchObject({ state: 'failed', error: 'row 3, column x: not a number' })
    expect(t.app.jobs.list({ state: 'finished' }).map((j) => j.jobId)).toEqual([s.jobId])
  })

  it('marks a job left running by a stopped console as interrupted at the next start', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'w.db')
    const first = createApp({ workspacePath: file, mode: 'test', logger: silentLogger })
    const g = gate()
    const s = first.jobs.start({ kind: 'test:i', area: 'drift', title: 'Long run', run: g.body })
    // the process dies: nothing ends the job, its row still says running
    first.db.close()
    const second = createApp({ workspacePath: file, mode: 'test', logger: silentLogger })
    try {
      expect(second.jobs.get(s.jobId)).toMatchObject({ state: 'interrupted', error: 'the console stopped while this job was running' })
    } finally {
      await second.close()
      await first.alerts.stop() // the dead console's timers, which would otherwise tick on a closed database
    }
  })

  it('a console that stops on purpose ends its running jobs as interrupted', async () => {
    t = tempApp()
    const g = gate()
    const s = t.app.jobs.start({ kind: 'test:s', area: 'drift', title: 'Run', run: g.body })
    await t.app.jobs.stop()
    expect(t.app.jobs.get(s.jobId).state).toBe('interrupted')
    expect(() => t!.app.jobs.start({ kind: 'test:s', area: 'drift', title: 'Late', run: g.body })).toThrow(/stopping/)
  })

  it('answers jobs:list, jobs:get and jobs:cancel over the handlers, and NOT_FOUND for an unknown id', async () => {
    t = tempApp()
    const g = gate()
    const s = t.app.jobs.start({ kind: 'test:h', area: 'costs', title: 'Via handlers', run: g.body })
    const list = await t.app.handlers['jobs:list']({ area: 'costs', state: 'all', limit: 10 }, { transport: 'direct' })
    expect(list.map((j) => j.title)).toEqual(['Via handlers'])
    expect(await t.app.handlers['jobs:cancel']({ id: s.jobId }, { transport: 'direct' })).toEqual({ cancelled: true, state: 'cancelled' })
    await expect(s.done).rejects.toBeTruthy()
    expect(() => t!.app.jobs.get('nope')).toThrow(/not found/)
  })

  it('keeps a bounded table however many jobs end: the newest finished ones, never a running one', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    t = tempApp({ clock })
    const app = t.app
    const g = gate()
    const running = app.jobs.start({ kind: 'test:long', area: 'models', title: 'Long', run: g.body })
    const rows = (): number => (app.db.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number }).n
    for (let i = 0; i < KEEP_FINISHED + 200; i++) {
      clock.advance(1000)
      await app.jobs.run({ kind: 'test:quick', area: 'models', title: `Quick ${i}`, run: async () => i })
    }
    expect(rows()).toBe(KEEP_FINISHED + 1)
    expect(app.jobs.get(running.jobId).state).toBe('running')
    expect(app.jobs.list({ state: 'finished', limit: 1 })[0]!.title).toBe(`Quick ${KEEP_FINISHED + 199}`)
    g.open()
    await running.done
    expect(rows()).toBe(KEEP_FINISHED)
  })
})
