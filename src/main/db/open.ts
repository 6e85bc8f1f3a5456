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
  return db
}

export function enableWal(db: Db): void {
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
}

/** Run fn in one IMMEDIATE transaction: all of it is written, or none. */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate()
}

/** Prepared statements cached by SQL text, so hot paths never re-parse SQL. */
export function statementCache(db: Db): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>()
  return (sql) => {
    let s = cache.get(sql)
    if (!s) cache.set(sql, (s = db.prepare(sql)))
    return s
  }
}
