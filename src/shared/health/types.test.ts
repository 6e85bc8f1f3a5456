import { describe, expect, it } from 'vitest'
import { CheckConfigSchema, describeConfigError, HttpCheckSchema, MIB } from './types'

const problem = (input: unknown): string => {
  const parsed = CheckConfigSchema.safeParse(input)
  if (parsed.success) throw new Error('expected a validation error')
  return describeConfigError(parsed.error)
}

describe('check config schemas', () => {
  it('fills http defaults', () => {
    expect(HttpCheckSchema.parse({ kind: 'http', url: 'https://example.com/health' })).toEqual({
      kind: 'http',
      url: 'https://example.com/health',
      method: 'GET',
      headers: {},
      acceptedStatus: ['200-299'],
      timeoutMs: 10_000,
      maxRedirects: 5,
      keywordMode: 'present',
      conditions: [],
      ignoreTlsErrors: false,
      maxBodyBytes: MIB,
      interpretHealth: true
    })
  })

  it('fills tls and dns defaults', () => {
    expect(CheckConfigSchema.parse({ kind: 'tls', host: 'example.com' })).toEqual({
      kind: 'tls',
      host: 'example.com',
      port: 443,
      warnDays: 14,
      timeoutMs: 10_000,
      ignoreTlsErrors: false
    })
    expect(CheckConfigSchema.parse({ kind: 'dns', hostname: 'example.com' })).toMatchObject({
      recordType: 'A',
      expected: [],
      timeoutMs: 10_000
    })
  })

  it('names the field in every message', () => {
    expect(problem({ kind: 'http', url: 'ftp://example.com/' })).toBe('url: must be an http(s) URL')
    expect(problem({ kind: 'http', url: 'not a url' })).toBe('url: must be an http(s) URL')
    expect(problem({ kind: 'http', url: 'http://x', acceptedStatus: ['200-299', 'ok'] })).toBe(
      'acceptedStatus: use codes or ranges like "200-299", "301" or "2xx"'
    )
    expect(problem({ kind: 'http', url: 'http://x', conditions: ['[STATUS] == 200', '[FOO] == 1'] })).toBe(
      'conditions: condition 2: unknown placeholder [FOO]'
    )
    expect(problem({ kind: 'http', url: 'http://x', timeoutMs: 0 })).toBe('timeoutMs: must be at least 1')
    expect(problem({ kind: 'tcp', host: 'db.local', port: 70000 })).toBe('port: must be at most 65535')
    expect(problem({ kind: 'tcp', host: 'http://db.local', port: 5432 })).toBe(
      'host: must be a host name or IP address (no scheme, port or path)'
    )
    expect(problem({ kind: 'dns', hostname: 'example.com', server: 'dns.google' })).toMatch(
      /^server: must be an IP address with optional port/
    )
    expect(problem({ kind: 'dns', hostname: 'example.com', recordType: 'SRV' })).toBe(
      'recordType: must be one of A, AAAA, CNAME, MX, TXT, NS'
    )
    expect(problem({ kind: 'ping' })).toBe('kind: must be one of http, tcp, dns, tls, or ext:<extension id>/<check kind>')
  })

  it('accepts extension check kinds ext:<extension id>/<kind> with their settings', () => {
    expect(CheckConfigSchema.parse({ kind: 'ext:http-tools/keyword', settings: { url: 'x' } })).toEqual({
      kind: 'ext:http-tools/keyword',
      settings: { url: 'x' },
      timeoutMs: 10_000
    })
    expect(problem({ kind: 'ext:Bad Id/x' })).toBe('kind: must be ext:<extension id>/<check kind>')
    expect(problem({ kind: 'ext:http-tools/keyword', settings: 3 })).toMatch(/kind: must be one of|settings: must be an object/)
  })

  it('accepts resolver addresses with and without ports', () => {
    for (const server of ['1.1.1.1', '1.1.1.1:53', '[2606:4700::1111]:53', '::1']) {
      expect(CheckConfigSchema.safeParse({ kind: 'dns', hostname: 'example.com', server }).success).toBe(true)
    }
  })
})
