// TLS check against real TLS servers on 127.0.0.1 with generated certificates.
import { X509Certificate } from 'node:crypto'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runTlsCheck } from './tls'
import { freePort, makeCert, startTcp, startTls, type Pems, type Running } from '../../../../../tests/helpers/servers'
import { TlsCheckSchema } from '../../../../shared/health/types'

const DAY = 86_400_000
const T0 = new Date(Math.floor(Date.now() / 1000) * 1000 - 2 * DAY) // certificates start here
const clockAt = (days: number) => ({ now: () => T0.getTime() + days * DAY })

let ca: Pems
let trusted30: Pems
let selfSigned10: Pems
beforeAll(async () => {
  ca = await makeCert(365, { isCa: true, from: T0 })
  trusted30 = await makeCert(30, { from: T0, ca })
  selfSigned10 = await makeCert(10, { from: T0 })
})

const servers: Running[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})
const serve = async (pems: Pems) => {
  const s = await startTls(pems)
  servers.push(s)
  return s
}
const tlsCheck = (port: number, extra: Record<string, unknown> = {}) =>
  TlsCheckSchema.parse({ kind: 'tls', host: '127.0.0.1', port, ...extra })

describe('tls check', () => {
  it('reads expiry and days left from a trusted certificate', async () => {
    const { port } = await serve(trusted30)
    const out = await runTlsCheck(tlsCheck(port), { ca: ca.cert, clock: clockAt(1) })
    expect(out).toMatchObject({ status: 'UP', certDaysLeft: 29 })
    expect(out.certExpiresAt).toBe(Date.parse(new X509Certificate(trusted30.cert).validTo))
  })

  it('warns below warnDays and passes above it', async () => {
    const { port } = await serve(trusted30)
    const warn = await runTlsCheck(tlsCheck(port, { warnDays: 30 }), { ca: ca.cert, clock: clockAt(1) })
    expect(warn).toMatchObject({ status: 'DEGRADED', errorKind: 'tls', certDaysLeft: 29 })
    expect(warn.error).toMatch(/^certificate expires in 29 days/)
    expect(await runTlsCheck(tlsCheck(port, { warnDays: 29 }), { ca: ca.cert, clock: clockAt(1) })).toMatchObject({ status: 'UP' })
  })

  it('rejects a self-signed certificate unless told to ignore TLS errors', async () => {
    const { port } = await serve(selfSigned10)
    const strict = await runTlsCheck(tlsCheck(port), { clock: clockAt(1) })
    expect(strict).toMatchObject({ status: 'DOWN', errorKind: 'tls', certDaysLeft: 9 })
    expect(strict.error).toBe("certificate is self-signed (enable 'accept invalid certificates' to allow)")
    expect(await runTlsCheck(tlsCheck(port, { ignoreTlsErrors: true }), { clock: clockAt(1) })).toMatchObject({
      status: 'DEGRADED',
      certDaysLeft: 9
    })
    expect(await runTlsCheck(tlsCheck(port, { ignoreTlsErrors: true, warnDays: 7 }), { clock: clockAt(1) })).toMatchObject({
      status: 'UP',
      certDaysLeft: 9
    })
  })

  it('an expired certificate is DOWN even when TLS errors are ignored', async () => {
    const { port } = await serve(selfSigned10)
    const out = await runTlsCheck(tlsCheck(port, { ignoreTlsErrors: true }), { clock: clockAt(11) })
    expect(out).toMatchObject({ status: 'DOWN', errorKind: 'tls', certDaysLeft: -1 })
    expect(out.error).toMatch(/^certificate expired on /)
  })

  it('reports a host name mismatch', async () => {
    const { port } = await serve(await makeCert(30, { from: T0, ca, dnsNames: ['other.example'] }))
    const out = await runTlsCheck(tlsCheck(port), { ca: ca.cert, clock: clockAt(1) })
    expect(out).toMatchObject({ status: 'DOWN', errorKind: 'tls' })
    expect(out.error).toContain('certificate does not match the host name')
  })

  it('refused and hung servers', async () => {
    const port = await freePort()
    expect(await runTlsCheck(tlsCheck(port))).toMatchObject({
      status: 'DOWN',
      errorKind: 'refused',
      error: `connection refused (127.0.0.1:${port})`
    })
    const hung = await startTcp()
    servers.push(hung)
    expect(await runTlsCheck(tlsCheck(hung.port, { timeoutMs: 300 }))).toMatchObject({
      status: 'DOWN',
      errorKind: 'timeout',
      error: 'timed out after 300 ms'
    })
  })
})
