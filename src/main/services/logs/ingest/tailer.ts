/**
 * Tails the files of one source. Files are tracked by identity (device:inode), so a file renamed by rotation keeps
 * its offset and is read to its end, even when renamed to a name the patterns do not match; a file that shrinks was
 * truncated and is read again from the start; a file whose first bytes changed is a new file under an old inode.
 * Offsets reach the database only with the entries they cover (see LogWriter), so a restart resumes exactly.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Db } from '../../../db/open'
import type { Entry } from '../store/entry'
import { detect } from './detect'
import { globFiles } from './glob'
import { streamLabels, releaseOf } from '../labels'
import { LineJoiner, type JoinedEntry } from './multiline'
import type { SourceSpec } from './source'

const HEAD_BYTES = 128
const READ_MAX = 4 * 1024 * 1024
/** An open multi-line entry is emitted after this long without more lines. */
const FLUSH_MS = 400
/** A row with this key records that the first scan of a source was done (later files are new: read from the start). */
export const FIRST_SCAN_KEY = '*'

interface Tracked {
  key: string
  path: string
  offset: number
  head: string
  joiner: Joiner
  lastData: number
  pending: JoinedEntry[]
  /** Where reading began when the source's first scan skipped to the end. */
  skippedTo: number
}

interface Joiner {
  push(line: string, endOffset: number): void
  flush(): void
  readonly hasOpen: boolean
}

interface Stat {
  path: string
  key: string
  size: number
  ino: number
}

const keyOf = (st: fs.Stats): string => `${st.dev}:${st.ino}`

function headOf(file: string, size: number): string {
  if (size < HEAD_BYTES) return ''
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(HEAD_BYTES)
    fs.readSync(fd, buf, 0, HEAD_BYTES, 0)
    return crypto.createHash('sha1').update(buf).digest('hex')
  } finally {
    fs.closeSync(fd)
  }
}

export class FileTailer {
  private tracked = new Map<string, Tracked>()
  private stored = new Map<string, { path: string; offset: number; head: string }>()
  private firstScanDone: boolean
  private resumed = false
  private retired: { head: string; offset: number }[] = []
  private hostname = os.hostname()

  constructor(
    public spec: SourceSpec,
    private db: Db,
    private now: () => number,
    private emit: (entries: Entry[]) => void
  ) {
    const rows = db.prepare('SELECT file_key, path, offset, head FROM logs_files WHERE source_id = ?').all(spec.id) as {
      file_key: string
      path: string
      offset: number
      head: string
    }[]
    for (const r of rows) this.stored.set(r.file_key, { path: r.path, offset: r.offset, head: r.head })
    this.firstScanDone = this.stored.has(FIRST_SCAN_KEY)
  }

  /** One pass: find files, drain rotated ones, read new bytes. Returns how many entries it produced. */
  poll(): number {
    const found = this.scan()
    let produced = 0
    if (!this.resumed) {
      // files rotated away while the console was stopped: find them and read what is left
      this.resumed = true
      for (const [key, s] of this.stored) if (key !== FIRST_SCAN_KEY && !found.has(key)) this.newTracked(key, s.path, s.offset, s.head, 0)
    }
    // files that left the patterns or were deleted: finish them first, so lines keep their order
    for (const t of [...this.tracked.values()]) {
      if (found.has(t.key)) continue
      const moved = this.findMoved(t)
      if (moved) this.read(t, moved, true)
      else this.db.prepare('DELETE FROM logs_files WHERE source_id = ? AND file_key = ?').run(this.spec.id, t.key)
      t.joiner.flush()
      produced += this.release(t)
      this.tracked.delete(t.key)
    }
    const initial = !this.firstScanDone
    // copies first (copytruncate: the copy holds the older lines), then known files (a renamed file before the new
    // one under its old name), then new files
    const copies: Stat[] = []
    const known: Stat[] = []
    const fresh: Stat[] = []
    for (const st of found.values()) {
      if (this.tracked.has(st.key) || this.stored.has(st.key)) known.push(st)
      else if (!initial && this.copiedFrom(st) !== null) copies.push(st)
      else fresh.push(st)
    }
    for (const st of [...copies, ...known, ...fresh]) {
      let t = this.tracked.get(st.key)
      if (!t) t = this.track(st, initial)
      if (st.size < t.offset || (t.head && st.size >= HEAD_BYTES && headOf(st.path, st.size) !== t.head)) {
        // truncated in place (copytruncate), or another file under this inode: read again from the start
        t.joiner.flush()
        this.retire(t)
        t.offset = 0
        t.head = ''
      }
      const renamed = t.path !== st.path
      t.path = st.path
      const got = this.read(t, st.path, false)
      // a file just renamed by rotation gets no more lines: its last entry is complete
      if (renamed) t.joiner.flush()
      else if (got === 0 && t.joiner.hasOpen && this.now() - t.lastData >= FLUSH_MS) t.joiner.flush()
      produced += this.release(t)
    }
    if (initial) this.markFirstScan(found)
    return produced
  }

  /** Emits the open entries of every file (shutdown). */
  flushAll(): void {
    for (const t of this.tracked.values()) {
      t.joiner.flush()
      this.release(t)
    }
  }

  private scan(): Map<string, Stat> {
    const out = new Map<string, Stat>()
    for (const pattern of this.spec.paths) {
      for (const file of globFiles(pattern)) {
        try {
          const st = fs.statSync(file)
          if (st.isFile()) out.set(keyOf(st), { path: file, key: keyOf(st), size: st.size, ino: st.ino })
        } catch {
          // vanished between listing and stat
        }
      }
    }
    return out
  }

