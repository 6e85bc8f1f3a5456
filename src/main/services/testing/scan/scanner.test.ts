import { afterEach, describe, expect, it } from 'vitest'
import { ScanOptions } from '../../../../shared/contract/testingScan'
import { hardenedTarget, leakyTarget, weakTarget, type ScanTarget } from '../../../../../tests/helpers/scanTargets'
import { scan } from './scanner'

const targets: ScanTarget[] = []
afterEach(async () => {
  for (const t of targets.splice(0)) await t.close()
})
const opts = (extra: Partial<ScanOptions> = {}) => ScanOptions.parse({ delayMs: 0, timeoutMs: 3000, ...extra })

describe('security scan', () => {
  it('finds every weakness planted in the weak HTTPS target', async () => {
    const t = await weakTarget()
    targets.push(t)
    const r = await scan(t.url, opts())
    const ids = r.findings.map((f) => f.id)
    for (const id of t.planted) expect(ids, `missing ${id}`).toContain(id)
    expect(r.incomplete).toEqual([])
    expect(r.tls!.protocols.find((p) => p.version === 'TLSv1')!.offered).toBe(true)
    expect(r.tls!.ciphers.map((c) => c.name)).toContain('AES128-SHA')
    expect(r.tls!.certificate).toMatchObject({ hostnameMatches: false, trusted: false, keyBits: 1024 })
    expect(r.findings.find((f) => f.id === 'cors.reflected.credentials')).toMatchObject({ severity: 'high' })
    expect(r.findings.find((f) => f.id === 'cors.reflected.credentials')!.evidence).toMatch(
      /access-control-allow-origin: https:\/\/evil.example/
    )
    expect(r.methods).toEqual(expect.arrayContaining(['PUT', 'DELETE', 'TRACE']))
    expect(r.grade).toBe('F')
    expect(r.findings.every((f) => f.fix.length > 10 && f.evidence.length > 5)).toBe(true)
  })

  it('finds the leaked files and actuator endpoints, and nothing the SPA answers for any other path', async () => {
    const t = await leakyTarget()
    targets.push(t)
    const r = await scan(t.url, opts())
    const exposure = r.findings.filter((f) => f.category === 'exposure').map((f) => f.id)
    expect(exposure.sort()).toEqual([...t.planted].sort())
    expect(r.findings.find((f) => f.id === 'exposure.git')!.evidence).toMatch(/\[core\]/)
    expect(r.findings.map((f) => f.id)).toContain('transport.plaintext')
  })

  it('finds nothing on the hardened target', async () => {
    const t = await hardenedTarget()
    targets.push(t)
    const r = await scan(t.url, opts({ trustedCa: t.ca! }))
    expect(r.findings).toEqual([])
    expect(r.grade).toBe('A+')
    expect(r.headers.every((h) => h.grade === 'pass')).toBe(true)
    expect(r.tls!.certificate).toMatchObject({ trusted: true, hostnameMatches: true })
    expect(r.tls!.protocols.filter((p) => p.offered).map((p) => p.version)).toEqual(['TLSv1.2', 'TLSv1.3'])
  })

  it('is polite: one request at a time within the budget, and says what it could not finish', async () => {
    const t = await leakyTarget()
    targets.push(t)
    const r = await scan(t.url, opts({ maxRequests: 20 }))
    expect(r.requests).toBeLessThanOrEqual(20)
    expect(r.incomplete.join(' ')).toMatch(/budget of 20 requests is spent/)
    expect(t.openConnections()).toBeLessThanOrEqual(1)
  })
})
