import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/app'
import { openDatabase, openJobDatabase, statementCache, WAL_SIZE_LIMIT, type Db } from './open'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

describe('statementCache', () => {
  it('stays under its bound however many SQL shapes a long run builds, keeping the ones in use', () => {
    const dir = tempDir()
    dirs.push(dir)
    const db = openDatabase(path.join(dir, 'cache.db'))
    try {
      const sql = statementCache(db, 64)
      const hot = sql('SELECT 1 AS one')
      for (let i = 0; i < 1000; i++) {
        // an IN list of a different length each time, as code that builds SQL from data would make
        expect(
          sql(`SELECT ${i} IN (${Array.from({ length: (i % 300) + 1 }, () => '?').join(',')}) AS x`).all(...Array((i % 300) + 1).fill(0))
        ).toHaveLength(1)
        expect(sql('SELECT 1 AS one')).toBe(hot) // used all along: never evicted
        expect(sql.size).toBeLessThanOrEqual(64)
      }
      expect(sql.size).toBe(64)
    } finally {
      db.close()
    }
  })
})

describe('the WAL over a long run', () => {
  /** 24 MB in one transaction on `writer`, a checkpoint, one more write: the WAL must be back under its limit. */
  function largeTransactionThenCutBack(file: string, writer: Db): void {
    const wal = (): number => fs.statSync(`${file}-wal`).size
    writer.transaction(() => {
      for (let i = 0; i < 24; i++) writer.prepare('INSERT INTO t VALUES (randomblob(1024 * 1024))').run()
    })()
    expect(wal()).toBeGreaterThan(24 * 1024 * 1024)
    writer.pragma('wal_checkpoint(PASSIVE)') // what the automatic checkpoint does
    writer.prepare('INSERT INTO t VALUES (1)').run() // the next writer restarts the WAL from its start
    expect(wal()).toBeLessThanOrEqual(WAL_SIZE_LIMIT)
  }

  it.each([
    ['the app', false],
    ["a job's own (a worker thread's)", true]
  ])('is cut back to its size limit after a large transaction on %s connection once a checkpoint has emptied it', (_, asJob) => {
    const dir = tempDir()
    dirs.push(dir)
    const file = path.join(dir, 'wal.db')
    const app = openDatabase(file)
    app.exec('CREATE TABLE t (x BLOB)')
    const job = asJob ? openJobDatabase({ file }) : undefined // the app's connection stays open and idle
    try {
      largeTransactionThenCutBack(file, job ?? app)
    } finally {
      job?.close()
      app.close()
    }
  })

  it('grows while a long reader holds it, and is cut back by the next writes once the reader is gone', () => {
    const dir = tempDir()
    dirs.push(dir)
    const file = path.join(dir, 'reader.db')
    const db = openDatabase(file)
    const other = openDatabase(file) // a worker's connection in a long read
    try {
      db.exec('CREATE TABLE t (x BLOB)')
      db.prepare('INSERT INTO t VALUES (1)').run()
      other.exec('BEGIN')
      other.prepare('SELECT COUNT(*) FROM t').get()
      for (let i = 0; i < 24; i++) db.prepare('INSERT INTO t VALUES (randomblob(1024 * 1024))').run() // 24 commits
      const wal = (): number => fs.statSync(`${file}-wal`).size
      expect(wal()).toBeGreaterThan(24 * 1024 * 1024) // the automatic checkpoints could not restart it
      other.exec('COMMIT')
      for (let i = 0; i < 3; i++) db.prepare('INSERT INTO t VALUES (2)').run()
      expect(wal()).toBeLessThanOrEqual(WAL_SIZE_LIMIT)
    } finally {
      other.close()
      db.close()
    }
  })
})
