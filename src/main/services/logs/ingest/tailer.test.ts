/**
 * Tailing real files: rotation by rename (to a name the patterns match, and to one they do not), copytruncate,
 * truncation, start at the end or the beginning, files that appear later, stack traces split across writes, and a
 * writer killed with SIGKILL mid-file that a new one resumes without losing or repeating a line.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { logsHarness, type LogsHarness } from '../__fixtures__/harness'
import { LogIngest } from '../store/ingest'
import type { SourceSpec } from './source'

let h: LogsHarness
afterEach(() => h?.close())

const lines = (from: number, to: number, tag = 'line'): string =>
  Array.from({ length: to - from }, (_, i) => `${tag} ${String(from + i).padStart(6, '0')}`).join('\n') + '\n'

function setup(spec: Partial<SourceSpec> & { paths: string[] }): { src: SourceSpec; poll: () => void; stored: () => string[] } {
  const src = h.addSource({ name: 'files', kind: 'file', ...spec })
  h.ingest.configure([src])
  return {
    src,
    // a read, then a second one a second later that emits the entry still open (nothing followed it)
    poll: () => {
      h.ingest.pollTailers()
      h.clock.now += 1000
      h.ingest.pollTailers()
      h.ingest.writer.flushAll()
    },
    stored: () => (h.db.prepare('SELECT line FROM logs_lines ORDER BY id').all() as { line: string }[]).map((r) => r.line)
  }
}

const numbered = (from: number, to: number, tag = 'line'): string[] => lines(from, to, tag).trimEnd().split('\n')

describe('file tailing', () => {
  it('follows a rename rotation to a matched name: the old file is finished, the new one read from its start', () => {
    h = logsHarness()
    const f = path.join(h.dir, 'app.log')
    fs.writeFileSync(f, lines(0, 10))
    const t = setup({ paths: [path.join(h.dir, 'app.log*')], startAt: 'beginning' })
    t.poll()
    fs.appendFileSync(f, lines(10, 15)) // written before the rename, not read yet
    fs.renameSync(f, `${f}.1`)
    fs.appendFileSync(`${f}.1`, lines(15, 17)) // a late write through the old descriptor
    fs.writeFileSync(f, lines(17, 25))
    t.poll()
    t.poll()
    expect(t.stored()).toEqual(numbered(0, 25))
  })

  it('finishes a file renamed to a name the pattern does not match', () => {
    h = logsHarness()
    const f = path.join(h.dir, 'app.log')
    fs.writeFileSync(f, lines(0, 5))
    const t = setup({ paths: [path.join(h.dir, '*.log')], startAt: 'beginning' })
    t.poll()
    fs.appendFileSync(f, lines(5, 9))
    fs.renameSync(f, path.join(h.dir, 'app.log.2026-01-05'))
    fs.writeFileSync(f, lines(9, 12))
    t.poll()
    expect(t.stored()).toEqual(numbered(0, 12))
  })

  it('copytruncate: the copy (matched by the pattern) is read from where the original was, the original from 0', () => {
    h = logsHarness()
    const f = path.join(h.dir, 'app.log')
    fs.writeFileSync(f, lines(0, 20))
    const t = setup({ paths: [path.join(h.dir, 'app.log*')], startAt: 'beginning' })
    t.poll()
    fs.appendFileSync(f, lines(20, 24)) // not read before the copy
    fs.copyFileSync(f, `${f}.1`)
    fs.truncateSync(f, 0)
    fs.appendFileSync(f, lines(24, 27))
    t.poll()
    expect([...t.stored()].sort()).toEqual(numbered(0, 27))
    expect(new Set(t.stored()).size).toBe(27)
  })

  it('reads a file truncated in place again from its start', () => {
    h = logsHarness()
    const f = path.join(h.dir, 'app.log')
    fs.writeFileSync(f, lines(0, 30))
    const t = setup({ paths: [f], startAt: 'beginning' })
    t.poll()
    fs.truncateSync(f, 0)
    fs.appendFileSync(f, lines(100, 103))
    t.poll()
    expect(t.stored()).toEqual([...numbered(0, 30), ...numbered(100, 103)])
  })

  it('starts at the end of files that exist, reads files that appear later from their start, and keeps that after a restart', () => {
    h = logsHarness()
    const a = path.join(h.dir, 'a.log')
    fs.writeFileSync(a, lines(0, 50, 'old'))
    const t = setup({ paths: [path.join(h.dir, '*.log')], startAt: 'end' })
    t.poll()
    expect(t.stored()).toEqual([])
    fs.appendFileSync(a, lines(0, 2, 'new'))
    fs.writeFileSync(path.join(h.dir, 'b.log'), lines(0, 3, 'b'))
    t.poll()
    expect([...t.stored()].sort()).toEqual([...numbered(0, 3, 'b'), ...numbered(0, 2, 'new')])
    // a new writer on the same workspace (a restart) neither re-reads the skipped start nor the lines already stored
    h.ingest.close()
    const again = new LogIngest(
      { file: h.file, pollMs: 3_600_000 },
      () => h.clock.now,
      () => {}
    )
    again.configure([t.src])
    fs.appendFileSync(a, lines(2, 4, 'new'))
    again.pollTailers()
    h.clock.now += 1000
    again.pollTailers()
    again.writer.flushAll()
    again.close()
    h.ingest = new LogIngest(
      { file: h.file, pollMs: 3_600_000 },
      () => h.clock.now,
      () => {}
    ) // for the harness's close
    expect([...t.stored()].sort()).toEqual([...numbered(0, 3, 'b'), ...numbered(0, 4, 'new')])
  })

  it('keeps a stack trace that arrives in two writes as one entry, and emits it after a quiet moment', () => {
    h = logsHarness()
    const f = path.join(h.dir, 'svc.log')
    fs.writeFileSync(
      f,
      '2026-01-05 12:00:00,001 ERROR boom while charging\njava.lang.IllegalStateException: card declined\n\tat com.shop.Pay.charge(Pay.java:10)\n'
    )
    const t = setup({ paths: [f], startAt: 'beginning' })
    h.ingest.pollTailers()
    h.ingest.writer.flushAll()
    expect(t.stored()).toEqual([])
    fs.appendFileSync(f, '\tat com.shop.Api.post(Api.java:44)\n\t... 12 more\n')
    h.ingest.pollTailers()
    h.ingest.writer.flushAll()
    expect(t.stored()).toEqual([])
    t.poll()
    expect(t.stored()).toEqual([
      '2026-01-05 12:00:00,001 ERROR boom while charging\njava.lang.IllegalStateException: card declined\n\tat com.shop.Pay.charge(Pay.java:10)\n\tat com.shop.Api.post(Api.java:44)\n\t... 12 more'
    ])
    const row = h.db.prepare('SELECT ts FROM logs_lines').get() as { ts: number }
    expect(row.ts).toBe(Date.UTC(2026, 0, 5, 12, 0, 0, 1))
  })

  it('a writer killed mid-file loses and repeats nothing when a new one resumes', async () => {
    h = logsHarness()
    const f = path.join(h.dir, 'big.log')
    const N = 60_000
    fs.writeFileSync(f, lines(0, N))
    const src = h.addSource({ name: 'files', kind: 'file', paths: [f], startAt: 'beginning' })
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, '../__fixtures__/tailChild.ts'), h.file, String(src.id), f],
      {
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    // kill it once some batches are committed, but before all of them
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the child never committed: ${stderr}`)), 30_000)
      let seen = 0
      child.stdout.on('data', (d: Buffer) => {
        seen += (String(d).match(/committed/g) ?? []).length
        if (seen >= 3) {
          clearTimeout(timer)
          child.kill('SIGKILL')
          resolve()
        }
      })
    })
    await new Promise((r) => child.once('exit', r))
    const before = (h.db.prepare('SELECT COUNT(*) AS n FROM logs_lines').get() as { n: number }).n
    expect(before).toBeGreaterThan(0)
    expect(before).toBeLessThan(N)
    fs.appendFileSync(f, lines(N, N + 500))
    h.ingest.configure([src])
    for (let i = 0; i < 40; i++) {
      h.ingest.pollTailers()
      h.ingest.writer.flushAll()
      h.clock.now += 1000
    }
    const stored = (h.db.prepare('SELECT line FROM logs_lines ORDER BY id').all() as { line: string }[]).map((r) => r.line)
    expect(stored.length).toBe(N + 500)
    expect(stored).toEqual(numbered(0, N + 500))
  }, 60_000)
})
