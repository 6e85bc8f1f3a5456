import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { healthCheckStatus, normalizeHealthStatus, parseHealthReport, type HealthReport } from './healthJson'
import type { CheckStatus, HealthComponent } from '../../../../shared/health/types'
import { sharedData } from '../../../../../tests/helpers/data'

// CI clones the repo with shared/ as a sibling folder: <repo>/../shared/data.
const dataDir = sharedData('health')
const load = (file: string): HealthReport | undefined => parseHealthReport(JSON.parse(readFileSync(path.join(dataDir, file), 'utf8')))
const byKey = (report: HealthReport | undefined, key: string): HealthComponent | undefined => report?.components.find((c) => c.key === key)

interface Expectation {
  format: HealthReport['format']
  status: HealthReport['status']
  outcome: CheckStatus
  keys: string[]
  check(report: HealthReport): void
}

const DRAFT_KEYS = [
  'cassandra:responseTime',
  'cassandra:connections',
  'uptime',
  'cpu:utilization[0]',
  'cpu:utilization[1]',
  'memory:utilization[0]',
  'memory:utilization[1]'
]
const SBA_KEYS = ['sub-1', 'sub-1/sub-1-1', 'sub-1/sub-1-2', 'sub-2']

function checkDraft(report: HealthReport, withEndpoints: boolean): void {
  expect(byKey(report, 'cassandra:responseTime')).toEqual({
    key: 'cassandra:responseTime',
    name: 'cassandra',
    measurement: 'responseTime',
    componentId: 'dfd6cf2b-1b6e-4412-a0b8-f6f7797a60d2',
    componentType: 'datastore',
    status: 'pass',
    observedValue: 250,
    observedUnit: 'ms',
    time: '2018-01-17T03:36:48Z',
    ...(withEndpoints && { affectedEndpoints: ['/users/{userId}', '/customers/{customerId}/status', '/shopping/{anything}'] })
  })
  expect(byKey(report, 'cassandra:connections')).toMatchObject({ status: 'warn', observedValue: 75, componentType: 'datastore' })
  expect(byKey(report, 'uptime')).toMatchObject({ name: 'uptime', componentType: 'system', observedValue: 1209600.245, observedUnit: 's' })
  expect(byKey(report, 'uptime')?.measurement).toBeUndefined()
  expect(byKey(report, 'cpu:utilization[1]')).toMatchObject({
    name: 'cpu',
    measurement: 'utilization',
    status: 'warn',
    observedValue: 85,
    observedUnit: 'percent'
  })
  expect(byKey(report, 'memory:utilization[0]')).toMatchObject({ status: 'warn', observedValue: 8.5, observedUnit: 'GiB' })
  expect(byKey(report, 'memory:utilization[1]')).toMatchObject({ status: 'pass', observedValue: 5500, observedUnit: 'MiB' })
}

function checkSba(report: HealthReport): void {
  expect(report.components.map((c) => [c.key, c.status])).toEqual([
    ['sub-1', 'fail'],
    ['sub-1/sub-1-1', 'pass'],
    ['sub-1/sub-1-2', 'fail'],
    ['sub-2', 'pass']
  ])
  expect(byKey(report, 'sub-1')?.details).toEqual({ 'info-1': false })
  expect(byKey(report, 'sub-1/sub-1-2')).toMatchObject({ name: 'sub-1-2', details: { 'info-1-2': 'World' } })
  expect(byKey(report, 'sub-2')?.details).toEqual({ 'info-2': 1 })
}

