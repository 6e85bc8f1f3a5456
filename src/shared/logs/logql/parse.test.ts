import { describe, expect, it } from 'vitest'
import { parseDurationMs } from './durations'
import { looksLikeLogQL, parseLogQL } from './parse'
import { compilePipeline, extractJson, logfmtPairs } from './pipeline'
import { printLogQL } from './print'

describe('LogQL parser', () => {
  it('reads selectors, line filters, parsers and label filters', () => {
    const q = parseLogQL(
      '{service="api", level=~"err|warn", host!="h1", env!~`stag.*`} |= "time\\"out" != "retry" |~ "(?i)db" !~ `x+` | json | status >= 500 and duration > 1.5s or (method="POST", user_id != 3)'
    )
    expect(q).toMatchObject({
      type: 'log',
      matchers: [
        { label: 'service', op: '=', value: 'api' },
        { label: 'level', op: '=~', value: 'err|warn' },
        { label: 'host', op: '!=', value: 'h1' },
        { label: 'env', op: '!~', value: 'stag.*' }
      ],
      stages: [
        { kind: 'line', op: '|=', value: 'time"out' },
        { kind: 'line', op: '!=', value: 'retry' },
        { kind: 'line', op: '|~', value: '(?i)db' },
        { kind: 'line', op: '!~', value: 'x+' },
        { kind: 'parser', parser: 'json' },
        { kind: 'label', filter: { kind: 'or' } }
      ]
    })
  })

  it('reads metric queries: count_over_time, rate, sum by / without in either position', () => {
    expect(parseLogQL('count_over_time({a="b"}[5m])')).toMatchObject({ type: 'range', fn: 'count_over_time', rangeMs: 300_000 })
    expect(parseLogQL('rate({a="b"} |= "x" [1h30m])')).toMatchObject({ type: 'range', fn: 'rate', rangeMs: 5_400_000 })
    expect(parseLogQL('sum by (level, service) (count_over_time({a="b"}[1m]))')).toMatchObject({
      type: 'sum',
      grouping: { mode: 'by', labels: ['level', 'service'] }
    })
    expect(parseLogQL('sum(rate({a="b"}[1m])) without (host)')).toMatchObject({
      type: 'sum',
      grouping: { mode: 'without', labels: ['host'] }
    })
    expect(parseLogQL('sum(count_over_time({a="b"}[1m]))')).toMatchObject({ type: 'sum', grouping: null })
  })

  it('says what is wrong and where', () => {
    const err = (q: string): string => {
      try {
        parseLogQL(q)
      } catch (e) {
        return (e as Error).message
      }
      return 'parsed'
    }
    expect(err('{service=}')).toBe('query: expected the value of service in quotes, found "}" (at character 10)')
    expect(err('{}')).toMatch(/at least one label matcher/)
    expect(err('{a=""}')).toMatch(/does not match the empty value/)
    expect(err('{a=~".*"}')).toMatch(/does not match the empty value/)
    expect(err('{a="b"} |~ "(unclosed"')).toMatch(/invalid regular expression/)
    expect(err('count_over_time({a="b"})')).toMatch(/expected a range such as \[5m\]/)
    expect(err('avg(count_over_time({a="b"}[1m]))')).toMatch(/unknown function avg/)
    expect(err('{a="b"} | status > "x"')).toMatch(/compares numbers or durations/)
    expect(err('{a="b" ')).toMatch(/expected "," or "}"/)
    expect(err('{a="b} ')).toMatch(/not closed/)
    expect(err('')).toMatch(/empty/)
  })

  it('prints a query back as LogQL that parses to the same tree', () => {
    for (const src of [
      '{service="api", level=~"err|warn"} |= "a\\"b" | logfmt | status >= 500 and duration > 2s',
      'sum by (level) (count_over_time({a="b"} | json | x="y" [5m]))',
      'sum without (host) (rate({a!="b", c="d"} !~ "c" [90s]))'
    ]) {
      const q = parseLogQL(src)
      expect(parseLogQL(printLogQL(q))).toEqual(q)
    }
  })

  it('tells LogQL from plain words', () => {
    expect(looksLikeLogQL('{a="b"}')).toBe(true)
    expect(looksLikeLogQL(' sum by (x) (rate({a="b"}[1m]))')).toBe(true)
    expect(looksLikeLogQL('rate limit exceeded')).toBe(false)
    expect(looksLikeLogQL('connection refused')).toBe(false)
  })
})

describe('durations', () => {
  it('reads Go durations and ranges', () => {
    expect(parseDurationMs('1.5s')).toBe(1500)
    expect(parseDurationMs('1h2m3s4ms')).toBe(3_723_004)
    expect(parseDurationMs('250us')).toBe(0.25)
    expect(parseDurationMs('-2s')).toBe(-2000)
    expect(parseDurationMs('0')).toBe(0)
    expect(parseDurationMs('2d')).toBeNull() // not a Go duration
    expect(parseDurationMs('2d', 'range')).toBe(172_800_000)
    expect(parseDurationMs('12')).toBeNull()
    expect(parseDurationMs('5 m')).toBeNull()
  })
})

describe('pipeline', () => {
  it('extracts JSON fields Loki’s way: nested joined with _, arrays skipped, clashing names _extracted, names sanitised', () => {
    const out: Record<string, string> = {}
    extractJson(
      '{"level":"warn","req":{"method":"GET","headers":{"x-id":"7"}},"tags":["a"],"ok":true,"n":1.5,"nil":null}',
      { level: 'info' },
      out
    )
    expect(out).toEqual({ level_extracted: 'warn', req_method: 'GET', req_headers_x_id: '7', ok: 'true', n: '1.5' })
    const bad: Record<string, string> = {}
    extractJson('not json', {}, bad)
    expect(bad).toEqual({ __error__: 'JSONParserErr' })
  })

  it('reads logfmt with quotes, escapes and bare keys', () => {
    expect(logfmtPairs('a=1 b="two words" c="q\\"uote" flag d=')).toEqual([
      ['a', '1'],
      ['b', 'two words'],
      ['c', 'q"uote'],
      ['flag', ''],
      ['d', '']
    ])
    expect(logfmtPairs('a="unterminated')).toBeNull()
  })

  it('drops lines whose numbers or durations are missing or unreadable', () => {
    const p = compilePipeline(parseLogQL('{a="b"} | logfmt | latency > 100ms') as never)
    expect(p('latency=250ms', { a: 'b' })).not.toBeNull()
    expect(p('latency=50ms', { a: 'b' })).toBeNull()
    expect(p('latency=fast', { a: 'b' })).toBeNull()
    expect(p('other=1', { a: 'b' })).toBeNull()
    const n = compilePipeline(parseLogQL('{a="b"} | json | status != 200') as never)
    expect(n('{"status":"n/a"}', {})).toBeNull()
    expect(n('{"status":500}', {})).not.toBeNull()
  })
})
