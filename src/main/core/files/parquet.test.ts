import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { afterAll, describe, expect, it } from 'vitest'
import { inspectFile, inspectTable } from './inspect'
import { openTable } from './open'
import { openParquet } from './parquet'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-parquet-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const write = (name: string, content: string | Buffer | ArrayBuffer): string => {
  const f = path.join(dir, name)
  fs.writeFileSync(f, content instanceof ArrayBuffer ? Buffer.from(content) : content)
  return f
}

const N = 40_000
const parquet = write(
  'data.parquet',
  parquetWriteBuffer({
    columnData: [
      { name: 'id', data: Array.from({ length: N }, (_, i) => i), type: 'INT32' },
      { name: 'score', data: Array.from({ length: N }, (_, i) => (i % 7 === 0 ? null : i / 4)), type: 'DOUBLE' },
      { name: 'city', data: Array.from({ length: N }, (_, i) => ['Köln', 'Paris', null][i % 3]!), type: 'STRING' },
      { name: 'ok', data: Array.from({ length: N }, (_, i) => i % 2 === 0), type: 'BOOLEAN' },
      { name: 'at', data: Array.from({ length: N }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 3_600_000)), type: 'TIMESTAMP' }
    ],
    rowGroupSize: 15_000
  })
)

describe('Parquet adapter', () => {
  it('hands out the same batch shape as the CSV reader, row group by row group, reading only the columns asked for', async () => {
    const r = await openParquet(parquet, { columns: ['score', 'city', 'at'], batchRows: 4096 })
    expect(r.columns).toEqual(['score', 'city', 'at'])
    expect(r.fileColumns).toEqual(['id', 'score', 'city', 'ok', 'at'])
    let rows = 0
    let batches = 0
    let sum = 0
    let missing = 0
    for await (const b of r) {
      batches++
      for (let i = 0; i < b.length; i++) {
        const k = rows + i
        expect(b.rowNumber(i)).toBe(k + 1)
        if (b.isEmpty(i, 0)) missing++
        else sum += b.number(i, 0)
        if (i === 0) {
          expect(b.text(i, 1)).toBe(['Köln', 'Paris', ''][k % 3])
          expect(b.value(i, 2)).toEqual(new Date(Date.UTC(2024, 0, 1) + k * 3_600_000))
          expect(b.text(i, 2)).toBe(new Date(Date.UTC(2024, 0, 1) + k * 3_600_000).toISOString())
          expect(b.number(i, 2)).toBe(Date.UTC(2024, 0, 1) + k * 3_600_000)
        }
      }
      const column = new Float64Array(b.length)
      b.numbers(0, column, 0)
      expect(Array.from(column)).toEqual(Array.from({ length: b.length }, (_, i) => b.number(i, 0)))
      rows += b.length
    }
    expect(rows).toBe(N)
    expect(batches).toBe(11) // row groups of 15,000, 15,000 and 10,000 rows, in slices of 4,096: 4 + 4 + 3
    expect(missing).toBe(Math.ceil(N / 7))
    let expected = 0
    for (let i = 0; i < N; i++) if (i % 7) expected += i / 4
    expect(sum).toBeCloseTo(expected, 6)
    expect(r.bytesRead).toBe(r.size)
  })

  it('refuses unknown columns and files that are not Parquet', async () => {
    await expect(openParquet(parquet, { columns: ['nope'] })).rejects.toThrow(
      /data\.parquet: has no column "nope" \(columns: id, score, city, ok, at\)/
    )
    await expect(openParquet(write('bad.parquet', 'PAR1 but not really'))).rejects.toThrow(/bad\.parquet: not a readable Parquet file/)
  })

  it('is what openTable picks by the file’s first bytes, whatever its name', async () => {
    const renamed = write('data.bin', fs.readFileSync(parquet))
    expect((await openTable(renamed)).format).toBe('parquet')
    expect((await openTable(write('t.parquet.txt', 'a,b\n1,2\n'))).format).toBe('csv')
  })
})

describe('inspect: one shape for every file', () => {
  it('describes a CSV: format, encoding, delimiter, header, typed columns with samples, an estimated row count', async () => {
    const lines = ['id;price;when;day;flag;name;empty']
    for (let i = 0; i < 20_000; i++)
      lines.push(
        `${i};${(i * 1.25).toFixed(2)};2024-01-01T${String(i % 24).padStart(2, '0')}:00:00Z;2024-02-${String((i % 28) + 1).padStart(2, '0')};${i % 2 ? 'yes' : 'no'};n${i % 4};`
      )
    const f = write('wide.csv', lines.join('\r\n') + '\r\n')
    const insp = await inspectFile(f, { sampleRows: 1000 })
    expect(insp).toMatchObject({
      path: f,
      format: 'csv',
      size: fs.statSync(f).size,
      encoding: 'utf-8',
      bom: false,
      delimiter: ';',
      header: true,
      sampleRows: 1000,
      rowsExact: false,
      warnings: []
    })
    expect(insp.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'integer'],
      ['price', 'number'],
      ['when', 'datetime'],
      ['day', 'date'],
      ['flag', 'boolean'],
      ['name', 'string'],
      ['empty', 'empty']
    ])
    expect(insp.columns[5]).toEqual({ name: 'name', type: 'string', missing: 0, distinct: 4, samples: ['n0', 'n1', 'n2', 'n3'] })
    expect(insp.columns[6]!.missing).toBe(1000)
    expect(Math.abs(insp.rowEstimate - 20_000) / 20_000).toBeLessThan(0.05)
  })

  it('counts rows exactly when the sample is the whole file, and the same for its gzip', async () => {
    const text = 'a,b\n1,x\n2,y\n3,\n'
    const plain = await inspectTable(write('small.csv', text))
    expect([plain.inspection.rowEstimate, plain.inspection.rowsExact]).toEqual([3, true])
    expect(plain.cells).toEqual([
      ['1', '2', '3'],
      ['x', 'y', '']
    ])
    const gz = await inspectFile(write('small.csv.gz', zlib.gzipSync(text)))
    expect([gz.format, gz.rowEstimate, gz.rowsExact, gz.columns.map((c) => c.type)]).toEqual(['csv.gz', 3, true, ['integer', 'string']])
  })

  it('describes a Parquet file from its values and metadata', async () => {
    const insp = await inspectFile(parquet, { sampleRows: 500 })
    expect(insp).toMatchObject({
      format: 'parquet',
      encoding: null,
      delimiter: null,
      header: true,
      sampleRows: 500,
      rowEstimate: N,
      rowsExact: true
    })
    expect(insp.columns.map((c) => [c.name, c.type])).toEqual([
      ['id', 'integer'],
      ['score', 'number'],
      ['city', 'string'],
      ['ok', 'boolean'],
      ['at', 'datetime']
    ])
    expect(insp.columns[2]).toMatchObject({ missing: 166, distinct: 2, samples: ['Köln', 'Paris'] })
  })

  it('warns about ragged rows and a header without data', async () => {
    const ragged = await inspectFile(write('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n'))
    expect(ragged.warnings.join(' ')).toMatch(/2 of the first 3 rows have a different number of fields than the header \(3\)/)
    const headerOnly = await inspectFile(write('header.csv', 'a,b\n'))
    expect(headerOnly.warnings).toEqual(['The file has a header but no data rows.'])
  })
})
