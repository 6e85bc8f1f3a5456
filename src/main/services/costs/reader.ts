/**
 * The read side of a cost import: parse and check the bill, keep its segments and daily sums, and hand its rows on as
 * column blocks. In the app it runs on its own thread beside the thread that writes the rows (so parsing and SQLite
 * overlap); a few blocks may be in flight, then the reader waits for the writer.
 */
import { parentPort, type Worker } from 'node:worker_threads'
import { AppError } from '../../../shared/errors'
import { fromErrorMessage, toErrorMessage, type ErrorMessage } from '../../workers/errors'
import { settleOnce } from '../../workers/settle'
import { BlockEncoder, type RowBlock } from './blocks'
import { C, parseBill, STAGE_COLUMNS, type ImportFileOptions, type StagedSummary } from './importer'
import { MoneySum } from './money'

export type ReadInput = Pick<ImportFileOptions, 'file' | 'mapping' | 'defaultAccount' | 'currency' | 'rates'>
export type ReadProgress = (p: { bytes: number; totalBytes: number; rows: number }) => void

export interface Segment {
  account: string
  period: string
  rows: number
  lo: string
  hi: string
}

export interface ReadResult extends StagedSummary {
  segments: Segment[]
  /**
   * [account, period, day, service, service category, region, sub account, charge category, currency, billed (3 limbs),
   * effective (3 limbs), list (3 limbs), rows]: cost_import_daily's columns after import_id
   */
  sums: (string | number)[][]
}

/** Blocks a reader thread may send before the writer has written them. */
const IN_FLIGHT = 3

/** The rollup dimensions of a staged row (STAGE_COLUMNS indexes), in cost_import_daily's order. */
const DIMS = [C.account, C.billing_period, C.day, C.service, C.service_category, C.region, C.sub_account, C.charge_category, C.currency]

/** One (segment, day, rollup dimensions) cell of an import's daily sums. */
interface DaySum {
  dims: string[]
  billed: MoneySum
  effective: MoneySum
  list: MoneySum
  rows: number
}

type Level = Map<unknown, Level | DaySum>

/**
 * Rows per (account, billing period) segment with their day range, and sums per day and rollup dimensions. The sums
 * are found through one map per dimension (the values are mostly the same strings row after row, already hashed).
 */
class Rollup {
  private readonly segs = new Map<string, Segment>()
  private readonly tree: Level = new Map()
  private readonly list: DaySum[] = []
  private seg: Segment | undefined

  add(rows: unknown[][], n: number): void {
    for (let q = 0; q < n; q++) {
      const r = rows[q]!
      const account = r[C.account] as string
      const period = r[C.billing_period] as string
      const day = r[C.day] as string
      let seg = this.seg
      if (seg === undefined || seg.account !== account || seg.period !== period) {
        const key = `${account}\u0000${period}`
        seg = this.segs.get(key)
        if (!seg) this.segs.set(key, (seg = { account, period, rows: 0, lo: day, hi: day }))
        this.seg = seg
      }
      seg.rows++
      if (day < seg.lo) seg.lo = day
      if (day > seg.hi) seg.hi = day
      let level = this.tree
      for (let d = 0; d < DIMS.length - 1; d++) {
        const v = r[DIMS[d]!]
        let next = level.get(v) as Level | undefined
        if (!next) level.set(v, (next = new Map()))
        level = next
      }
      const last = r[DIMS[DIMS.length - 1]!]
      let s = level.get(last) as DaySum | undefined
      if (!s) {
        s = { dims: DIMS.map((i) => r[i] as string), billed: new MoneySum(), effective: new MoneySum(), list: new MoneySum(), rows: 0 }
        level.set(last, s)
        this.list.push(s)
      }
      // each amount's three limbs are adjacent in a staged row; a row without a list cost has nulls there
      s.billed.addAt(r, C.billed_giga)
      s.effective.addAt(r, C.effective_giga)
      s.list.addAt(r, C.list_giga)
      s.rows++
    }
  }

