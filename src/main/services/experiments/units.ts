/**
 * Unit ids → dense indexes 0, 1, 2 … for millions of units without a JavaScript Map entry per unit: an open-addressing
 * hash table over a character arena (about 40 bytes per unit instead of ~100).
 */
const EMPTY = 0

export class UnitIndex {
  private slots: Int32Array
  private mask: number
  private chars: Uint16Array
  private charEnd = 0
  private starts: Uint32Array
  private hashes: Uint32Array
  size = 0

  constructor(expected = 1024) {
    let cap = 1024
    while (cap < expected * 2) cap *= 2
    this.slots = new Int32Array(cap)
    this.mask = cap - 1
    this.chars = new Uint16Array(Math.max(4096, expected * 12))
    this.starts = new Uint32Array(Math.max(1024, expected) + 1)
    this.hashes = new Uint32Array(Math.max(1024, expected))
  }

  private static hash(id: string): number {
    let h = 0x811c9dc5
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193)
    // final avalanche so that the low bits used for slots are mixed
    h ^= h >>> 15
    h = Math.imul(h, 0x2c1b3c6d)
    h ^= h >>> 12
    return h >>> 0
  }

  private equals(idx: number, id: string): boolean {
    const s = this.starts[idx]!
    const e = this.starts[idx + 1]!
    if (e - s !== id.length) return false
    for (let i = 0; i < id.length; i++) if (this.chars[s + i] !== id.charCodeAt(i)) return false
    return true
  }

  /** The id's index, or -1. */
  get(id: string): number {
    const h = UnitIndex.hash(id)
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const v = this.slots[slot]!
      if (v === EMPTY) return -1
      if (this.hashes[v - 1] === h && this.equals(v - 1, id)) return v - 1
    }
  }

  /** The id's index, adding it when new. */
  add(id: string): number {
    const h = UnitIndex.hash(id)
    let slot = h & this.mask
    for (; ; slot = (slot + 1) & this.mask) {
      const v = this.slots[slot]!
      if (v === EMPTY) break
      if (this.hashes[v - 1] === h && this.equals(v - 1, id)) return v - 1
    }
    const idx = this.size++
    this.ensure(idx, id.length)
    this.starts[idx] = this.charEnd
    for (let i = 0; i < id.length; i++) this.chars[this.charEnd++] = id.charCodeAt(i)
    this.starts[idx + 1] = this.charEnd
    this.hashes[idx] = h
    this.slots[slot] = idx + 1
    if (this.size * 2 > this.slots.length) this.rehash()
    return idx
  }

  /** The id at an index. */
  id(idx: number): string {
    return String.fromCharCode(...this.chars.subarray(this.starts[idx], this.starts[idx + 1]))
  }

  private ensure(idx: number, len: number): void {
    if (idx + 2 > this.starts.length) {
      const s = new Uint32Array(this.starts.length * 2)
      s.set(this.starts)
      this.starts = s
    }
    if (idx >= this.hashes.length) {
      const h = new Uint32Array(this.hashes.length * 2)
      h.set(this.hashes)
      this.hashes = h
    }
    if (this.charEnd + len > this.chars.length) {
      const c = new Uint16Array(Math.max(this.chars.length * 2, this.charEnd + len))
      c.set(this.chars.subarray(0, this.charEnd))
      this.chars = c
    }
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2)
    const mask = slots.length - 1
    for (let idx = 0; idx < this.size; idx++) {
      let slot = this.hashes[idx]! & mask
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask
      slots[slot] = idx + 1
    }
    this.slots = slots
    this.mask = mask
  }
}
