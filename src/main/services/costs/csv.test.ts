import { describe, expect, it } from 'vitest'
import { CsvParser } from './csv'

function parseAll(text: string, chunkSizes: number[] = [text.length || 1]): string[][] {
  const p = new CsvParser()
  const out: string[][] = []
  let i = 0
  let k = 0
  while (i < text.length) {
    const size = chunkSizes[k++ % chunkSizes.length]!
    p.push(text.slice(i, i + size), (r) => out.push(r))
    i += size
  }
  p.end((r) => out.push(r))
  return out
}

describe('CsvParser', () => {
  const text = '\ufeffa,b,c\r\n1,"x, ""quoted""\nline",3\n\n"",,"z"\rlast,"",end'
  const expected = [
    ['a', 'b', 'c'],
    ['1', 'x, "quoted"\nline', '3'],
    ['', '', 'z'],
    ['last', '', 'end']
  ]

  it('parses quotes, escaped quotes, embedded newlines, CRLF/CR, BOM and blank lines', () => {
    expect(parseAll(text)).toEqual(expected)
  })

  it('gives the same records whatever the chunk boundaries', () => {
    for (const sizes of [[1], [2], [3], [5, 1, 7], [13]]) expect(parseAll(text, sizes)).toEqual(expected)
  })

  it('keeps a trailing empty field and refuses an unclosed quote', () => {
    expect(parseAll('a,b,\n')).toEqual([['a', 'b', '']])
    expect(() => parseAll('a,"b\n')).toThrow(/quoted field/)
  })
})
