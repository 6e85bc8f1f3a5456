/**
 * The write side of a cost import, run by the job (on a worker thread in the app) over its own connection:
 * rows go into cost_rows under an import in state 'staging' in short transactions of BATCH_ROWS rows, then the
 * import's (account, billing period) segments and daily sums; queries see none of it until the service publishes
 * the import (CostsRepo.publishImport, one short transaction). In the app the bill is read on a second thread
 * (reader.ts) while this one writes. cleanUp deletes retired and abandoned rows in batches.
 */
import { AppError } from '../../../shared/errors'
import { ShortTransactions } from '../../db/shortTransactions'
import { openDatabase, type Db } from '../../db/open'
import fs from 'node:fs'
import type { Worker } from 'node:worker_threads'
import { BlockDecoder, type RowBlock } from './blocks'
import { BATCH_ROWS, STAGE_COLUMNS, type StagedSummary } from './importer'
import { formatNano, moneyColumns, readMoney, sumMoneySql } from './money'
import { readBill, readBillOnThread } from './reader'

export interface DbRef {
  file: string
  nativeBinding?: string | undefined
}

export interface ImportJob {
  type: 'import'
  db: DbRef
  /** The import row (state 'staging') the service created for this job. */
  importId: number
  file: string
  mapping?: Record<string, string> | undefined
  defaultAccount: string
  currency: string | null
  rates: Record<string, number>
}

export interface StagedImport extends StagedSummary {
  /** Exact totals as decimals with 9 decimals (BigInt does not survive every hop a job result may take). */
  billed: string
  effective: string
}

export interface CleanupJob {
  type: 'cleanup'
  db: DbRef
  /** Imports still 'staging' whose job is gone (cancelled, failed, crashed): deleted with their rows. */
  abandoned: number[]
}

export interface CleanupResult {
  deletedRows: number
}

type Progress = (done: number, total: number | null, message?: string) => void

/** Bills from this size on are read on a thread of their own (smaller ones are read faster than a thread starts). */
const THREAD_MIN_BYTES = 4 * 1024 * 1024

/** Rows per multi-row INSERT statement, and about the bytes a staged row takes in the WAL. */
const ROWS_PER_INSERT = 40
const ROW_BYTES = 300

/** Bytes of a file, 0 when it cannot be read (the reader then says why). */
function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size
  } catch {
    return 0
  }
}

const yieldNow = (): Promise<void> => new Promise((r) => setImmediate(r))

function open(ref: DbRef): Db {
  const db = openDatabase(ref.file, { ...(ref.nativeBinding ? { nativeBinding: ref.nativeBinding } : {}), wal: false })
  db.pragma('synchronous = NORMAL')
  return db
}

/** Keep the WAL short ourselves, so the main thread's commits never inherit a large checkpoint. */
const checkpoint = (db: Db): void => void db.pragma('wal_checkpoint(PASSIVE)')

