import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, tempDir } from '../../../tests/helpers/app'
import { createApp } from '../app'
import { silentLogger } from '../core/log'
import { migrate, WorkspaceTooNewError } from './migrate'
import { MIGRATIONS } from './migrations'
import { openDatabase } from './open'

const sha = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

describe('migrations', () => {
  it('are numbered, unique, increasing and named NNNN_name', () => {
    expect(MIGRATIONS.length).toBeGreaterThan(0)
    expect(MIGRATIONS[0]!.id).toBe(1)
    expect(MIGRATIONS.length).toBeGreaterThanOrEqual(8) // every migrations/*.sql file was found
    MIGRATIONS.forEach((m, i) => i > 0 && expect(m.id).toBeGreaterThan(MIGRATIONS[i - 1]!.id))
    MIGRATIONS.forEach((m) => expect(m.name).toMatch(/^[a-z0-9_]+$/))
  })

  it('apply once, each recorded, and sets WAL, foreign keys and a busy timeout', async () => {
    const t = tempApp()
    try {
      const rows = t.app.db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all()
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ id: m.id, name: m.name })))
      expect(t.app.db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(t.app.db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(Number(t.app.db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0)
      expect(migrate(t.app.db, t.file)).toHaveLength(MIGRATIONS.length)
    } finally {
      await t.cleanup()
    }
  })

  it('refuses a workspace from a newer version and leaves it untouched', () => {
    const dir = tempDir()
    dirs.push(dir)
    const file = path.join(dir, 'newer.db')
    const first = createApp({ workspacePath: file, mode: 'test', logger: silentLogger })
    first.db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(999, 'from_the_future', 1)
    first.db.pragma('wal_checkpoint(TRUNCATE)')
    first.db.close()
    const before = sha(file)
    expect(() => createApp({ workspacePath: file, mode: 'test', logger: silentLogger })).toThrow(WorkspaceTooNewError)
    expect(() => createApp({ workspacePath: file, mode: 'test', logger: silentLogger })).toThrow(
      /newer version.*0999_from_the_future.*not been changed/s
    )
    expect(sha(file)).toBe(before)
    const db = new Database(file, { readonly: true })
    expect(db.prepare('SELECT max(id) AS id FROM schema_migrations').get()).toEqual({ id: 999 })
    db.close()
  })

  it('refuses a workspace whose history differs from ours', () => {
    const dir = tempDir()
    dirs.push(dir)
    const file = path.join(dir, 'forked.db')
    const db = openDatabase(file)
    db.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)')
    db.prepare('INSERT INTO schema_migrations VALUES (1, ?, 0)').run('something_else')
    db.close()
    expect(() => createApp({ workspacePath: file, mode: 'test', logger: silentLogger })).toThrow(WorkspaceTooNewError)
  })

  it('rolls back a failing migration completely', () => {
    const dir = tempDir()
    dirs.push(dir)
    const db = openDatabase(path.join(dir, 'x.db'))
    const broken = [
      ...MIGRATIONS,
      { id: MIGRATIONS.at(-1)!.id + 1, name: 'broken', sql: 'CREATE TABLE half (a INTEGER); INSERT INTO nope VALUES (1);' }
    ]
    expect(() => migrate(db, 'x.db', broken)).toThrow(/no such table: nope/)
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined()
    expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length })
    db.close()
  })
})

describe('schema snapshot', () => {
  it('matches the committed schema (update deliberately with vitest -u)', async () => {
    const t = tempApp()
    try {
      const rows = t.app.db
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .all() as { sql: string }[]
      await expect(rows.map((r) => r.sql.trim() + ';').join('\n\n') + '\n').toMatchFileSnapshot('./schema.snapshot.sql')
    } finally {
      await t.cleanup()
    }
  })
})
