import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'

export type Db = Database.Database

export interface OpenOptions {
  readonly?: boolean
  /** Path of a better_sqlite3.node built for the current runtime (Electron keeps its own). */
  nativeBinding?: string
  busyTimeoutMs?: number
  /** Switch to WAL at open (default true); openWorkspace does it after the version check. */
  wal?: boolean
}

/** Open a workspace file with the console's pragmas: WAL, foreign keys, busy timeout. */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  if (!opts.readonly) fs.mkdirSync(path.dirname(file), { recursive: true })
  const db = new Database(file, {
    readonly: opts.readonly ?? false,
    fileMustExist: opts.readonly ?? false,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {})
  })
  db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`)
  db.pragma('foreign_keys = ON')
  if (!opts.readonly && opts.wal !== false) enableWal(db)
  return db
}

/** A workspace file as a job on a worker thread opens it: its own connection (the main thread's cannot cross threads). */
export interface DbRef {
  file: string
  /** better_sqlite3.node built for the runtime (Electron keeps its own). */
  nativeBinding?: string | undefined
}

/** A job's own connection to a workspace the app has opened (and migrated) already. */
export function openJobDatabase(ref: DbRef): Db {
  const db = openDatabase(ref.file, { ...(ref.nativeBinding ? { nativeBinding: ref.nativeBinding } : {}), wal: false })
  db.pragma('synchronous = NORMAL')
  // per connection: a job that restarts the WAL after its import's checkpoint cuts it back too
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`)
  return db
}

/** The WAL file is cut back to this after a checkpoint has emptied it (SQLite reuses it, but never shrinks it otherwise). */
export const WAL_SIZE_LIMIT = 16 * 1024 * 1024

export function enableWal(db: Db): void {
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  // one large transaction (an import) would otherwise leave a WAL of its size on disk for as long as the console runs
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`)
}

/** Run fn in one IMMEDIATE transaction: all of it is written, or none. */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate()
}

/**
 * Prepared statements cached by SQL text, so hot paths never re-parse SQL. SQL built from data (a column list, an
 * IN list) would add a statement per shape for as long as the console runs: past `max` the least recently used goes.
 */
export function statementCache(db: Db, max = 256): ((sql: string) => Database.Statement) & { readonly size: number } {
  const cache = new Map<string, Database.Statement>()
  const get = (sql: string): Database.Statement => {
    let s = cache.get(sql)
    if (s)
      cache.delete(sql) // re-inserted below: Map order is then least recently used first
    else {
      s = db.prepare(sql)
      if (cache.size >= max) cache.delete(cache.keys().next().value!)
    }
    cache.set(sql, s)
    return s
  }
  return Object.defineProperty(get, 'size', { get: () => cache.size }) as typeof get & { readonly size: number }
}