export async function stageImport(
  job: ImportJob,
  progress: Progress,
  signal?: AbortSignal,
  spawnReader?: () => Worker
): Promise<StagedImport> {
  const db = open(job.db)
  try {
    // one multi-row INSERT per ROWS_PER_INSERT rows (the rest of a block one by one)
    const cols = STAGE_COLUMNS.join(', ')
    const one = `(?, ${STAGE_COLUMNS.map(() => '?').join(', ')})`
    const insertRow = db.prepare(`INSERT INTO cost_rows (import_id, ${cols}) VALUES ${one}`)
    const insertRows = db.prepare(`INSERT INTO cost_rows (import_id, ${cols}) VALUES ${Array(ROWS_PER_INSERT).fill(one).join(', ')}`)
    const width = STAGE_COLUMNS.length
    const params = new Array<unknown>(ROWS_PER_INSERT * (width + 1))
    const row = new Array<unknown>(width + 1)
    for (let r = 0; r < ROWS_PER_INSERT; r++) params[r * (width + 1)] = job.importId
    row[0] = job.importId
    const rows = new BlockDecoder(width)
    // short transactions that leave the write lock to the main thread's writers between them (db/shortTransactions.ts)
    const tx = new ShortTransactions(db)
    const onBlock = async (block: RowBlock): Promise<void> => {
      rows.load(block)
      const n = rows.rows
      let q = 0
      for (; q + ROWS_PER_INSERT <= n; q += ROWS_PER_INSERT) {
        const at = q
        await tx.write(() => {
          rows.fill(params, at, at + ROWS_PER_INSERT, width + 1, 1)
          insertRows.run(params)
        }, ROWS_PER_INSERT * ROW_BYTES)
      }
      const rest = q
      if (rest < n)
        await tx.write(
          () => {
            for (let r = rest; r < n; r++) {
              rows.fill(row, r, r + 1, width + 1, 1)
              insertRow.run(row)
            }
          },
          (n - rest) * ROW_BYTES
        )
      // no transaction stays open while the next block is read
      tx.commit()
    }
    const input = {
      file: job.file,
      ...(job.mapping ? { mapping: job.mapping } : {}),
      defaultAccount: job.defaultAccount,
      currency: job.currency,
      rates: job.rates
    }
    const onProgress = (p: { bytes: number; totalBytes: number; rows: number }): void =>
      progress(p.bytes, p.totalBytes, `${p.rows.toLocaleString('en-US')} rows read`)
    const read =
      spawnReader && sizeOf(job.file) >= THREAD_MIN_BYTES
        ? await readBillOnThread(spawnReader, input, onBlock, onProgress, signal)
        : await readBill(input, onBlock, onProgress, signal)
    if (signal?.aborted) throw new AppError('CANCELLED', 'import cancelled; nothing was imported')
    const { segments, sums, ...staged } = read
    // the segments with their counts, and the daily sums, in short transactions as well
    const insertSegment = db.prepare(
      "INSERT INTO cost_import_periods (import_id, account, billing_period, state, rows, lo_day, hi_day) VALUES (?, ?, ?, 'staging', ?, ?, ?)"
    )
    db.transaction(() => {
      for (const s of segments) insertSegment.run(job.importId, s.account, s.period, s.rows, s.lo, s.hi)
    }).immediate()
    const dailyColumns = [
      'import_id',
      'account',
      'billing_period',
      'day',
      'service',
      'service_category',
      'region',
      'sub_account',
      'charge_category',
      'currency',
      ...moneyColumns('billed'),
      ...moneyColumns('effective'),
      ...moneyColumns('list'),
      'rows'
    ]
    const insertSum = db.prepare(
      `INSERT INTO cost_import_daily (${dailyColumns.join(', ')}) VALUES (${dailyColumns.map(() => '?').join(', ')})`
    )
    const writeSums = db.transaction((chunk: (string | number)[][]) => {
      for (const s of chunk) insertSum.run(job.importId, s)
    })
    for (let i = 0; i < sums.length; i += BATCH_ROWS) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'import cancelled; nothing was imported')
      writeSums.immediate(sums.slice(i, i + BATCH_ROWS))
      progress(staged.bytes, staged.bytes, `${staged.rows.toLocaleString('en-US')} rows read; writing daily sums`)
      await yieldNow()
    }
    checkpoint(db)
    const totals = db
      .prepare(`SELECT ${sumMoneySql('billed')}, ${sumMoneySql('effective')} FROM cost_import_daily WHERE import_id = ?`)
      .safeIntegers(true)
      .get(job.importId) as Record<string, bigint | null>
    return { ...staged, billed: formatNano(readMoney(totals, 'billed'), 9), effective: formatNano(readMoney(totals, 'effective'), 9) }
  } finally {
    db.close()
  }
}

/** Deletes, BATCH_ROWS at a time, the rows of retired segments and of abandoned staging imports, then their bookkeeping. */
export async function cleanUp(job: CleanupJob, progress: Progress, signal?: AbortSignal): Promise<CleanupResult> {
  const db = open(job.db)
  let deletedRows = 0
  const drain = async (sql: string, ...params: unknown[]): Promise<void> => {
    const del = db.prepare(`DELETE FROM cost_rows WHERE rowid IN (SELECT rowid FROM cost_rows WHERE ${sql} LIMIT ${BATCH_ROWS})`)
    for (;;) {
      if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
      const n = db.transaction(() => del.run(...params).changes).immediate()
      deletedRows += n
      if (n < BATCH_ROWS) break
      if (deletedRows % (BATCH_ROWS * 20) === 0) checkpoint(db)
      progress(deletedRows, null, `${deletedRows.toLocaleString('en-US')} replaced rows deleted`)
      await yieldNow()
    }
  }
  try {
    const retired = db
      .prepare("SELECT import_id AS id, account, billing_period AS period FROM cost_import_periods WHERE state = 'retired'")
      .all() as { id: number; account: string; period: string }[]
    for (const s of retired) {
      await drain('import_id = ? AND account = ? AND billing_period = ?', s.id, s.account, s.period)
      db.transaction(() => {
        db.prepare('DELETE FROM cost_import_daily WHERE import_id = ? AND account = ? AND billing_period = ?').run(
          s.id,
          s.account,
          s.period
        )
        db.prepare("DELETE FROM cost_import_periods WHERE import_id = ? AND account = ? AND billing_period = ? AND state = 'retired'").run(
          s.id,
          s.account,
          s.period
        )
      }).immediate()
    }
    for (const id of job.abandoned) {
      const row = db.prepare('SELECT state FROM cost_imports WHERE id = ?').get(id) as { state: string } | undefined
      if (row?.state !== 'staging') continue
      await drain('import_id = ?', id)
      db.transaction(() => {
        db.prepare('DELETE FROM cost_import_daily WHERE import_id = ?').run(id)
        db.prepare("DELETE FROM cost_imports WHERE id = ? AND state = 'staging'").run(id)
      }).immediate()
    }
    // imports whose every segment was replaced and deleted
    db.prepare(
      "DELETE FROM cost_imports WHERE state = 'retired' AND NOT EXISTS (SELECT 1 FROM cost_import_periods p WHERE p.import_id = cost_imports.id)"
    ).run()
    checkpoint(db)
    return { deletedRows }
  } finally {
    db.close()
  }
}
