/**
 * Row batches as column blocks, to hand from the thread that reads a bill to the thread that writes it: numbers in
 * a Float64Array (NaN = null), strings as dictionary codes in an Int32Array (-1 = null) with the dictionary sent once
 * per new string, anything else as a plain array. The typed arrays are transferred, not copied.
 */

export type BlockColumn =
  { t: 'f64'; v: Float64Array } | { t: 'dict'; codes: Int32Array; added: string[]; reset: boolean } | { t: 'any'; v: unknown[] }

export interface RowBlock {
  n: number
  cols: BlockColumn[]
}

/** Distinct strings a column's dictionary holds before it starts over (bounds memory for id-like columns). */
const DICT_LIMIT = 50_000

export class BlockEncoder {
  private readonly dicts: Map<string, number>[]

  constructor(private readonly width: number) {
    this.dicts = Array.from({ length: width }, () => new Map<string, number>())
  }

  /** Encodes rows[0..n) (arrays of `width` values); returns the block and the buffers to transfer. */
  encode(rows: unknown[][], n: number): { block: RowBlock; transfer: ArrayBuffer[] } {
    const cols: BlockColumn[] = []
    const transfer: ArrayBuffer[] = []
    for (let c = 0; c < this.width; c++) {
      const col = this.encodeColumn(rows, n, c)
      cols.push(col)
      if (col.t === 'f64') transfer.push(col.v.buffer as ArrayBuffer)
      else if (col.t === 'dict') transfer.push(col.codes.buffer as ArrayBuffer)
    }
    return { block: { n, cols }, transfer }
  }

  /** Numbers (and nulls) as f64, strings (and nulls) as dictionary codes, anything else as is. */
  private encodeColumn(rows: unknown[][], n: number, c: number): BlockColumn {
    let q = 0
    while (q < n && rows[q]![c] === null) q++
    const first = q < n ? typeof rows[q]![c] : 'number'
    if (first === 'number') {
      const v = new Float64Array(n)
      for (q = 0; q < n; q++) {
        const x = rows[q]![c]
        if (typeof x === 'number') v[q] = x
        else if (x === null) v[q] = Number.NaN
        else return { t: 'any', v: rows.slice(0, n).map((r) => r[c]) }
      }
      return { t: 'f64', v }
    }
    if (first === 'string') {
      let dict = this.dicts[c]!
      let reset = false
      if (dict.size > DICT_LIMIT) {
        dict = this.dicts[c] = new Map()
        reset = true
      }
      const codes = new Int32Array(n)
      const added: string[] = []
      for (q = 0; q < n; q++) {
        const x = rows[q]![c]
        if (x === null) {
          codes[q] = -1
          continue
        }
        if (typeof x !== 'string') {
          // undo this block's additions: the decoder will not see them
          for (const a of added) dict.delete(a)
          return { t: 'any', v: rows.slice(0, n).map((r) => r[c]) }
        }
        let k = dict.get(x)
        if (k === undefined) {
          k = dict.size
          dict.set(x, k)
          added.push(x)
        }
        codes[q] = k
      }
      return { t: 'dict', codes, added, reset }
    }
    return { t: 'any', v: rows.slice(0, n).map((r) => r[c]) }
  }
}

export class BlockDecoder {
  private readonly dicts: string[][]
  private block: RowBlock = { n: 0, cols: [] }

  constructor(width: number) {
    this.dicts = Array.from({ length: width }, () => [])
  }

  /** Takes the next block (blocks must come in the order they were encoded). */
  load(block: RowBlock): void {
    block.cols.forEach((col, c) => {
      if (col.t !== 'dict') return
      if (col.reset) this.dicts[c] = []
      const d = this.dicts[c]!
      for (const s of col.added) d.push(s)
    })
    this.block = block
  }

  get rows(): number {
    return this.block.n
  }

  /**
   * Writes rows [from, to) into `out` as consecutive records of `stride` values, column c at offset `at + c`
   * (column by column: one typed array read after another).
   */
  fill(out: unknown[], from: number, to: number, stride: number, at: number): void {
    const cols = this.block.cols
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c]!
      let k = at + c
      if (col.t === 'f64') {
        const v = col.v
        for (let q = from; q < to; q++, k += stride) {
          const x = v[q]!
          out[k] = x === x ? x : null
        }
      } else if (col.t === 'dict') {
        const codes = col.codes
        const dict = this.dicts[c]!
        for (let q = from; q < to; q++, k += stride) {
          const x = codes[q]!
          out[k] = x < 0 ? null : dict[x]
        }
      } else for (let q = from; q < to; q++, k += stride) out[k] = col.v[q]
    }
  }

  value(q: number, c: number): unknown {
    const col = this.block.cols[c]!
    if (col.t === 'f64') {
      const v = col.v[q]!
      return v === v ? v : null
    }
    if (col.t === 'dict') {
      const k = col.codes[q]!
      return k < 0 ? null : this.dicts[c]![k]
    }
    return col.v[q]
  }
}
