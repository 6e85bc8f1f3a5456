import { describe, expect, it } from 'vitest'
import { canonicalJson, jsonDiff, lineDiff } from './jsonDiff'

const sides = (d: { op: string; text: string }[]) => ({
  a: d.filter((l) => l.op !== '+').map((l) => l.text),
  b: d.filter((l) => l.op !== '-').map((l) => l.text)
})

describe('lineDiff', () => {
  it('rebuilds both sides, and shows a change as the removed line before the added one', () => {
    const d = lineDiff(['{', '  "a": 1,', '  "n": "x"', '}'], ['{', '  "a": 1,', '  "n": "y"', '}'])
    expect(d.map((l) => l.op + l.text)).toEqual([' {', '   "a": 1,', '-  "n": "x"', '+  "n": "y"', ' }'])
  })

  it('keeps both sides on random inputs and marks no more lines than differ', () => {
    let seed = 7
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    for (let t = 0; t < 200; t++) {
      const a = Array.from({ length: rnd(12) }, () => String.fromCharCode(97 + rnd(4)))
      const b = Array.from({ length: rnd(12) }, () => String.fromCharCode(97 + rnd(4)))
      const d = lineDiff(a, b)
      expect(sides(d)).toEqual({ a, b })
      // within each run of changes, every removed line comes before every added one
      const ops = d.map((l) => l.op).join('')
      expect(ops).not.toMatch(/\+-/)
    }
  })

  it('diffs canonical JSON, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }))
    expect(jsonDiff({ a: 1 }, { a: 1 }).every((l) => l.op === ' ')).toBe(true)
    expect(jsonDiff(null, { a: 1 }).every((l) => l.op === '+')).toBe(true)
  })
})
