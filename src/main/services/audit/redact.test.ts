import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { channels } from '../../../shared/contract'
import { isSecretKey, NOT_SECRET, REDACTED, redact } from './redact'

/** Every object key the contract's channel inputs and outputs declare. */
function contractKeys(): Set<string> {
  const keys = new Set<string>()
  const seen = new Set<unknown>()
  const walk = (s: z.ZodType | undefined): void => {
    if (!s || seen.has(s)) return
    seen.add(s)
    const def = (s as any)._zod?.def
    if (!def) return
    if (def.type === 'object')
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        keys.add(k)
        walk(v)
      }
    for (const f of ['innerType', 'element', 'valueType', 'in', 'out', 'left', 'right', 'schema']) walk(def[f])
    for (const o of def.options ?? []) walk(o)
    if (def.type === 'lazy') walk(def.getter())
  }
  for (const c of Object.values(channels)) {
    walk(c.input)
    walk(c.output)
  }
  return keys
}

describe('secrets in the contract', () => {
  const keys = contractKeys()
  it('finds the declared secrets: notification and source secrets, MLOps secret variables, one-time tokens', () => {
    for (const k of ['secret', 'secretEnv', 'token']) {
      expect(keys.has(k), k).toBe(true)
      expect(isSecretKey(k), k).toBe(true)
    }
  })
  it('lists the contract keys that are redacted (a new secret-looking field fails here until someone looks at it)', () => {
    const looks = [...keys].filter((k) => /secret|passw|token|api_?key|private_?key|credential|cookie/i.test(k)).sort()
    expect(looks.filter(isSecretKey)).toEqual(['secret', 'secretEnv', 'token'])
    // the flags and hints about secrets stay readable
    expect(looks.filter((k) => !isSecretKey(k))).toEqual(['dropSecrets', 'hasSecret', 'secretHint', 'secretNames', 'secrets'])
    for (const k of looks.filter((k) => !isSecretKey(k))) expect(NOT_SECRET.has(k), k).toBe(true)
  })
})

describe('redact', () => {
  it('hides secret fields at any depth, keeps their presence and every other value', () => {
    expect(
      redact({ name: 'a', secret: 's3cret', nested: [{ password: 'p', port: 1 }], secretEnv: { A: 'x', B: 'y' }, hasSecret: true })
    ).toEqual({
      name: 'a',
      secret: REDACTED,
      nested: [{ password: REDACTED, port: 1 }],
      secretEnv: { A: REDACTED, B: REDACTED },
      hasSecret: true
    })
    expect(redact({ secret: '' })).toEqual({ secret: '' })
  })
  it('hides credential headers and passwords or tokens inside URLs', () => {
    expect(redact({ headers: { Authorization: 'Bearer x', 'X-Api-Key': 'k', Accept: 'json' } })).toEqual({
      headers: { Authorization: REDACTED, 'X-Api-Key': REDACTED, Accept: 'json' }
    })
    expect(redact('https://user:pa55@host/x?token=abc&q=1')).toBe(`https://user:${REDACTED}@host/x?token=${REDACTED}&q=1`)
  })
})