  result(): { segments: Segment[]; sums: (string | number)[][] } {
    return {
      segments: [...this.segs.values()],
      sums: this.list.map((s) => [...s.dims, ...s.billed.limbs, ...s.effective.limbs, ...s.list.limbs, s.rows])
    }
  }
}

/** Reads a bill on this thread: blocks go to `emit` (awaited), segments and sums come back with the summary. */
export async function readBill(
  input: ReadInput,
  emit: (block: RowBlock, transfer: ArrayBuffer[]) => void | Promise<void>,
  onProgress: ReadProgress,
  signal?: AbortSignal
): Promise<ReadResult> {
  const encoder = new BlockEncoder(STAGE_COLUMNS.length)
  const rollup = new Rollup()
  const summary = await parseBill({
    ...input,
    ...(signal ? { signal } : {}),
    onProgress,
    onBatch: (rows, n) => {
      rollup.add(rows, n)
      const { block, transfer } = encoder.encode(rows, n)
      return emit(block, transfer)
    }
  })
  return { ...summary, ...rollup.result() }
}

type ToReader = { type: 'start'; input: ReadInput } | { type: 'ack' }
type FromReader =
  | { type: 'block'; block: RowBlock }
  | { type: 'progress'; p: Parameters<ReadProgress>[0] }
  | { type: 'done'; result: ReadResult }
  | ErrorMessage

/** Reads a bill on a thread of its own (`spawn` starts the costs worker script in the `costs-reader` role). */
export function readBillOnThread(
  spawn: () => Worker,
  input: ReadInput,
  onBlock: (block: RowBlock) => void | Promise<void>,
  onProgress: ReadProgress,
  signal?: AbortSignal
): Promise<ReadResult> {
  return new Promise((resolve, reject) => {
    const worker = spawn()
    const job = settleOnce(worker, signal, reject, () => new AppError('CANCELLED', 'import cancelled; nothing was imported'))
    const finish = job.finish
    if (job.settled) return
    // blocks are written one after the other (the writer may pause between them); the rest waits its turn
    let queue: Promise<void> = Promise.resolve()
    const inOrder = (fn: () => void | Promise<void>): void => {
      queue = queue.then(async () => {
        if (!job.settled) await fn()
      })
      queue.catch((err: unknown) => finish(() => reject(err as Error)))
    }
    worker.on('message', (m: FromReader) => {
      if (job.settled) return
      if (m.type === 'block')
        inOrder(async () => {
          await onBlock(m.block)
          worker.postMessage({ type: 'ack' } satisfies ToReader)
        })
      else if (m.type === 'progress') inOrder(() => onProgress(m.p))
      else if (m.type === 'done') inOrder(() => finish(() => resolve(m.result)))
      else finish(() => reject(fromErrorMessage(m)))
    })
    worker.on('error', (err) => finish(() => reject(err)))
    worker.on('exit', (code) => finish(() => reject(new Error(`costs reader thread exited with code ${code} before answering`))))
    worker.postMessage({ type: 'start', input } satisfies ToReader)
  })
}

/** The reader thread's side of readBillOnThread. */
export function serveBillReader(): void {
  const port = parentPort
  if (!port) throw new Error('the costs reader must run in a worker thread')
  let credits = IN_FLIGHT
  let wake: (() => void) | null = null
  port.on('message', (m: ToReader) => {
    if (m.type === 'ack') {
      credits++
      wake?.()
      wake = null
      return
    }
    let last = 0
    readBill(
      m.input,
      async (block, transfer) => {
        while (credits === 0) await new Promise<void>((r) => (wake = r))
        credits--
        port.postMessage({ type: 'block', block } satisfies FromReader, transfer)
      },
      (p) => {
        const now = Date.now()
        if (now - last < 100 && p.bytes < p.totalBytes) return
        last = now
        port.postMessage({ type: 'progress', p } satisfies FromReader)
      }
    )
      .then((result) => port.postMessage({ type: 'done', result } satisfies FromReader))
      .catch((err: unknown) => port.postMessage(toErrorMessage(err) satisfies FromReader))
  })
}
