// DNS check against a tiny dns-packet UDP server on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runDnsCheck, sameRecords } from './dns'
import { startDns, type Running } from '../../../../../tests/helpers/servers'
import { DnsCheckSchema } from '../../../../shared/health/types'

let dns: Running & { server: string; queries: string[] }
beforeAll(async () => {
  dns = await startDns(
    {
      'svc.test': { A: ['10.0.0.1', '10.0.0.2'], AAAA: ['2001:db8:0:0:0:0:0:1'], TXT: [['v=spf1 ', '-all']] },
      'mail.test': {
        MX: [
          { preference: 10, exchange: 'mx1.mail.test' },
          { preference: 20, exchange: 'mx2.mail.test' }
        ]
      }
    },
    ['slow.test']
  )
})
afterAll(() => dns.close())

const check = (extra: Record<string, unknown>) =>
  runDnsCheck(DnsCheckSchema.parse({ kind: 'dns', server: dns.server, timeoutMs: 2000, ...extra }))

describe('dns check', () => {
  it('passes when the A records match in any order', async () => {
    const out = await check({ hostname: 'svc.test', expected: ['10.0.0.2', '10.0.0.1'] })
    expect(out).toMatchObject({ status: 'UP', snippet: '10.0.0.1, 10.0.0.2' })
    expect(dns.queries).toContain('A svc.test') // really asked our server
  })

  it('fails when the records differ, listing both sides', async () => {
    const out = await check({ hostname: 'svc.test', expected: ['10.0.0.1', '10.0.0.9'] })
    expect(out).toMatchObject({
      status: 'DOWN',
      errorKind: 'dns',
      error: 'expected A records [10.0.0.1, 10.0.0.9] but got [10.0.0.1, 10.0.0.2]'
    })
    expect(await check({ hostname: 'svc.test', expected: ['10.0.0.1'] })).toMatchObject({ status: 'DOWN', errorKind: 'dns' })
  })

  it('NXDOMAIN is DOWN with errorKind dns', async () => {
    expect(await check({ hostname: 'nosuch.test', expected: ['10.0.0.1'] })).toMatchObject({
      status: 'DOWN',
      errorKind: 'dns',
      error: 'DNS lookup failed: ENOTFOUND nosuch.test'
    })
  })

  it('reads AAAA, TXT and MX answers', async () => {
    expect(await check({ hostname: 'svc.test', recordType: 'AAAA', expected: ['2001:db8::1'] })).toMatchObject({ status: 'UP' })
    expect(await check({ hostname: 'svc.test', recordType: 'TXT', expected: ['v=spf1 -all'] })).toMatchObject({ status: 'UP' })
    expect(await check({ hostname: 'mail.test', recordType: 'MX', expected: ['mx2.mail.test', 'MX1.mail.test.'] })).toMatchObject({
      status: 'UP'
    })
    expect(await check({ hostname: 'mail.test', recordType: 'MX', expected: ['10 mx1.mail.test', '30 mx2.mail.test'] })).toMatchObject({
      status: 'DOWN'
    })
    expect(await check({ hostname: 'svc.test', recordType: 'MX' })).toMatchObject({
      status: 'DOWN',
      errorKind: 'dns',
      error: 'DNS lookup failed: ENODATA svc.test (no MX records)'
    })
  })

  it('times out when the resolver never answers', async () => {
    expect(await check({ hostname: 'slow.test', timeoutMs: 500 })).toMatchObject({
      status: 'DOWN',
      errorKind: 'timeout',
      error: 'timed out after 500 ms'
    })
  })

  it('compares names case-insensitively without trailing dots', () => {
    expect(sameRecords('CNAME', ['Target.Example.com'], ['target.example.com.'])).toBe(true)
    expect(sameRecords('TXT', ['Hello'], ['hello'])).toBe(false)
  })
})
