import { describe, expect, it } from 'vitest'
import { BlockDecoder, BlockEncoder } from './blocks'

/** Round trip through the encoder and decoder, as the reader and writer threads use them (structured clone included). */
function roundTrip(batches: unknown[][][], width: number): unknown[][][] {
  const enc = new BlockEncoder(width)
  const dec = new BlockDecoder(width)
  return batches.map((rows) => {
    const { block, transfer } = enc.encode(rows, rows.length)
    dec.load(structuredClone(block, { transfer }))
    const out: unknown[][] = []
    for (let q = 0; q < dec.rows; q++) out.push(Array.from({ length: width }, (_, c) => dec.value(q, c)))
    const filled = new Array<unknown>(dec.rows * (width + 1)).fill('x')
    dec.fill(filled, 0, dec.rows, width + 1, 1)
    expect(filled.filter((_, k) => k % (width + 1) !== 0)).toEqual(out.flat())
    return out
  })
}

describe('row blocks between the reader and writer threads', () => {
  it('carry numbers, strings, nulls and other values exactly, with dictionaries sent once per new string', () => {
    const batches = [
      [
        [1.5, 'a', null, 10n],
        [null, 'b', 'x', 11n],
        [2 ** 53 - 1, 'a', 'y', null]
      ],
      [
        [0, 'b', null, 12n],
        [-7, 'c', null, null]
      ],
      // a column that changes type within a block is sent as it is
      [
        [1, 'a', 'x', 'text'],
        ['2', 'a', 3, 4]
      ]
    ]
    expect(roundTrip(batches, 4)).toEqual(batches)
    const enc = new BlockEncoder(2)
    const first = enc.encode([['a', 1]], 1).block
    const second = enc.encode([['a', 2]], 1).block
    expect(first.cols[0]).toMatchObject({ t: 'dict', added: ['a'] })
    expect(second.cols[0]).toMatchObject({ t: 'dict', added: [] })
    expect(second.cols[1]!.t).toBe('f64')
  })

  it('start a dictionary over once it is large, without losing values', () => {
    const batches = Array.from({ length: 30 }, (_, b) => Array.from({ length: 2500 }, (_, i) => [`id-${b * 2500 + i}`, b]))
    const out = roundTrip(batches, 2)
    expect(out).toEqual(batches)
  })
})
