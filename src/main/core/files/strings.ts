/**
 * Decoded strings remembered by their bytes: names, codes, dates and tag sets repeat on most rows of a table, and
 * looking them up is cheaper than decoding (and later collecting) a new string each time. Direct-mapped: a slot
 * holds the last string whose bytes hashed to it.
 */
const SLOTS = 1 << 13
const MAX_LEN = 64

export class StringCache {
  private readonly bytes = new Uint8Array(SLOTS * MAX_LEN)
  private readonly lens = new Int16Array(SLOTS).fill(-1)
  private readonly kinds = new Uint8Array(SLOTS)
  private readonly strings: string[] = new Array<string>(SLOTS).fill('')
  hits = 0
  misses = 0

  /** The string for b[s, e) of `kind` (a caller's tag: how the bytes are to be decoded), decoding it on a miss. */
  get(b: Uint8Array, s: number, e: number, kind: number, decode: (b: Uint8Array, s: number, e: number) => string): string {
    const len = e - s
    if (len > MAX_LEN) return decode(b, s, e)
    let h = 0x811c9dc5 ^ kind
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193)
    const slot = (h ^ (h >>> 15)) & (SLOTS - 1)
    const at = slot * MAX_LEN
    if (this.lens[slot] === len && this.kinds[slot] === kind) {
      const keys = this.bytes
      let i = 0
      while (i < len && keys[at + i] === b[s + i]) i++
      if (i === len) {
        this.hits++
        return this.strings[slot]!
      }
    }
    this.misses++
    const str = decode(b, s, e)
    const keys = this.bytes
    for (let i = 0; i < len; i++) keys[at + i] = b[s + i]!
    this.lens[slot] = len
    this.kinds[slot] = kind
    this.strings[slot] = str
    return str
  }

  clear(): void {
    this.lens.fill(-1)
  }
}
