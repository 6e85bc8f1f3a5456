import { getEventListeners } from 'node:events'
import { describe, expect, it } from 'vitest'
import { sleep } from './sleep'

describe('sleep', () => {
  it('leaves no abort listener behind after many waits on one signal (a long job sleeps thousands of times)', async () => {
    const ctl = new AbortController()
    for (let i = 0; i < 1000; i++) await sleep(0, ctl.signal)
    expect(getEventListeners(ctl.signal, 'abort')).toHaveLength(0)
  })

  it('rejects with an AbortError when the signal aborts, at once and when already aborted', async () => {
    const ctl = new AbortController()
    const waiting = sleep(60_000, ctl.signal)
    ctl.abort()
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' })
    await expect(sleep(60_000, ctl.signal)).rejects.toMatchObject({ name: 'AbortError' })
    expect(getEventListeners(ctl.signal, 'abort')).toHaveLength(0)
  })
})
