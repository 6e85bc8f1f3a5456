import type { Db } from './open'
import { MIGRATIONS, type Migration } from './migrations'

export interface AppliedMigration {
  id: number
  name: string
  appliedAt: number
}

export class WorkspaceTooNewError extends Error {
  constructor(file: string, unknown: AppliedMigration[]) {
    const list = unknown.map((m) => `${String(m.id).padStart(4, '0')}_${m.name}`).join(', ')
    super(
      `The workspace ${file} was written by a newer version of Control Console (unknown migrations: ${list}). ` +
        'It has not been changed. Open it with the newer version, or restore a backup made by this version.'
    )
    this.name = 'WorkspaceTooNewError'
  }
}

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`

export function appliedMigrations(db: Db): AppliedMigration[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").get()
  if (!exists) return []
  return db.prepare('SELECT id, name, applied_at AS appliedAt FROM schema_migrations ORDER BY id').all() as AppliedMigration[]
}

/** Throws WorkspaceTooNewError unless the applied list is a prefix of the known list. */
export function checkPrefix(db: Db, file: string, known: Migration[] = MIGRATIONS): AppliedMigration[] {
  const applied = appliedMigrations(db)
  const foreign = applied.filter((m, i) => known[i]?.id !== m.id || known[i]?.name !== m.name)
  if (foreign.length > 0) throw new WorkspaceTooNewError(file, foreign)
  return applied
}

/** Apply pending migrations, each in its own transaction, and record them. */
export function migrate(db: Db, file: string, known: Migration[] = MIGRATIONS, now = Date.now): AppliedMigration[] {
  const applied = checkPrefix(db, file, known)
  const pending = known.slice(applied.length)
  if (pending.length === 0) return applied
  db.exec(LEDGER)
  const record = db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)')
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql)
      record.run(m.id, m.name, now())
    }).immediate()
  }
  return appliedMigrations(db)
}
