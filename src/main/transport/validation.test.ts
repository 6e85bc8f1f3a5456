import { describe, expect, it } from 'vitest'
import { silentLogger } from '../core/log'
import { dispatch } from './dispatch'

describe('a refused input crosses the transport with every issue', () => {
  it('answers VALIDATION naming the first field in the message and all of them in issues', async () => {
    const env = await dispatch(
      {} as never,
      'services:create',
      { name: '', checks: [{ name: 'x', intervalS: 1, config: { kind: 'tcp' } }] },
      { transport: 'ipc' } as never,
      {
        logger: silentLogger
      }
    )
    expect(env.ok).toBe(false)
    if (env.ok) return
    expect(env.error).toMatchObject({ code: 'VALIDATION', field: 'name', message: 'name: must not be empty' })
    expect(env.error.issues?.map((i) => i.field)).toEqual(['name', 'checks[0].intervalS', 'checks[0].config.host', 'checks[0].config.port'])
    expect(env.error.issues?.find((i) => i.field === 'checks[0].config.host')?.message).toBe('host: required')
  })
})
