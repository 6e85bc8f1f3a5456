import { describe, expect, it } from 'vitest'
import { checkInputOf, defaultCheckName, emptyCheck, emptyService, formFieldKeys, serviceInputOf } from './checkDraft'

describe('checkInputOf', () => {
  it('turns an HTTP draft into the contract shape', () => {
    const input = checkInputOf({
      ...emptyCheck('http'),
      name: ' api ',
      url: ' https://api.example.com/health ',
      intervalS: '30',
      retries: '2',
      acceptedStatus: '200-299, 301',
      keyword: 'ok',
      keywordMode: 'absent',
      conditions: '[STATUS] == 200\n\n  [RESPONSE_TIME] < 500 \n',
      ignoreTlsErrors: true
    })
    expect(input).toEqual({
      name: 'api',
      intervalS: 30,
      retries: 2,
      config: {
        kind: 'http',
        url: 'https://api.example.com/health',
        method: 'GET',
        acceptedStatus: ['200-299', '301'],
        keyword: 'ok',
        keywordMode: 'absent',
        conditions: ['[STATUS] == 200', '[RESPONSE_TIME] < 500'],
        ignoreTlsErrors: true
      }
    })
  })
  it('leaves empty numbers to the contract defaults and passes bad ones for validation', () => {
    const input = checkInputOf({ ...emptyCheck('tcp'), host: 'db', port: '', intervalS: '' })
    expect(input.intervalS).toBeUndefined()
    expect(input.config).toEqual({ kind: 'tcp', host: 'db' })
    expect(checkInputOf({ ...emptyCheck('tcp'), intervalS: '2' }).intervalS).toBe(2)
  })
  it('builds DNS and TLS configs', () => {
    expect(checkInputOf({ ...emptyCheck('dns'), hostname: 'example.com', expected: '1.2.3.4, 5.6.7.8', server: '1.1.1.1' }).config).toEqual({
      kind: 'dns',
      hostname: 'example.com',
      recordType: 'A',
      expected: ['1.2.3.4', '5.6.7.8'],
      server: '1.1.1.1'
    })
    expect(checkInputOf({ ...emptyCheck('tls'), host: 'example.com' }).config).toEqual({ kind: 'tls', host: 'example.com', port: 443, warnDays: 14, ignoreTlsErrors: false })
  })
  it('names unnamed checks after their target', () => {
    expect(defaultCheckName({ ...emptyCheck('http'), url: 'http://127.0.0.1:8080/health' })).toBe('GET 127.0.0.1:8080/health')
    expect(defaultCheckName({ ...emptyCheck('tcp'), host: 'db', port: '5432' })).toBe('TCP db:5432')
    expect(checkInputOf({ ...emptyCheck('dns'), hostname: 'example.com', recordType: 'MX' }).name).toBe('DNS MX example.com')
    expect(defaultCheckName(emptyCheck('http'))).toBe('')
  })
})

describe('serviceInputOf', () => {
  it('trims fields and keeps one check per draft', () => {
    const input = serviceInputOf({ ...emptyService(), name: ' shop ', region: ' ', checks: [{ ...emptyCheck(), url: 'http://x' }] })
    expect(input.name).toBe('shop')
    expect(input.environment).toBe('production')
    expect(input.region).toBeUndefined()
    expect(input.checks).toHaveLength(1)
  })
})

describe('formFieldKeys', () => {
  it('names inputs the way the service names error fields', () => {
    const keys = formFieldKeys({ ...emptyService(), checks: [emptyCheck('http'), emptyCheck('tcp')] })
    expect(keys).toContain('checks[0].config.url')
    expect(keys).toContain('checks[1].config.port')
    expect(keys).not.toContain('checks[1].config.url')
    expect(keys).toContain('name')
  })
})
