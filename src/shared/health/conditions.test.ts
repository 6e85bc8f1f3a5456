import { describe, expect, it } from 'vitest'
import { evaluateConditions, parseConditions, type ConditionContext } from './conditions'
import { formatBytes, formatDuration, parseDuration } from './format'

const HOUR = 3_600_000
const NOW = Date.UTC(2030, 0, 1)
const body = {
  services: { db: { status: 'pass' }, cache: { status: 'warn' } },
  items: [{ id: 'a' }, { id: 'b' }],
  version: '2.1.0',
  count: 7
}
const ctx: ConditionContext = {
  statusCode: 200,
  responseTimeMs: 120.4,
  bodyText: JSON.stringify(body),
  json: { ok: true, value: body },
  certExpiresAt: NOW + 100 * HOUR,
  connected: true,
  now: NOW
}

const run = (conditions: string[], c: ConditionContext = ctx) => evaluateConditions(parseConditions(conditions), c)
const oks = (conditions: string[], c?: ConditionContext) => run(conditions, c).map((r) => r.ok)

describe('condition parsing', () => {
  it.each([
    ['[FOO] == 1', 'condition 1: unknown placeholder [FOO]'],
    ['[STATUS] 200', 'condition 1: missing operator'],
    ['[STATUS] ==', "condition 1: missing value after '=='"],
    ['== 200', "condition 1: missing placeholder before '=='"],
    ['status == 200', 'condition 1: left side must be a placeholder'],
    ['[STATUS] < pass', "condition 1: '<' needs a number or duration"],
    ['size([BODY]) == 1', 'condition 1: unknown function size()'],
    ['[STATUS].x == 1', 'condition 1: only [BODY] takes a path'],
    ['[BODY].a..b == 1', 'condition 1: cannot read path']
  ])('%s → %s', (text, message) => {
    expect(() => parseConditions([text])).toThrow(message)
  })

  it('numbers the failing condition', () => {
    expect(() => parseConditions(['[STATUS] == 200', '[FOO] == 1'])).toThrow('condition 2: unknown placeholder [FOO]')
  })
})

describe('condition evaluation', () => {
  it('compares status and response time', () => {
    expect(oks(['[STATUS] == 200', '[STATUS] != 200', '[STATUS] < 300', '[STATUS] >= 201'])).toEqual([true, false, true, false])
    expect(oks(['[RESPONSE_TIME] < 500', '[RESPONSE_TIME] < 1s', '[RESPONSE_TIME] > 100ms', '[RESPONSE_TIME] > 200'])).toEqual([
      true,
      true,
      true,
      false
    ])
  })

  it('walks JSON paths and reports actual values', () => {
    const results = run([
      '[BODY].services.db.status == pass',
      '[BODY].services.cache.status == pass',
      '[BODY].items[1].id == "b"',
      '[BODY].count > 5'
    ])
    expect(results.map((r) => r.ok)).toEqual([true, false, true, true])
    expect(results[1]).toEqual({ condition: '[BODY].services.cache.status == pass', ok: false, actual: 'warn' })
  })

  it('reports missing paths and non-JSON bodies', () => {
    expect(run(['[BODY].nope.deeper == 1'])[0]).toEqual({ condition: '[BODY].nope.deeper == 1', ok: false, actual: '(missing)' })
    const text = { ...ctx, bodyText: 'hello', json: { ok: false as const, error: 'bad' } }
    expect(run(['[BODY].a == 1', '[BODY] == hello'], text).map((r) => [r.ok, r.actual])).toEqual([
      [false, '(body is not valid JSON)'],
      [true, 'hello']
    ])
  })

  it('supports len() and has()', () => {
    expect(
      oks([
        'len([BODY].items) == 2',
        'len([BODY].items) > 2',
        'has([BODY].services.db) == true',
        'has([BODY].missing) == false',
        'len([BODY].version) == 5'
      ])
    ).toEqual([true, false, true, true, true])
  })

  it('compares certificate expiry against durations', () => {
    expect(
      oks([
        '[CERTIFICATE_EXPIRATION] > 72h',
        '[CERTIFICATE_EXPIRATION] > 4d',
        '[CERTIFICATE_EXPIRATION] > 99h30m',
        '[CERTIFICATE_EXPIRATION] < 30d'
      ])
    ).toEqual([true, true, true, true])
    expect(oks(['[CERTIFICATE_EXPIRATION] > 5d'])).toEqual([false])
    expect(run(['[CERTIFICATE_EXPIRATION] > 72h'], { ...ctx, certExpiresAt: undefined })[0]?.actual).toBe('(no certificate)')
  })

  it('supports pat(), any(), quoted strings and [CONNECTED]', () => {
    expect(oks(['[BODY] == pat(*"db"*)', '[BODY] == pat(*nothing*)', '[BODY].version == pat(2.*)', '[BODY].version != pat(3.*)'])).toEqual([
      true,
      false,
      true,
      true
    ])
    expect(oks(['[STATUS] == any(200, 204)', '[STATUS] == any(404, 500)', '[BODY].services.db.status == any(pass, warn)'])).toEqual([
      true,
      false,
      true
    ])
    expect(oks(["[BODY].version == '2.1.0'", '[CONNECTED] == true', '[CONNECTED] == false'])).toEqual([true, true, false])
  })
})

describe('formatters', () => {
  it('parses and formats durations and sizes', () => {
    expect(parseDuration('48h30m')).toBe(48.5 * HOUR)
    expect(parseDuration('30d')).toBe(720 * HOUR)
    expect(parseDuration('250ms')).toBe(250)
    expect(parseDuration('pass')).toBeUndefined()
    expect(formatDuration(26 * HOUR + 3 * 60_000 + 4000)).toBe('1d 2h 3m 4s')
    expect(formatBytes(1024 * 1024)).toBe('1 MiB')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(10)).toBe('10 bytes')
  })
})
