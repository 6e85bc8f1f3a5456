import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../../tests/helpers/app'
import { openDatabase, type Db } from './open'
import { ShortTransactions } from './shortTransactions'
import { withWriteIntent } from './writeIntent'

/** Two connections to one file, as a worker and the main thread hold them; the main one never waits for the lock. */
let dir: string
let worker: Db
let main: Db
function open(): void {
  dir = tempDir('cc-shorttx-')
  const file = path.join(dir, 'w.db')
  worker = openDatabase(file)
  worker.exec('CREATE TABLE t (v INTEGER)')
  main = openDatabase(file, { busyTimeoutMs: 0 })
}
afterEach(() => {
  worker?.close()
  main?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const insert = (db: Db, v: number) => (): unknown => db.prepare('INSERT INTO t (v) VALUES (?)').run(v)
const count = (db: Db): number => db.prepare('SELECT count(*) FROM t').pluck().get() as number

describe('short transactions', () => {
  it('leave the lock at the step the main thread raised its write intent, and begin nothing until it drops', async () => {
    open()
    const intent = new Int32Array(new SharedArrayBuffer(4))
    const tx = new ShortTransactions(worker, 60_000, intent)
    await tx.write(insert(worker, 1))
    expect(tx.inTransaction).toBe(true)
    expect(insert(main, 9)).toThrow(/locked|busy/i)
    // raised while the worker's step runs (as the main thread would, from its own thread): committed after the step
    await tx.write(() => {
      Atomics.add(intent, 0, 1)
      insert(worker, 2)()
    })
    expect(tx.inTransaction).toBe(false)
    expect(count(main)).toBe(2)
    // the next transaction waits while the intent is up; the main thread writes meanwhile
    let begun = false
    const next = tx.write(insert(worker, 3)).then(() => (begun = true))
    await new Promise((r) => setTimeout(r, 30))
    expect(begun).toBe(false)
    withWriteIntent(insert(main, 10), intent)
    Atomics.sub(intent, 0, 1)
    await next
    tx.commit()
    expect(count(main)).toBe(4)
  })

  it('hold the write lock only while within their budget, and commit what they wrote', async () => {
    open()
    const long = new ShortTransactions(worker, 60_000)
    await long.write(insert(worker, 1))
    await long.write(insert(worker, 2))
    // still open: another writer is refused at once, and readers do not see the rows yet
    expect(insert(main, 9)).toThrow(/locked|busy/i)
    expect(count(main)).toBe(0)
    long.commit()
    expect(count(main)).toBe(2)
    insert(main, 3)()

    const spent = new ShortTransactions(worker, 0)
    await spent.write(insert(worker, 4))
    // the budget is spent after each write: committed, the lock is free between two writes
    expect(count(main)).toBe(4)
    insert(main, 5)()
    await spent.write(insert(worker, 6))
    expect(spent.stats.transactions).toBe(2)
    expect(count(main)).toBe(6)
  })

  it('roll the open transaction back when a write throws', async () => {
    open()
    const tx = new ShortTransactions(worker, 60_000)
    await tx.write(insert(worker, 1))
    await expect(
      tx.write(() => {
        throw new Error('bad row')
      })
    ).rejects.toThrow('bad row')
    expect(worker.inTransaction).toBe(false)
    expect(count(main)).toBe(0)
    insert(main, 2)()
    expect(count(main)).toBe(1)
  })
})
