import fc from 'fast-check'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { numberFromBytes } from './cells'
import { openCsv, type CsvOptions } from './csv'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-csv-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
let n = 0
const write = (content: string | Buffer, name = `f${++n}.csv`): string => {
  const f = path.join(dir, name)
  fs.writeFileSync(f, content)
  return f
}

/** Every row of a file as [row number, fields]. */
async function rowsOf(file: string, opts: CsvOptions = {}): Promise<[number, string[]][]> {
  const r = await openCsv(file, opts)
  const out: [number, string[]][] = []
  for await (const b of r)
    for (let i = 0; i < b.length; i++) out.push([b.rowNumber(i), Array.from({ length: b.width(i) }, (_, j) => b.text(i, j))])
  return out
}

describe('CSV reader: RFC 4180', () => {
  const text = 'a,b,c\r\n1,"x, ""quoted""\nline",3\n\n"",,"z"\rlast,"",end'
  const expected: [number, string[]][] = [
    [2, ['1', 'x, "quoted"\nline', '3']],
    [4, ['', '', 'z']],
    [5, ['last', '', 'end']]
  ]

  it('reads quoted fields with delimiters, line breaks and doubled quotes; CRLF, CR and LF; skips blank lines but counts them', async () => {
    const f = write(text)
    const r = await openCsv(f)
    expect(r.columns).toEqual(['a', 'b', 'c'])
    expect(await rowsOf(f)).toEqual(expected)
  })

  it('gives the same rows whatever the chunk boundaries', async () => {
    const f = write(text)
    for (const chunkBytes of [1, 2, 3, 5, 7, 13])
      expect(await rowsOf(f, { chunkBytes, sampleBytes: 8 }), `chunk ${chunkBytes}`).toEqual(expected)
  })

  it('keeps a trailing empty field, text after a closing quote, and ragged rows as they are', async () => {
    expect(await rowsOf(write('a,b,c\n1,2,\n"x"y,2\n1,2,3,4\n'))).toEqual([
      [2, ['1', '2', '']],
      [3, ['xy', '2']],
      [4, ['1', '2', '3', '4']]
    ])
  })

  it('names row and column (as a spreadsheet shows them) when a quote is never closed', async () => {
    const f = write('id,name,score\n1,ok,2\n2,"broken,3\n3,x,4\n')
    await expect(rowsOf(f)).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'path',
      message: expect.stringMatching(/: row 3, column 2 \(name\): a quoted field is never closed/)
    })
  })

  it('reads a long quoted field across many chunks without rescanning it from the start each time', async () => {
    const long = 'x'.repeat(300_000)
    const f = write(`a,b\n1,"${long}"\n2,"y"\n`)
    const rows = await rowsOf(f, { chunkBytes: 1024 })
    expect(rows.map(([r, v]) => [r, v[0], v[1]!.length])).toEqual([
      [2, '1', 300_000],
      [3, '2', 1]
    ])
  })
})

describe('CSV reader: encodings and compression', () => {
  const rows = [
    ['Köln', '1'],
    ['Zürich', '2'],
    ['€ 5', '3']
  ]
  const body = 'city,n\n' + rows.map((r) => r.join(',')).join('\n') + '\n'
  const expected = rows.map((r, i) => [i + 2, r])

  it('reads UTF-8 with and without a BOM', async () => {
    const plain = await openCsv(write(body))
    expect([plain.encoding, plain.bom]).toEqual(['utf-8', false])
    expect(await rowsOf(write(body))).toEqual(expected)
    const bom = write(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]))
    const r = await openCsv(bom)
    expect([r.encoding, r.bom, r.columns]).toEqual(['utf-8', true, ['city', 'n']])
    expect(await rowsOf(bom)).toEqual(expected)
  })

  it('reads UTF-16 LE and BE with a BOM, also when chunks split characters', async () => {
    const le = write(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]))
    const be = write(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(body, 'utf16le').swap16()]))
    for (const [f, enc] of [
      [le, 'utf-16le'],
      [be, 'utf-16be']
    ] as const) {
      expect((await openCsv(f)).encoding).toBe(enc)
      expect(await rowsOf(f)).toEqual(expected)
      expect(await rowsOf(f, { chunkBytes: 3, sampleBytes: 5 })).toEqual(expected)
    }
  })

  it('falls back to Latin-1 (Windows-1252) when the start is not UTF-8', async () => {
    const f = write(Buffer.from(body.replace('€', 'EUR'), 'latin1'))
    const r = await openCsv(f)
    expect(r.encoding).toBe('latin-1')
    expect(r.warnings.join(' ')).toMatch(/not valid UTF-8/)
    expect((await rowsOf(f)).map(([, v]) => v[0])).toEqual(['Köln', 'Zürich', 'EUR 5'])
    // Windows-1252 bytes 0x80-0x9F are the euro sign, curly quotes…
    expect((await rowsOf(write(Buffer.from([0x61, 0x0a, 0x80, 0x92, 0x0a])))).map(([, v]) => v[0])).toEqual(['€’'])
  })

  it('switches to Latin-1 at the first non-UTF-8 byte after ASCII-only rows, and refuses it after real UTF-8', async () => {
    const ascii = 'name,n\n' + Array.from({ length: 20_000 }, (_, i) => `row${i},${i}`).join('\n') + '\n'
    const late = write(Buffer.concat([Buffer.from(ascii), Buffer.from('Köln,1\n', 'latin1')]))
    const r = await openCsv(late, { sampleBytes: 1024, chunkBytes: 4096 })
    const got: string[] = []
    for await (const b of r) for (let i = 0; i < b.length; i++) got.push(b.text(i, 0))
    expect(got.at(-1)).toBe('Köln')
    expect(r.encoding).toBe('latin-1')
    expect(r.warnings.join(' ')).toMatch(/from row 20002, column 1 \(name\) on; it is read as Latin-1/)
    const mixed = write(Buffer.concat([Buffer.from('name,n\nZürich,0\n' + ascii.slice(7)), Buffer.from('Köln,1\n', 'latin1')]))
    await expect(rowsOf(mixed, { sampleBytes: 1024, chunkBytes: 4096 })).rejects.toThrow(
      /row 20003, column 1 \(name\): not valid UTF-8 \(byte 0xF6\), though the rows before are/
    )
  })

  it('reads gzip-compressed CSV and names a broken one', async () => {
    const f = write(zlib.gzipSync(body), 'bill.csv.gz')
    const r = await openCsv(f)
    expect(r.format).toBe('csv.gz')
    expect(await rowsOf(f)).toEqual(expected)
    const gz = zlib.gzipSync(Buffer.from(body.repeat(2000)))
    const broken = write(Buffer.concat([gz.subarray(0, 200), Buffer.alloc(200, 7)]), 'broken.csv.gz')
    await expect(rowsOf(broken)).rejects.toThrow(/broken\.csv\.gz: not a valid gzip file/)
  })

  it('refuses missing, empty and Parquet files clearly', async () => {
    await expect(openCsv(path.join(dir, 'nope.csv'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/does not exist/)
    })
    await expect(openCsv(write(''))).rejects.toThrow(/the file is empty/)
    await expect(openCsv(write('\n\n\n'))).rejects.toThrow(/holds no rows/)
    await expect(openCsv(write('PAR1xxxx'))).rejects.toThrow(/is a Parquet file, not CSV/)
  })
})

