import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempApp, tempDir, type TestApp } from '../../../../tests/helpers/app'
import { oldWorkspace } from '../../../../tests/helpers/oldWorkspace'
import { resolveWorkerScript } from '../../workers/pool'
import { moneySums } from '../../../../tests/helpers/costs'

/**
 * Imports stage their rows invisibly (on the app's worker thread) and publish them in one short transaction:
 * cancelled, failed and crashed imports leave nothing behind, and readers never see half of a replacement.
 */
let t: TestApp | undefined
const dirs: string[] = []
afterEach(async () => {
  await t?.cleanup()
  t = undefined
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }))
})

/** A FOCUS-like bill of n rows for account `acct`, September 2024, each row costing `cost`. */
function bill(dir: string, name: string, n: number, cost: string, badRow?: number): string {
  const file = path.join(dir, name)
  const lines = ['BilledCost,ChargePeriodStart,ServiceName,BillingAccountId,BillingPeriodStart']
  for (let i = 1; i <= n; i++)
    lines.push(`${i === badRow ? 'x1' : cost},2024-09-${String((i % 28) + 1).padStart(2, '0')} 00:00:00,S${i % 7},acct,2024-09-01`)
  fs.writeFileSync(file, lines.join('\n') + '\n')
  return file
}

const count = (db: Database.Database, sql: string): number => (db.prepare(sql).get() as { n: number }).n

function expectNoLeftovers(t: TestApp): void {
  const db = t.app.db
  for (const table of ['cost_rows', 'cost_import_periods', 'cost_import_daily', 'cost_daily'])
    expect(count(db, `SELECT COUNT(*) AS n FROM ${table}`), table).toBe(0)
  expect(count(db, "SELECT COUNT(*) AS n FROM cost_imports WHERE state != 'live'")).toBe(0)
}

/** Resolves once the import has progress past `rows` rows read. */
function whenRowsRead(t: TestApp, jobId: string, rows: number): Promise<void> {
  return new Promise((resolve) => {
    const off = t.app.bus.subscribe((name, payload) => {
      const p = payload as { jobId?: string; message?: string }
      if (name !== 'job:progress' || p.jobId !== jobId) return
      const read = Number(/^([\d,]+) rows read/.exec(p.message ?? '')?.[1]?.replace(/,/g, '') ?? 0)
      if (read > rows) {
        off?.()
        resolve()
      }
    })
  })
}

