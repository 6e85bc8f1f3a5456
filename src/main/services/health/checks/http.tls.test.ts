// HTTPS checks: certificate trust, expiry capture and [CERTIFICATE_EXPIRATION] conditions.
import { X509Certificate } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runHttpCheck } from './http'
import { makeCert, startHttps, type Pems, type Running } from '../../../../../tests/helpers/servers'
import { HttpCheckSchema } from '../../../../shared/health/types'

const DAY = 86_400_000
let selfSigned: Pems
let srv: Running & { url: string }
beforeAll(async () => {
  selfSigned = await makeCert(30)
  srv = await startHttps(selfSigned, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ services: { db: { status: 'pass' } } }))
  })
})
afterAll(() => srv.close())

const check = (extra: Record<string, unknown>) => runHttpCheck(HttpCheckSchema.parse({ kind: 'http', url: `${srv.url}/health`, ...extra }))

describe('https check', () => {
  it('rejects a self-signed certificate by default, naming the problem', async () => {
    const out = await check({})
    expect(out).toMatchObject({ status: 'DOWN', errorKind: 'tls' })
    expect(out.error).toBe("certificate is self-signed (enable 'accept invalid certificates' to allow)")
  })

  it('with ignoreTlsErrors: captures the certificate and evaluates expiry and body conditions', async () => {
    const out = await check({
      ignoreTlsErrors: true,
      conditions: ['[BODY].services.db.status == pass', '[CERTIFICATE_EXPIRATION] > 72h', '[CERTIFICATE_EXPIRATION] > 60d']
    })
    const validTo = Date.parse(new X509Certificate(selfSigned.cert).validTo)
    expect(out.certExpiresAt).toBe(validTo)
    expect(out.certDaysLeft).toBe(Math.floor((validTo - Date.now()) / DAY))
    expect(out.conditionResults?.map((r) => r.ok)).toEqual([true, true, false]) // cert has ~29 days left
    expect(out).toMatchObject({ status: 'DOWN', errorKind: 'condition' })
    expect(out.error).toContain('[CERTIFICATE_EXPIRATION] > 60d')
  })

  it('all conditions passing → UP', async () => {
    const out = await check({ ignoreTlsErrors: true, conditions: ['[BODY].services.db.status == pass', '[CERTIFICATE_EXPIRATION] > 72h'] })
    expect(out).toMatchObject({ status: 'UP', statusCode: 200 })
  })

  it('trusts a certificate signed by a CA passed in deps.ca', async () => {
    const ca = await makeCert(365, { isCa: true })
    const leaf = await makeCert(30, { ca })
    const trusted = await startHttps(leaf, (_req, res) => res.end('ok'))
    try {
      const url = `${trusted.url}/`
      expect(await runHttpCheck(HttpCheckSchema.parse({ kind: 'http', url }), { ca: ca.cert })).toMatchObject({
        status: 'UP',
        statusCode: 200
      })
      expect(await runHttpCheck(HttpCheckSchema.parse({ kind: 'http', url }))).toMatchObject({ status: 'DOWN', errorKind: 'tls' })
    } finally {
      await trusted.close()
    }
  })
})
