import Database from 'better-sqlite3'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { LockShare } from './lockShare'
import { openDatabase } from './open'

describe('LockShare', () => {
  it('takes long turns while nobody else writes, and short turns with pauses once another connection commits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-lock-'))
    try {
      const file = path.join(dir, 'w.db')
      const bulk = openDatabase(file)
      bulk.exec('CREATE TABLE t (v INTEGER)')
      const share = new LockShare(bulk)
      bulk.prepare('INSERT INTO t VALUES (1)').run() // its own commits do not count
      await share.rest()
      expect(share.shared).toBe(false)
      const solo = share.turnEnd() - performance.now()
      const other = new Database(file)
      other.prepare('INSERT INTO t VALUES (2)').run()
      const t0 = performance.now()
      await share.rest()
      expect(share.shared).toBe(true)
      expect(performance.now() - t0).toBeGreaterThanOrEqual(10) // the pause after a turn while others write
      expect(share.turnEnd() - performance.now()).toBeLessThan(solo)
      other.close()
      bulk.close()
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
