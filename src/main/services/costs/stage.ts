/**
 * The write side of a cost import, run by the job (on a worker thread in the app) over its own connection:
 * rows go into cost_rows under an import in state 'staging' in short transactions of BATCH_ROWS rows, with the
 * import's daily sums per (account, billing period) segment; queries see none of it until the service publishes
 * the import (CostsRepo.publishImport, one short transaction). cleanUp deletes retired and abandoned rows in batches.
 */
import { AppError } from '../../../shared/errors'
import { openDatabase, type Db } from '../../db/open'
import { BATCH_ROWS, parseBill, STAGE_COLUMNS, type StagedSummary } from './importer'
import { formatNano, moneyColumns, MoneySum, readMoney, sumMoneySql } from './money'

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

/** One (segment, day, rollup dimensions) cell of an import's daily sums. */
interface DaySum {
  dims: string[]
  billed: MoneySum
  effective: MoneySum
  list: MoneySum
  rows: number
}

type Progress = (done: number, total: number | null, message?: string) => void

const yieldNow = (): Promise<void> => new Promise((r) => setImmediate(r))

function open(ref: DbRef): Db {
  const db = openDatabase(ref.file, { ...(ref.nativeBinding ? { nativeBinding: ref.nativeBinding } : {}), wal: false })
  db.pragma('synchronous = NORMAL')
  return db
}

/** Keep the WAL short ourselves, so the main thread's commits never inherit a large checkpoint. */
const checkpoint = (db: Db): void => void db.pragma('wal_checkpoint(PASSIVE)')

// indexes into a staged row (STAGE_COLUMNS order)
const C = Object.fromEntries(STAGE_COLUMNS.map((c, i) => [c, i])) as Record<(typeof STAGE_COLUMNS)[number], number>

export async function stageImport(job: ImportJob, progress: Progress, signal?: AbortSignal): Promise<StagedImport> {
  const db = open(job.db)
  try {
    const cols = STAGE_COLUMNS.join(', ')
    const insertRow = db.prepare(`INSERT INTO cost_rows (import_id, ${cols}) VALUES (?, ${STAGE_COLUMNS.map(() => '?').join(', ')})`)
    const insertSegment = db.prepare(
      "INSERT OR IGNORE INTO cost_import_periods (import_id, account, billing_period, state, rows) VALUES (?, ?, ?, 'staging', 0)"
    )
    const segments = new Map<string, { account: string; period: string; rows: number; lo: string; hi: string }>()
    /** segment + day + rollup dimensions -> the dimensions and their sums */
    const sums = new Map<string, DaySum>()
    let batches = 0
    const write = db.transaction((rows: unknown[][]) => {
      for (const r of rows) {
        const account = r[C.account] as string
        const period = r[C.billing_period] as string
        const day = r[C.day] as string
        const segKey = `${account}\u0000${period}`
        let seg = segments.get(segKey)
        if (!seg) {
          insertSegment.run(job.importId, account, period)
          segments.set(segKey, (seg = { account, period, rows: 0, lo: day, hi: day }))
        }
        seg.rows++
        if (day < seg.lo) seg.lo = day
        if (day > seg.hi) seg.hi = day
        const dims = [
          account,
          period,
          day,
          r[C.service],
          r[C.service_category],
          r[C.region],
          r[C.sub_account],
          r[C.charge_category],
          r[C.currency]
        ] as string[]
        const key = dims.join('\u0000')
        let s = sums.get(key)
        if (!s) sums.set(key, (s = { dims, billed: new MoneySum(), effective: new MoneySum(), list: new MoneySum(), rows: 0 }))
        // each amount's three limbs are adjacent in a staged row; a row without a list cost has nulls there
        s.billed.addAt(r, C.billed_giga)
        s.effective.addAt(r, C.effective_giga)
        s.list.addAt(r, C.list_giga)
        s.rows++
        insertRow.run(job.importId, r)
      }
    })
    const staged = await parseBill({
      file: job.file,
      ...(job.mapping ? { mapping: job.mapping } : {}),
      defaultAccount: job.defaultAccount,
      currency: job.currency,
      rates: job.rates,
      ...(signal ? { signal } : {}),
      onProgress: (p) => progress(p.bytes, p.totalBytes, `${p.rows.toLocaleString('en-US')} rows read`),
      onBatch: (rows) => {
        write.immediate(rows)
        if (++batches % 20 === 0) checkpoint(db)
      }
    })
    // the daily sums and the segments' counts, in short transactions as well
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
    const writeSums = db.transaction((chunk: DaySum[]) => {
      for (const s of chunk) insertSum.run(job.importId, ...s.dims, ...s.billed.limbs, ...s.effective.limbs, ...s.list.limbs, s.rows)
    })
    const all = [...sums.values()]
    sums.clear()
    for (let i = 0; i < all.length; i += BATCH_ROWS) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'import cancelled; nothing was imported')
      writeSums.immediate(all.slice(i, i + BATCH_ROWS))
      progress(staged.bytes, staged.bytes, `${staged.rows.toLocaleString('en-US')} rows read; writing daily sums`)
      await yieldNow()
    }
    const setSegment = db.prepare(
      'UPDATE cost_import_periods SET rows = ?, lo_day = ?, hi_day = ? WHERE import_id = ? AND account = ? AND billing_period = ?'
    )
    db.transaction(() => {
      for (const s of segments.values()) setSegment.run(s.rows, s.lo, s.hi, job.importId, s.account, s.period)
    }).immediate()
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
