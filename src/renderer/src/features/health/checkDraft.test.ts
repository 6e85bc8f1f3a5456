import { describe, expect, it } from 'vitest'
import { channels } from '../../../../shared/contract'
import {
  checkInputOf,
  cloneDraftOf,
  defaultCheckName,
  emptyCheck,
  emptyService,
  formFieldKeys,
  replaceInputOf,
  serviceDraftOf,
  serviceDraftErrors,
  serviceFieldLabel,
  serviceInputOf,
  tagsOf,
  tagsText
} from './checkDraft'

describe('serviceDraftErrors: every problem at once, each on its own input', () => {
  it('an empty URL is reported on the URL, not on "Check name", together with the other problems', () => {
    const draft = { ...emptyService(), name: '', checks: [{ ...emptyCheck('http'), intervalS: '2' }] }
    const errors = serviceDraftErrors(draft)
    expect(errors).toEqual({
      name: 'must not be empty',
      'checks[0].config.url': 'enter the URL to check, e.g. https://api.example.com/health',
      'checks[0].intervalS': 'must be at least 5 seconds'
    })
    expect(errors['checks[0].name']).toBeUndefined()
  })
  it('finds problems in every check, in words, without internal names', () => {
    const draft = {
      ...emptyService(),
      name: 'api',
      environment: 'prod!',
      checks: [
        { ...emptyCheck('tcp'), host: 'db', port: '70000' },
        { ...emptyCheck('http'), url: 'ftp://x', retries: '11', conditions: '[STATUS] =! 200' }
      ]
    }
    const errors = serviceDraftErrors(draft)
    expect(Object.keys(errors).sort()).toEqual([
      'checks[0].config.port',
      'checks[1].config.conditions',
      'checks[1].config.url',
      'checks[1].retries',
      'environment'
    ])
    expect(errors['checks[0].config.port']).toBe('must be at most 65535')
    expect(errors['checks[1].config.url']).toBe('must be an http(s) URL')
    for (const m of Object.values(errors)) expect(m).not.toMatch(/checks\[|config\.|Too (small|big)|expected/)
    expect(serviceDraftErrors({ ...emptyService(), name: 'ok', checks: [{ ...emptyCheck('http'), url: 'https://ok.example' }] })).toEqual(
      {}
    )
    expect(serviceFieldLabel('checks[1].config.timeoutMs')).toBe('Check 2: timeout ms')
  })
})

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
    expect(checkInputOf({ ...emptyCheck('dns'), hostname: 'example.com', expected: '1.2.3.4, 5.6.7.8', server: '1.1.1.1' }).config).toEqual(
      {
        kind: 'dns',
        hostname: 'example.com',
        recordType: 'A',
        expected: ['1.2.3.4', '5.6.7.8'],
        server: '1.1.1.1'
      }
    )
    expect(checkInputOf({ ...emptyCheck('tls'), host: 'example.com' }).config).toEqual({
      kind: 'tls',
      host: 'example.com',
      port: 443,
      warnDays: 14,
      ignoreTlsErrors: false
    })
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

describe('the edit form round trip', () => {
  const service = {
    id: 7,
    name: 'checkout',
    environment: 'production',
    region: 'eu-west-1',
    description: 'Payments',
    tags: { team: 'payments', beta: '' },
    checks: [
      {
        id: 12,
        name: 'api',
        intervalS: 30,
        retries: 2,
        paused: true,
        config: {
          kind: 'http',
          url: 'https://api.example.com/health',
          method: 'POST',
          headers: { 'x-probe': '1' },
          body: '{}',
          acceptedStatus: ['200-299', '301'],
          timeoutMs: 5000,
          maxRedirects: 5,
          keyword: 'ok',
          keywordMode: 'present',
          conditions: ['[STATUS] == 200'],
          ignoreTlsErrors: false,
          maxBodyBytes: 1024,
          interpretHealth: true
        }
      },
      {
        id: 11,
        name: 'db',
        intervalS: 60,
        retries: 0,
        paused: false,
        config: { kind: 'tcp', host: 'db.internal', port: 5432, timeoutMs: 10000 }
      }
    ]
  } as unknown as Parameters<typeof serviceDraftOf>[0]

  it('pre-fills every field and sends the same service back, hidden config keys included', () => {
    const draft = serviceDraftOf(service)
    expect(draft).toMatchObject({ name: 'checkout', region: 'eu-west-1', tags: 'team=payments\nbeta' })
    expect(draft.checks.map((c) => c.id)).toEqual([11, 12])
    expect(draft.checks[1]).toMatchObject({
      url: 'https://api.example.com/health',
      method: 'POST',
      acceptedStatus: '200-299, 301',
      keyword: 'ok',
      conditions: '[STATUS] == 200',
      timeoutMs: '5000',
      paused: true
    })
    const input = replaceInputOf(7, draft)
    expect(input).toMatchObject({ id: 7, name: 'checkout', description: 'Payments', tags: { team: 'payments', beta: '' } })
    expect(input.checks![1]).toEqual({ ...service.checks[0], id: 12, config: service.checks[0]!.config })
    expect(input.checks![0]).toEqual({
      id: 11,
      name: 'db',
      intervalS: 60,
      retries: 0,
      config: { kind: 'tcp', host: 'db.internal', port: 5432, timeoutMs: 10000 }
    })
  })

  it('clones a service as a new one: "(copy)" name, same settings and checks, no ids', () => {
    const draft = cloneDraftOf(service, [{ name: 'checkout', environment: 'production' }])
    expect(draft.name).toBe('checkout (copy)')
    expect(draft.checks.every((c) => c.id === undefined)).toBe(true)
    const input = serviceInputOf(draft)
    expect(channels['services:create'].input.safeParse(input).success).toBe(true)
    expect(input).toMatchObject({
      environment: 'production',
      region: 'eu-west-1',
      description: 'Payments',
      tags: { team: 'payments', beta: '' }
    })
    expect(input.checks!.map((c) => c.config)).toEqual([service.checks[1]!.config, service.checks[0]!.config])
    const taken = [
      { name: 'checkout (copy)', environment: 'production' },
      { name: 'checkout (copy 2)', environment: 'production' },
      { name: 'checkout (copy 3)', environment: 'staging' }
    ]
    expect(cloneDraftOf(service, taken).name).toBe('checkout (copy 3)')
  })

  it('a cleared keyword is dropped, a new check has no id, cleared tags are sent as none', () => {
    const draft = serviceDraftOf(service)
    draft.checks[1]!.keyword = ''
    draft.checks.push(emptyCheck('dns'))
    draft.tags = ''
    const input = replaceInputOf(7, draft)
    expect(input.checks![1]!.config).not.toHaveProperty('keyword')
    expect(input.checks![2]).not.toHaveProperty('id')
    expect(input.tags).toEqual({})
  })
})

describe('tags', () => {
  it('reads key=value lines', () => {
    expect(tagsOf(' team = payments \n\ntier=1\nbeta')).toEqual({ team: 'payments', tier: '1', beta: '' })
    expect(tagsText({ team: 'payments', beta: '' })).toBe('team=payments\nbeta')
  })
})
