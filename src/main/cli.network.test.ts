import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCert } from '../../tests/helpers/servers'
import { serveNetwork } from './cli'

let dir: string
let cert: string
let key: string
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-cli-'))
  const pems = await makeCert(30)
  cert = path.join(dir, 'cert.pem')
  key = path.join(dir, 'key.pem')
  fs.writeFileSync(cert, pems.cert)
  fs.writeFileSync(key, pems.key)
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('serve command: network flags', () => {
  it('needs --allow-remote for a non-loopback address', () => {
    expect(() => serveNetwork({ host: '0.0.0.0' }, {})).toThrow(/add --allow-remote/)
    expect(serveNetwork({ host: '127.0.0.1' }, {}).warnings).toEqual([])
  })

  it('warns loudly when the console is on the network without TLS, and quietly with it', () => {
    const plain = serveNetwork({ host: '0.0.0.0', 'allow-remote': true }, {})
    expect(plain.options.tls).toBeUndefined()
    expect(plain.warnings.join('\n')).toMatch(/!{78}\nWARNING: serving on 0\.0\.0\.0 over plain HTTP[\s\S]*--tls-cert and --tls-key/)
    const tls = serveNetwork({ host: '0.0.0.0', 'allow-remote': true, 'tls-cert': cert, 'tls-key': key }, {})
    expect(tls.options.tls?.cert).toContain('BEGIN CERTIFICATE')
    expect(tls.warnings).toHaveLength(1)
    expect(tls.warnings[0]).not.toMatch(/plain HTTP/)
  })

  it('refuses half a TLS pair, unreadable files and odd host names', () => {
    expect(() => serveNetwork({ host: '127.0.0.1', 'tls-cert': cert }, {})).toThrow('--tls-cert and --tls-key go together')
    expect(() => serveNetwork({ host: '127.0.0.1', 'tls-cert': cert, 'tls-key': path.join(dir, 'nope.pem') }, {})).toThrow(
      /--tls-key .*nope\.pem: cannot be read \(ENOENT\)/
    )
    expect(() => serveNetwork({ host: '127.0.0.1', 'public-host': ['http://x.lan/'] }, {})).toThrow('--public-host http://x.lan/')
    expect(
      serveNetwork({ host: '127.0.0.1', 'public-host': ['console.lan', 'console.example.com:8443', '[fd00::1]:4870'] }, {}).options
        .publicHosts
    ).toHaveLength(3)
  })

  it('takes CONSOLE_TOKEN only when it is at least 32 characters; else makes a random token of that length', () => {
    expect(() => serveNetwork({ host: '127.0.0.1' }, { CONSOLE_TOKEN: 'short-and-guessable' })).toThrow(
      /CONSOLE_TOKEN is 19 characters; use at least 32/
    )
    const chosen = 'c'.repeat(32)
    expect(serveNetwork({ host: '127.0.0.1' }, { CONSOLE_TOKEN: chosen }).options.token).toBe(chosen)
    const made = serveNetwork({ host: '127.0.0.1' }, {}).options.token
    expect(made).toMatch(/^[\w-]{43}$/)
    expect(serveNetwork({ host: '127.0.0.1' }, {}).options.token).not.toBe(made)
  })
})