describe('costs import on a worker thread', () => {
  it('runs on the costs worker in the app; the script is found from source and in the build', () => {
    t = tempApp()
    expect(t.app.costs.executor.where).toBe('worker')
    expect(resolveWorkerScript(path.resolve(__dirname, '../../workers'), 'costs')).toEqual({
      file: path.resolve(__dirname, '../../workers/costs.worker.ts'),
      kind: 'source'
    })
    const dir = fs.mkdtempSync(path.join(t.dir, 'out-'))
    fs.writeFileSync(path.join(dir, 'costs-worker.js'), '')
    fs.mkdirSync(path.join(dir, 'chunks'))
    expect(resolveWorkerScript(path.join(dir, 'chunks'), 'costs')).toEqual({ file: path.join(dir, 'costs-worker.js'), kind: 'built' })
  })

  it('cancelled while rows are being written: they were never visible, and nothing is left', async () => {
    t = tempApp()
    const file = bill(t.dir, 'big.csv', 150_000, '0.01')
    const reader = new Database(t.file, { readonly: true })
    try {
      const { jobId } = t.app.costs.startImport({ path: file })
      const running = t.app.jobs.wait(jobId)
      await whenRowsRead(t, jobId, 10_000)
      // staged rows exist on disk, written by the worker, but no query sees them
      expect(count(reader, 'SELECT COUNT(*) AS n FROM cost_rows')).toBeGreaterThan(0)
      expect(count(reader, 'SELECT COUNT(*) AS n FROM cost_rows_live')).toBe(0)
      expect(count(reader, 'SELECT COUNT(*) AS n FROM cost_daily')).toBe(0)
      expect(t.app.costs.imports()).toEqual([])
      expect(t.app.jobs.cancel(jobId)).toEqual({ cancelled: true, state: 'cancelled' })
      await expect(running).rejects.toMatchObject({ code: 'CANCELLED' })
      expectNoLeftovers(t)
    } finally {
      reader.close()
    }
  })

  it('a file failing after some batches were written names file, row and column, and leaves nothing', async () => {
    t = tempApp()
    // large enough to be read on a thread of its own while the worker writes
    const file = bill(t.dir, 'late-error.csv', 120_000, '0.01', 100_000)
    expect(fs.statSync(file).size).toBeGreaterThan(4 * 1024 * 1024)
    await expect(t.app.costs.importFile({ path: file })).rejects.toThrow(
      'late-error.csv: row 100001, column 1 (BilledCost): "x1" is not a decimal number'
    )
    expectNoLeftovers(t)
  })

  it('a replacement is atomic for a reader on another connection: one version or the other, never both or neither', async () => {
    t = tempApp()
    const first = bill(t.dir, 'v1.csv', 20_000, '0.01')
    const second = bill(t.dir, 'v2.csv', 60_000, '0.02')
    await t.app.costs.importFile({ path: first })
    const v1 = 20_000n * 10_000_000n
    const v2 = 60_000n * 20_000_000n
    const reader = new Database(t.file, { readonly: true })
    const seen = new Set<string>()
    const look = (): void => {
      // one read transaction: both tables from the same snapshot
      const { raw, rolled } = reader.transaction(() => ({
        raw: moneySums(reader, 'cost_rows_live', ['billed']),
        rolled: moneySums(reader, 'cost_daily', ['billed'], 'COALESCE(SUM(rows), 0)')
      }))()
      seen.add(`${raw.billed}/${raw.n}/${rolled.billed}/${rolled.n}`)
    }
    const timer = setInterval(look, 2)
    try {
      const r = await t.app.costs.importFile({ path: second })
      expect(r.replacedRows).toBe(20_000)
    } finally {
      clearInterval(timer)
    }
    look()
    reader.close()
    expect([...seen].sort()).toEqual([`${v1}/20000/${v1}/20000`, `${v2}/60000/${v2}/60000`].sort())
    expect(t.app.costs.imports()).toHaveLength(1)
    // the replaced rows were deleted (in batches, by the clean-up job) before the import answered
    expect(count(t.app.db, 'SELECT COUNT(*) AS n FROM cost_rows')).toBe(60_000)
    expect(count(t.app.db, 'SELECT COUNT(*) AS n FROM cost_imports')).toBe(1)
  })

  it('rows left by a crashed import or a deleted one are cleaned up (at the next start, or right away)', async () => {
    t = tempApp()
    const r = await t.app.costs.importFile({ path: bill(t.dir, 'a.csv', 5_000, '0.01') })
    // what a worker that died mid-import leaves: a staging import with some of its rows
    const db = t.app.db
    const crashed = Number(
      db
        .prepare(
          "INSERT INTO cost_imports (file, format, rows, billed_nano, effective_nano, currency, periods, replaced_rows, started_at, finished_at, state) VALUES ('x.csv', 'csv', 0, 0, 0, 'USD', '[]', 0, 0, 0, 'staging')"
        )
        .run().lastInsertRowid
    )
    db.prepare(
      `INSERT INTO cost_rows (import_id, account, billing_period, day, charge_start, billed_units, billed_nano, effective_units, effective_nano, currency, charge_category, service, service_category, region, sub_account)
       SELECT ?, account, billing_period, day, charge_start, billed_units, billed_nano, effective_units, effective_nano, currency, charge_category, service, service_category, region, sub_account FROM cost_rows`
    ).run(crashed)
    db.prepare("INSERT INTO cost_import_periods VALUES (?, 'acct', '2024-09-01', 'staging', 5000, NULL, NULL)").run(crashed)
    expect(count(db, 'SELECT COUNT(*) AS n FROM cost_rows_live')).toBe(5_000)
    await t.app.close()
    dirs.push(t.dir)
    // the next start finds and deletes them
    t = tempApp({ file: t.file })
    await t.app.costs.cleanUp()
    expect(count(t.app.db, 'SELECT COUNT(*) AS n FROM cost_rows')).toBe(5_000)
    expect(count(t.app.db, 'SELECT COUNT(*) AS n FROM cost_imports')).toBe(1)
    // deleting an import hides it at once and deletes its rows in the background
    expect(t.app.costs.deleteImport(r.importId)).toEqual({ deletedRows: 5_000 })
    expect(t.app.costs.range()).toEqual({ first: null, last: null })
    await t.app.costs.cleanUp()
    expectNoLeftovers(t)
  })

  it('a workspace imported before import visibility keeps its imports, live and replaceable, after the migration', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const { file, db: old } = oldWorkspace(dir, 7)
    old
      .prepare(
        "INSERT INTO cost_imports (id, file, format, rows, billed_nano, effective_nano, currency, periods, replaced_rows, started_at, finished_at) VALUES (1, 'a.csv', 'csv', 2, 3, 3, 'USD', '[]', 0, 0, 0)"
      )
      .run()
    const row = old.prepare(
      `INSERT INTO cost_rows (import_id, account, billing_period, day, charge_start, billed_nano, effective_nano, currency, charge_category, service, service_category, region, sub_account)
       VALUES (1, 'acct', '2024-09-01', ?, 0, ?, ?, 'USD', 'Usage', 'S1', 'Other', '(global)', '')`
    )
    row.run('2024-09-02', 1, 1)
    row.run('2024-09-03', 2, 2)
    old.close()
    t = tempApp({ file })
    expect(t.app.costs.imports().map((i) => [i.id, i.liveRows])).toEqual([[1, 2]])
    expect(count(t.app.db, 'SELECT COUNT(*) AS n FROM cost_rows_live')).toBe(2)
    expect(t.app.db.prepare('SELECT day, billed_nano AS b, rows FROM cost_import_daily ORDER BY day').all()).toEqual([
      { day: '2024-09-02', b: 1, rows: 1 },
      { day: '2024-09-03', b: 2, rows: 1 }
    ])
    const r = await t.app.costs.importFile({ path: bill(dir, 'new.csv', 10, '0.01') })
    expect(r.replacedRows).toBe(2)
    expect(t.app.costs.imports().map((i) => i.id)).toEqual([r.importId])
    expect(count(t.app.db, 'SELECT COUNT(*) AS n FROM cost_rows')).toBe(10)
  })
})
