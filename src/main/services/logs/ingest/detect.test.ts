import { describe, expect, it } from 'vitest'
import { detect } from './detect'
import { globFiles, segmentRegex } from './glob'
import { LineJoiner } from './multiline'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const NOW = Date.UTC(2026, 5, 15, 12)

describe('format detection', () => {
  it('reads JSON lines by common field names', () => {
    expect(detect('{"ts":"2026-01-05T10:00:00.250Z","level":"WARNING","msg":"disk 91% full","host":"db-1"}', NOW)).toMatchObject({
      format: 'json',
      ts: Date.UTC(2026, 0, 5, 10, 0, 0, 250),
      level: 'warn',
      message: 'disk 91% full',
      host: 'db-1'
    })
    expect(detect('{"time":1736071200123,"level":50,"msg":"pino error"}', NOW)).toMatchObject({ ts: 1736071200123, level: 'error' })
    expect(detect('{"@timestamp":"2026-01-05T10:00:00+02:00","log":{"level":"debug"},"message":"ecs"}', NOW)).toMatchObject({
      ts: Date.UTC(2026, 0, 5, 8),
      level: 'debug',
      message: 'ecs'
    })
    expect(detect('{"timestamp":1736071200,"severity":"CRITICAL","event":"secs"}', NOW)).toMatchObject({
      ts: 1736071200000,
      level: 'fatal'
    })
    expect(detect('{"t":"1736071200123456789","lvl":"trace","text":"ns"}', NOW)).toMatchObject({ ts: 1736071200123, level: 'trace' })
  })

  it('reads logfmt', () => {
    expect(detect('time=2026-01-05T10:00:00Z level=error msg="payment failed" status=502', NOW)).toMatchObject({
      format: 'logfmt',
      ts: Date.UTC(2026, 0, 5, 10),
      level: 'error',
      message: 'payment failed',
      fields: { status: '502' }
    })
  })

  it('reads syslog RFC 5424 with structured data', () => {
    const d = detect(
      '<165>1 2026-01-05T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] An application event',
      NOW
    )
    expect(d).toMatchObject({
      format: 'syslog5424',
      ts: Date.UTC(2026, 0, 5, 22, 14, 15, 3),
      level: 'info', // 165 % 8 = 5 (notice)
      host: 'mymachine.example.com',
      message: 'An application event',
      fields: { app: 'evntslog', msgid: 'ID47', iut: '3', eventSource: 'Application' }
    })
    expect(detect('<11>1 - - - - - -', NOW)).toMatchObject({ format: 'syslog5424', ts: null, level: 'error', message: '' })
  })

  it('reads syslog RFC 3164, with or without the priority, dating it this year', () => {
    expect(detect("<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8", NOW)).toMatchObject({
      format: 'syslog3164',
      ts: Date.UTC(2025, 9, 11, 22, 14, 15), // October is after June 15: last year
      level: 'fatal', // 34 % 8 = 2 (crit)
      host: 'mymachine',
      fields: { app: 'su', procid: '230' },
      message: "'su root' failed for lonvick on /dev/pts/8"
    })
    expect(detect('Jun  3 08:00:01 web-2 CRON[991]: (root) CMD (run-parts /etc/cron.hourly)', NOW)).toMatchObject({
      format: 'syslog3164',
      ts: Date.UTC(2026, 5, 3, 8, 0, 1),
      host: 'web-2'
    })
  })

  it('reads plain text with a leading timestamp and a level word', () => {
    expect(detect('2026-01-05 10:00:00,123 ERROR [main] c.s.Checkout - payment failed', NOW)).toMatchObject({
      format: 'text',
      ts: Date.UTC(2026, 0, 5, 10, 0, 0, 123),
      level: 'error',
      message: 'ERROR [main] c.s.Checkout - payment failed'
    })
    expect(detect('2026/01/05 10:00:00 [warn] 123#0: *4 upstream timed out', NOW)).toMatchObject({
      ts: Date.UTC(2026, 0, 5, 10),
      level: 'warn'
    })
    expect(detect('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326', NOW)).toMatchObject({
      ts: Date.UTC(2000, 9, 10, 20, 55, 36),
      level: null
    })
    expect(detect('just words, no error here', NOW)).toMatchObject({ format: 'text', ts: null, level: null })
  })
})

describe('multi-line entries', () => {
  const join = (text: string): string[] => {
    const out: string[] = []
    const j = new LineJoiner((e) => out.push(e.text))
    let off = 0
    for (const l of text.split('\n')) j.push(l, (off += l.length + 1))
    j.flush()
    return out
  }

  it('keeps Java, Python, JavaScript and Go traces with their log line', () => {
    const java = [
      '2026-01-05 10:00:00.001 ERROR Payment failed',
      'java.lang.IllegalStateException: declined',
      '\tat com.shop.Pay.charge(Pay.java:10)',
      'Caused by: java.io.IOException: reset',
      '\t... 3 more',
      '2026-01-05 10:00:01.000 INFO next'
    ].join('\n')
    expect(join(java)).toHaveLength(2)
    const python = [
      '2026-01-05 10:00:00,001 ERROR failed',
      'Traceback (most recent call last):',
      '  File "a.py", line 1, in <module>',
      'ZeroDivisionError: division by zero',
      '2026-01-05 10:00:02,000 INFO ok'
    ].join('\n')
    expect(join(python)[0]!.split('\n')).toHaveLength(4)
    const js = ['TypeError: x is undefined', '    at f (/a.js:1:2)', '    at g (/b.js:3:4)', 'Server listening'].join('\n')
    expect(join(js)).toEqual(['TypeError: x is undefined\n    at f (/a.js:1:2)\n    at g (/b.js:3:4)', 'Server listening'])
    const go = ['panic: runtime error: index out of range', '', 'goroutine 1 [running]:', 'main.main()', '\t/app/main.go:12 +0x1d'].join(
      '\n'
    )
    expect(join(go)).toHaveLength(1)
  })

  it('leaves JSON and logfmt lines one per entry, and unstamped lines alone in unstamped files', () => {
    expect(join('{"a":1}\n{"a":2}\nlevel=info msg=x\nlevel=info msg=y')).toHaveLength(4)
    expect(join('first\nsecond\nthird')).toHaveLength(3)
  })
})

describe('glob patterns', () => {
  it('matches *, ?, [..], {..} and **', () => {
    expect(segmentRegex('app-*.log').test('app-1.log')).toBe(true)
    expect(segmentRegex('app-?.{log,txt}').test('app-2.txt')).toBe(true)
    expect(segmentRegex('[!a]*.log').test('a.log')).toBe(false)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-glob-'))
    for (const f of ['a.log', 'b.txt', 'x/c.log', 'x/y/d.log', 'x/y/e.gz']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true })
      fs.writeFileSync(path.join(dir, f), '')
    }
    expect(globFiles(path.join(dir, '**', '*.log')).map((f) => path.relative(dir, f))).toEqual(['a.log', 'x/c.log', 'x/y/d.log'])
    expect(globFiles(path.join(dir, '*', '*.log')).map((f) => path.relative(dir, f))).toEqual(['x/c.log'])
    expect(globFiles(path.join(dir, 'a.log'))).toEqual([path.join(dir, 'a.log')])
    expect(globFiles(path.join(dir, 'missing', '*.log'))).toEqual([])
    fs.rmSync(dir, { recursive: true, force: true })
  })
})