describe('CSV reader: detection and cells', () => {
  it('detects the delimiter and the header', async () => {
    const semi = await openCsv(write('a;b;c\n1;2,5;3\n4;5;6\n'))
    expect([semi.delimiter, semi.header, semi.columns]).toEqual([';', true, ['a', 'b', 'c']])
    expect((await openCsv(write('a\tb\n1\t2\n'))).delimiter).toBe('\t')
    expect((await openCsv(write('a|b\n1|2\n'))).delimiter).toBe('|')
    const single = await openCsv(write('just one column\nvalue\n'))
    expect(single.singleColumn).toBe(true)
    const headless = await openCsv(write('1,2\n3,4\n'))
    expect([headless.header, headless.columns]).toEqual([false, ['column_1', 'column_2']])
    expect(await rowsOf(write('1,2\n3,4\n'))).toEqual([
      [1, ['1', '2']],
      [2, ['3', '4']]
    ])
    const named = await openCsv(write('id,score\n1,2\n3,4\n'))
    expect(named.header).toBe(true)
    const dupes = await openCsv(write('a,,a\n1,2,3\n'))
    expect([dupes.columns, dupes.rawHeader]).toEqual([
      ['a', 'column_2', 'a_2'],
      ['a', '', 'a']
    ])
    const forced = await openCsv(write('a;b\n1;2\n'), { delimiter: ',', header: false })
    expect([forced.delimiter, forced.header, forced.columns]).toEqual([',', false, ['column_1']])
    expect(forced.warnings.join(' ')).toMatch(/looks separated by “;”/)
  })

  it('reads numbers straight from bytes exactly as Number() does, and from text when they are not plain', async () => {
    const f = write('v\n1\n-2.5\n.5\n1e-7\n" 3 "\n0x10\nNaN\n\n12345678901234567890\n')
    const r = await openCsv(f)
    const got: number[] = []
    for await (const b of r) for (let i = 0; i < b.length; i++) got.push(b.number(i, 0))
    expect(got).toEqual([1, -2.5, 0.5, 1e-7, 3, Number.NaN, Number.NaN, 12345678901234567890])
    // the same, a column at a time
    const column: number[] = []
    for await (const b of await openCsv(f)) {
      const out = new Float64Array(b.length + 2).fill(-1)
      b.numbers(0, out, 2)
      column.push(...out.subarray(2))
      expect(Array.from(out.subarray(0, 2))).toEqual([-1, -1])
    }
    expect(column).toEqual(got)
  })

  it('numberFromBytes agrees with Number() on every plain decimal it accepts', () => {
    const decimal = fc
      .tuple(
        fc.constantFrom('', '-', '+'),
        fc.stringMatching(/^\d{0,12}$/),
        fc.option(fc.stringMatching(/^\d{0,10}$/)),
        fc.option(fc.integer({ min: -30, max: 30 }))
      )
      .map(([s, i, f, e]) => `${s}${i}${f === null ? '' : `.${f}`}${e === null ? '' : `e${e}`}`)
    fc.assert(
      fc.property(decimal, (s) => {
        const b = Buffer.from(s)
        const v = numberFromBytes(b, 0, b.length)
        if (!Number.isNaN(v)) expect(Object.is(v, Number(s)), s).toBe(true)
      }),
      { numRuns: 5000 }
    )
    expect(numberFromBytes(Buffer.from('1.5'), 0, 3)).toBe(1.5)
    for (const bad of ['', '-', '.', 'e5', '1e', '1.2.3', '1 ', 'abc'])
      expect(numberFromBytes(Buffer.from(bad), 0, bad.length), bad).toBeNaN()
  })
})
