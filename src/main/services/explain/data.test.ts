import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../../../tests/helpers/app'
import { AppError } from '../../../shared/errors'
import { readTable, toMatrix } from './data'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })))
const write = (name: string, text: string | Buffer): string => {
  const dir = tempDir('cc-explain-data-')
  dirs.push(dir)
  const file = path.join(dir, name)
  fs.writeFileSync(file, text)
  return file
}

describe('data to explain, through the shared readers', () => {
  it('reads CSV with any delimiter and a BOM, and hashes the bytes', async () => {
    const text = '\uFEFFage;plan;usage_gb\n30;1;2.5\n41; 0 ;\n'
    const file = write('data.csv', text)
    const t = await readTable(file)
    expect(t.columns).toEqual(['age', 'plan', 'usage_gb'])
    expect(t.rows).toEqual([
      ['30', '1', '2.5'],
      ['41', '0', '']
    ])
    expect(t.sha256).toBe(createHash('sha256').update(text).digest('hex'))
    const m = toMatrix(t, ['usage_gb', 'age'], true)
    expect(Array.from(m.x)).toEqual([2.5, 30, NaN, 41])
  })

  it('reads Parquet values as the numbers they are, nulls as missing', async () => {
    const { parquetWriteFile } = await import('hyparquet-writer')
    const file = path.join(write('x.txt', ''), '..', 'data.parquet')
    parquetWriteFile({
      filename: file,
      columnData: [
        { name: 'age', data: [30, 41], type: 'INT32' },
        { name: 'usage_gb', data: [0.1, null], type: 'DOUBLE' },
        { name: 'big', data: [2n ** 40n, 3n], type: 'INT64' }
      ]
    })
    const t = await readTable(file)
    expect(t.columns).toEqual(['age', 'usage_gb', 'big'])
    const m = toMatrix(t, ['age', 'usage_gb', 'big'], true)
    expect(Array.from(m.x)).toEqual([30, 0.1, 2 ** 40, 41, NaN, 3])
  })

  it('names the field, the row and what is wrong', async () => {
    const short = write('short.csv', 'a,b\n1,2\n3\n')
    await expect(readTable(short, 'backgroundPath')).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'backgroundPath',
      message: 'short.csv: row 3 has 1 fields, the header has 2'
    })
    await expect(readTable(write('dupes.csv', 'a,a\n1,2\n'))).rejects.toThrow(/the column "a" appears twice/)
    await expect(readTable(write('header.csv', 'a,b\n'))).rejects.toThrow(/has no data rows/)
    const notParquet = await readTable(write('fake.parquet', 'a,b\n1,2\n')).catch((e: unknown) => e)
    expect(notParquet).toBeInstanceOf(AppError)
    expect((notParquet as AppError).field).toBe('dataPath')
  })
})