const expectations: Record<string, Expectation> = {
  'health-json/draft-inadarei-api-health-check-00-01-example.json': {
    format: 'health+json',
    status: 'pass',
    outcome: 'DEGRADED',
    keys: DRAFT_KEYS,
    check: (r) => checkDraft(r, false)
  },
  'health-json/draft-inadarei-api-health-check-02-example.json': {
    format: 'health+json',
    status: 'pass',
    outcome: 'DEGRADED',
    keys: DRAFT_KEYS,
    check: (r) => checkDraft(r, false)
  },
  'health-json/draft-inadarei-api-health-check-03-example.json': {
    format: 'health+json',
    status: 'pass',
    outcome: 'DEGRADED',
    keys: DRAFT_KEYS,
    check: (r) => checkDraft(r, true)
  },
  'health-json/draft-inadarei-api-health-check-04-to-06-example.json': {
    format: 'health+json',
    status: 'pass',
    outcome: 'DEGRADED',
    keys: DRAFT_KEYS,
    check: (r) => checkDraft(r, true)
  },
  'spring-boot-actuator/sba-health-expected.json': {
    format: 'spring-boot',
    status: 'fail',
    outcome: 'DOWN',
    keys: SBA_KEYS,
    check: checkSba
  },
  'spring-boot-actuator/sba-health-legacy.json': {
    format: 'spring-boot',
    status: 'fail',
    outcome: 'DOWN',
    keys: SBA_KEYS,
    check: checkSba
  },
  'spring-boot-actuator/eihag-health-up.json': {
    format: 'spring-boot',
    status: 'pass',
    outcome: 'UP',
    keys: ['sampleHealthChecker', 'diskSpace'],
    check: (r) => {
      expect(byKey(r, 'sampleHealthChecker')?.details).toEqual({ key: 'value', otherKey: 'value2' })
      expect(byKey(r, 'diskSpace')).toMatchObject({ status: 'pass', details: { free: 119051042816, threshold: 10485760 } })
    }
  },
  'spring-boot-actuator/eihag-health-down.json': {
    format: 'spring-boot',
    status: 'fail',
    outcome: 'DOWN',
    keys: ['sampleHealthChecker', 'diskSpace'],
    check: (r) => {
      expect(byKey(r, 'sampleHealthChecker')).toMatchObject({ status: 'fail', output: 'java.lang.RuntimeException: asdfasdf 2' })
      expect(byKey(r, 'diskSpace')).toMatchObject({ status: 'pass', details: { free: 119058001920 } })
    }
  }
}

describe('health reports from shared/data/health', () => {
  const files = readdirSync(dataDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.split(path.sep).join('/'))
    .sort()

  it('has an expectation for every data file', () => {
    expect(files.length).toBeGreaterThan(0)
    expect(files).toEqual(Object.keys(expectations).sort())
  })

  it.each(files)('%s', (file) => {
    const want = expectations[file]!
    const report = load(file)
    expect(report).toBeDefined()
    expect(report!.format).toBe(want.format)
    expect(report!.status).toBe(want.status)
    expect(report!.components.map((c) => c.key)).toEqual(want.keys)
    expect(healthCheckStatus(report!)).toBe(want.outcome)
    want.check(report!)
  })

  it('reads Boot 2.0 nested details and Boot 1.x flat legacy into the same components', () => {
    expect(load('spring-boot-actuator/sba-health-expected.json')?.components).toEqual(
      load('spring-boot-actuator/sba-health-legacy.json')?.components
    )
  })
})

describe('health status rules', () => {
  it('normalises aliases case-insensitively', () => {
    const pairs = ['pass', 'OK', 'Up', 'warn', 'WARN', 'fail', 'Error', 'DOWN', 'OUT_OF_SERVICE', 'UNKNOWN', 'bogus', 3].map((s) =>
      normalizeHealthStatus(s)
    )
    expect(pairs).toEqual(['pass', 'pass', 'pass', 'warn', 'warn', 'fail', 'fail', 'fail', 'fail', 'warn', undefined, undefined])
  })

  it('reads Spring Boot 2.2+ nested components', () => {
    const report = parseHealthReport({
      status: 'UP',
      components: {
        db: { status: 'UP', details: { database: 'H2', validationQuery: 'isValid()' } },
        broker: {
          status: 'UP',
          components: { primary: { status: 'UP' }, replica: { status: 'OUT_OF_SERVICE', details: { error: 'lagging' } } }
        }
      },
      groups: ['liveness', 'readiness']
    })
    expect(report?.components.map((c) => [c.key, c.status])).toEqual([
      ['db', 'pass'],
      ['broker', 'pass'],
      ['broker/primary', 'pass'],
      ['broker/replica', 'fail']
    ])
    expect(report?.components[0]?.details).toEqual({ database: 'H2', validationQuery: 'isValid()' })
    expect(report?.components[3]?.output).toBe('lagging')
    expect(healthCheckStatus(report!)).toBe('DEGRADED') // overall UP, one component failing
  })

  it('maps overall status to outcomes and ignores documents without a status', () => {
    expect(healthCheckStatus(parseHealthReport({ status: 'ok' })!)).toBe('UP')
    expect(healthCheckStatus(parseHealthReport({ status: 'warn' })!)).toBe('DEGRADED')
    expect(healthCheckStatus(parseHealthReport({ status: 'error' })!)).toBe('DOWN')
    expect(parseHealthReport({ data: [] })).toBeUndefined()
    expect(parseHealthReport({ status: 'processing' })).toBeUndefined()
    expect(parseHealthReport([1, 2])).toBeUndefined()
  })
})
