import { describe, expect, it } from 'vitest'
import { noticeShows } from './auth'

describe('the notices preference', () => {
  it('shows all notices, only firing alerts, or none', () => {
    expect(['firing', 'resolved', 'info', undefined].map((t) => noticeShows('all', t as never))).toEqual([true, true, true, true])
    expect(['firing', 'resolved', 'info', undefined].map((t) => noticeShows('firing', t as never))).toEqual([true, false, false, false])
    expect(['firing', 'resolved'].map((t) => noticeShows('off', t as never))).toEqual([false, false])
  })
})
