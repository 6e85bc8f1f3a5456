import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { AppError } from '../../../shared/errors'

let t: TestApp
afterEach(async () => t && (await t.cleanup()))

const GOOD = `services:
  - name: checkout
    environment: production
    region: eu-west-1
    tags: { team: payments }
    checks:
      - name: health
        type: http
        url: http://127.0.0.1:9/api/health
        interval: 30s
        retries: 2
        conditions:
          - "[STATUS] == 200"
      - name: port
        type: tcp
        host: 127.0.0.1
        port: 5432
  - name: search
    environment: staging
    checks:
      - name: dns
        type: dns
        hostname: search.internal
        expected: [10.0.0.1]
`

const errorOf = (fn: () => unknown): AppError => {
  try {
    fn()
  } catch (err) {
    return err as AppError
  }
  throw new Error('expected an error')
}

describe('services as YAML', () => {
  it('imports, exports and re-imports the same configuration', () => {
    t = tempApp()
    const report = t.app.health.importYaml(GOOD, 'merge', false)
    expect(report).toMatchObject({ services: 2, checks: 3, created: 2, updated: 0 })
    const overview = t.app.health.overview()
    expect(overview.map((s) => `${s.environment}/${s.name}/${s.region}`)).toEqual([
      'production/checkout/eu-west-1',
      'staging/search/default'
    ])
    const checkout = t.app.health.serviceDetail(overview[0]!.id)
    expect(checkout.checks.find((c) => c.name === 'health')).toMatchObject({ intervalS: 30, retries: 2, kind: 'http' })
    const exported = t.app.health.exportYaml()
    const again = tempApp()
    try {
      again.app.health.importYaml(exported, 'merge', false)
      expect(again.app.health.exportYaml()).toBe(exported)
    } finally {
      void again.cleanup()
    }
    expect(t.app.health.importYaml(exported, 'merge', false)).toMatchObject({ created: 0, updated: 2 })
  })

  it('names the line of a syntax error and of a bad field', () => {
    t = tempApp()
    const syntax = errorOf(() => t.app.health.importYaml('services:\n  - name: a\n    checks: [\n', 'merge', false))
    expect(syntax.code).toBe('VALIDATION')
    expect(syntax.field).toBe('yaml')
    expect(syntax.message).toMatch(/line \d+/)
    const badUrl = GOOD.replace('http://127.0.0.1:9/api/health', 'ftp://nope')
    const err = errorOf(() => t.app.health.importYaml(badUrl, 'merge', false))
    expect(err.message).toMatch(/line 9: services\[0\]\.checks\[0\]\.url: .*http\(s\) URL/)
    const unknown = errorOf(() => t.app.health.importYaml(GOOD.replace('retries: 2', 'retires: 2'), 'merge', false))
    expect(unknown.message).toMatch(/line 11: services\[0\]\.checks\[0\]\.retires: unknown field/)
    const interval = errorOf(() => t.app.health.importYaml(GOOD.replace('interval: 30s', 'interval: 2'), 'merge', false))
    expect(interval.message).toMatch(/line 10: services\[0\]\.checks\[0\]\.interval: must be at least 5 seconds/)
  })

  it('is all or nothing: one bad service writes nothing', () => {
    t = tempApp()
    const broken = GOOD.replace('hostname: search.internal', 'hostname: ""')
    expect(() => t.app.health.importYaml(broken, 'merge', false)).toThrow(/line 23: services\[1\]\.checks\[0\]\.hostname: required$/)
    expect(t.app.health.overview()).toEqual([])
    const dup = GOOD.replace('name: search\n    environment: staging', 'name: checkout\n    environment: production')
    expect(() => t.app.health.importYaml(dup, 'merge', false)).toThrow(/appears twice/)
    expect(t.app.health.overview()).toEqual([])
  })

  it('dry runs report without writing; replace removes what the file does not name', () => {
    t = tempApp()
    expect(t.app.health.importYaml(GOOD, 'merge', true)).toMatchObject({ created: 2, dryRun: true })
    expect(t.app.health.overview()).toEqual([])
    t.app.health.importYaml(GOOD, 'merge', false)
    const onlyCheckout = GOOD.slice(0, GOOD.indexOf('  - name: search'))
    expect(t.app.health.importYaml(onlyCheckout, 'replace', false)).toMatchObject({ removed: 1 })
    expect(t.app.health.overview().map((s) => s.name)).toEqual(['checkout'])
  })

  it('rejects a document without a services list', () => {
    t = tempApp()
    expect(() => t.app.health.importYaml('hello: world', 'merge', false)).toThrow(/top-level "services:" list/)
  })
})
