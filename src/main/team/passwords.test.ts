import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from './passwords'

const cheap = { N: 1024, r: 8, p: 1 }

describe('password hashes (scrypt)', () => {
  it('verifies the password it hashed and nothing else; salted, parameters stored with the hash', async () => {
    const a = await hashPassword('correct horse battery', cheap)
    const b = await hashPassword('correct horse battery', cheap)
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/)
    expect(a).not.toBe(b)
    expect(await verifyPassword('correct horse battery', a)).toBe(true)
    expect(await verifyPassword('correct horse batterY', a)).toBe(false)
    expect(await verifyPassword('', a)).toBe(false)
  })

  it('verifies with the parameters stored in the hash, so raising the default keeps old hashes valid', async () => {
    const old = await hashPassword('pw-0123456789', { N: 2048, r: 4, p: 1 })
    expect(await verifyPassword('pw-0123456789', old)).toBe(true)
  })

  it('never matches a malformed stored value', async () => {
    for (const bad of ['', 'plain', 'scrypt$x$8$1$aa$bb', 'bcrypt$1024$8$1$aa$bb', 'scrypt$1024$8$1$$'])
      expect(await verifyPassword('anything', bad)).toBe(false)
  })
})
