/**
 * Event records spilled to temporary files in partitions of consecutive unit indexes, so that the per-unit pass
 * holds one partition at a time in memory however large the events file is. A record is three float64s:
 * unit index × 65536 + event index, timestamp (ms; NaN for a covariate), value.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const BUFFER_RECORDS = 4096
export const RECORD = 3

export class Spool {
  readonly dir: string
  private fds: number[]
  private buffers: Float64Array[]
  private fill: Int32Array
  readonly counts: Float64Array

  constructor(
    readonly partitions: number,
    readonly unitsPerPartition: number
  ) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-experiments-'))
    this.fds = Array.from({ length: partitions }, (_, p) => fs.openSync(path.join(this.dir, `p${p}.bin`), 'w+'))
    this.buffers = Array.from({ length: partitions }, () => new Float64Array(BUFFER_RECORDS * RECORD))
    this.fill = new Int32Array(partitions)
    this.counts = new Float64Array(partitions)
  }

  push(unit: number, event: number, ts: number, value: number): void {
    const p = Math.floor(unit / this.unitsPerPartition)
    const b = this.buffers[p]!
    let k = this.fill[p]! * RECORD
    b[k++] = unit * 65536 + event
    b[k++] = ts
    b[k] = value
    this.counts[p]!++
    if (++this.fill[p]! === BUFFER_RECORDS) this.flush(p)
  }

  private flush(p: number): void {
    const n = this.fill[p]!
    if (!n) return
    const b = this.buffers[p]!
    fs.writeSync(this.fds[p]!, new Uint8Array(b.buffer, 0, n * RECORD * 8))
    this.fill[p] = 0
  }

  /** Every record of a partition (after all pushes). */
  read(p: number): Float64Array {
    this.flush(p)
    const bytes = this.counts[p]! * RECORD * 8
    const out = new Float64Array(this.counts[p]! * RECORD)
    if (bytes) fs.readSync(this.fds[p]!, new Uint8Array(out.buffer), 0, bytes, 0)
    return out
  }

  close(): void {
    for (const fd of this.fds) fs.closeSync(fd)
    fs.rmSync(this.dir, { recursive: true, force: true })
  }
}
