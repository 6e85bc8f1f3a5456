import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCheck } from './run'
import { makeCert, startDns, startHttp, startTcp, startTls, type Running } from '../../../../../tests/helpers/servers'

const servers: Running[] = []
let httpUrl = ''
let tcpPort = 0
let tlsPort = 0
let dnsServer = ''
let hungPort = 0
beforeAll(async () => {
  const http = await startHttp((_req, res) => res.end('fine'))
  const tcp = await startTcp((s) => s.end())
  const tls = await startTls(await makeCert(60))
  const dns = await startDns({ 'app.test': { A: ['192.0.2.7'] } }, ['hang.test'])
  const hung = await startTcp()
  servers.push(http, tcp, tls, dns, hung)
  ;[httpUrl, tcpPort, tlsPort, dnsServer, hungPort] = [http.url, tcp.port, tls.port, dns.server, hung.port]
})
afterAll(() => Promise.all(servers.map((s) => s.close())))

describe('runCheck', () => {
  it('dispatches every kind to its runner', async () => {
    expect(await runCheck({ kind: 'http', url: httpUrl, keyword: 'fine' })).toMatchObject({ status: 'UP', statusCode: 200 })
    expect(await runCheck({ kind: 'tcp', host: '127.0.0.1', port: tcpPort })).toMatchObject({ status: 'UP' })
    expect(await runCheck({ kind: 'dns', hostname: 'app.test', server: dnsServer, expected: ['192.0.2.7'] })).toMatchObject({
      status: 'UP',
      snippet: '192.0.2.7'
    })
    expect(await runCheck({ kind: 'tls', host: '127.0.0.1', port: tlsPort, ignoreTlsErrors: true })).toMatchObject({
      status: 'UP',
      certDaysLeft: 58
    })
  })

  it('turns invalid configs into DOWN outcomes instead of throwing', async () => {
    expect(await runCheck({ kind: 'http', url: 'file:///etc/passwd' })).toEqual({
      status: 'DOWN',
      latencyMs: 0,
      error: 'invalid check: url: must be an http(s) URL',
      errorKind: 'config'
    })
    expect(await runCheck(null as never)).toMatchObject({ status: 'DOWN', errorKind: 'config' })
    expect(await runCheck({ kind: 'nope' } as never)).toMatchObject({ status: 'DOWN', errorKind: 'config' })
  })

  it('respects an external AbortSignal, before and during the check', async () => {
    const early = new AbortController()
    early.abort()
    expect(await runCheck({ kind: 'tcp', host: '127.0.0.1', port: tcpPort }, early.signal)).toMatchObject({
      status: 'DOWN',
      errorKind: 'cancelled'
    })

    const ctl = new AbortController()
    const pending = Promise.all([
      runCheck({ kind: 'http', url: `http://127.0.0.1:${hungPort}/`, timeoutMs: 60_000 }, ctl.signal),
      runCheck({ kind: 'tls', host: '127.0.0.1', port: hungPort, timeoutMs: 60_000 }, ctl.signal),
      runCheck({ kind: 'dns', hostname: 'hang.test', server: dnsServer, timeoutMs: 60_000 }, ctl.signal)
    ])
    setTimeout(() => ctl.abort(), 100)
    const outs = await pending
    for (const out of outs) expect(out).toMatchObject({ status: 'DOWN', errorKind: 'cancelled', error: 'check cancelled' })
  })
})