  private track(st: Stat, initial: boolean): Tracked {
    const stored = this.stored.get(st.key)
    let offset: number
    let head = ''
    if (stored) {
      offset = stored.offset
      head = stored.head
    } else if (initial) offset = this.spec.startAt === 'end' ? st.size : 0
    else offset = this.copiedFrom(st) ?? 0
    return this.newTracked(st.key, st.path, offset, head, !stored && initial && this.spec.startAt === 'end' ? st.size : 0)
  }

  private newTracked(key: string, file: string, offset: number, head: string, skippedTo: number): Tracked {
    const pending: JoinedEntry[] = []
    const push = (e: JoinedEntry): void => void pending.push(e)
    const t: Tracked = {
      key,
      path: file,
      offset,
      head,
      lastData: this.now(),
      pending,
      skippedTo,
      joiner: this.spec.multiline ? new LineJoiner(push) : new NoJoin(push)
    }
    this.tracked.set(key, t)
    return t
  }

  /** A new file with the first bytes of a tracked (or just truncated) one is its copy: read it from where the original was. */
  private copiedFrom(st: Stat): number | null {
    const head = headOf(st.path, st.size)
    if (!head) return null
    for (const t of this.tracked.values()) if (t.head === head && t.key !== st.key) return Math.min(t.offset, st.size)
    for (const r of this.retired) if (r.head === head) return Math.min(r.offset, st.size)
    return null
  }

  /** Remembers a file's first bytes and offset when it is truncated, so its copy can be recognised. */
  private retire(t: Tracked): void {
    if (!t.head) return
    this.retired.push({ head: t.head, offset: t.offset })
    if (this.retired.length > 20) this.retired.shift()
  }

  /** A tracked file that left the patterns: the same inode under another name in its folder (rotation by rename). */
  private findMoved(t: Tracked): string | null {
    const dir = path.dirname(t.path)
    let names: string[]
    try {
      names = fs.readdirSync(dir)
    } catch {
      return null
    }
    for (const n of names) {
      const full = path.join(dir, n)
      try {
        const st = fs.statSync(full)
        if (st.isFile() && keyOf(st) === t.key) return full
      } catch {
        // ignore
      }
    }
    return null
  }

  /** Reads from the offset to the end (whole lines; `final` also takes a last line without newline); returns bytes read. */
  private read(t: Tracked, file: string, final: boolean): number {
    let fd: number
    try {
      fd = fs.openSync(file, 'r')
    } catch {
      return 0
    }
    let total = 0
    try {
      const size = fs.fstatSync(fd).size
      while (t.offset < size) {
        const len = Math.min(READ_MAX, size - t.offset)
        const buf = Buffer.allocUnsafe(len)
        const n = fs.readSync(fd, buf, 0, len, t.offset)
        if (n <= 0) break
        let start = 0
        for (let nl = buf.indexOf(10, 0); nl >= 0 && nl < n; nl = buf.indexOf(10, start)) {
          t.joiner.push(buf.toString('utf8', start, nl), t.offset + nl + 1)
          start = nl + 1
        }
        if (start === 0 && n === READ_MAX) {
          // one line longer than a read: take it as it is
          t.joiner.push(buf.toString('utf8', 0, n), t.offset + n)
          start = n
        } else if (final && start < n && t.offset + n >= size) {
          t.joiner.push(buf.toString('utf8', start, n), t.offset + n)
          start = n
        }
        if (start === 0) break
        t.offset += start
        total += start
        if (start < n) break
      }
      if (!t.head) t.head = headOf(file, size)
    } finally {
      fs.closeSync(fd)
    }
    if (total > 0) t.lastData = this.now()
    return total
  }

  /** Turns the file's finished entries into log entries and hands them on. */
  private release(t: Tracked): number {
    if (t.pending.length === 0) return 0
    const now = this.now()
    const spec = this.spec
    const out: Entry[] = []
    for (const j of t.pending) {
      const nl = j.text.indexOf('\n')
      const d = detect(nl < 0 ? j.text : j.text.slice(0, nl), now)
      const level = d.level ?? 'unknown'
      const labels = streamLabels(
        { filename: t.path },
        {
          source: spec.name,
          service: spec.service || d.fields.service || d.fields.app || 'unknown',
          environment: spec.environment || d.fields.env || d.fields.environment || '',
          host: spec.host || d.host || this.hostname,
          level
        }
      )
      out.push({
        sourceId: spec.id,
        ts: d.ts ?? now,
        line: j.text,
        labels,
        attrs: null,
        message: nl < 0 ? d.message : `${d.message}\n${j.text.slice(nl + 1)}`,
        release: spec.release || releaseOf(d.fields),
        file: { key: t.key, path: t.path, offset: j.endOffset, head: t.head }
      })
    }
    t.pending.length = 0
    this.emit(out)
    return out.length
  }

  private markFirstScan(found: Map<string, Stat>): void {
    const now = this.now()
    const up = this.db.prepare(
      `INSERT INTO logs_files (source_id, file_key, path, offset, head, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (source_id, file_key) DO NOTHING`
    )
    this.db.transaction(() => {
      up.run(this.spec.id, FIRST_SCAN_KEY, '', 0, '', now)
      // files skipped to their end: remember where, so a restart does not read them from the start
      for (const st of found.values()) {
        const t = this.tracked.get(st.key)
        if (t && t.skippedTo > 0) up.run(this.spec.id, st.key, st.path, t.skippedTo, t.head, now)
      }
    })()
    this.firstScanDone = true
  }
}

/** Every line its own entry (multi-line joining off). */
class NoJoin implements Joiner {
  constructor(private emit: (e: JoinedEntry) => void) {}
  push(line: string, endOffset: number): void {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line
    if (text.trim() !== '') this.emit({ text, endOffset })
  }
  flush(): void {}
  get hasOpen(): boolean {
    return false
  }
}
