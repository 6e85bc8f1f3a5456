import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { driftHarness, type DriftHarness } from './__fixtures__/harness'
import { openCsv } from '../../core/files/csv'
import { inferKind } from './infer'

let h: DriftHarness
afterEach(async () => h?.cleanup())

const write = (name: string, content: string | Buffer): string => {
  const f = path.join(h.t.dir, name)
  fs.writeFileSync(f, content)
  return f
}

const rows = (n: number, fn: (i: number) => string): string => Array.from({ length: n }, (_, i) => fn(i)).join('\n') + '\n'

describe('CSV reading', () => {
  /** Every row of a file through the shared reader, read in chunks of `chunkBytes`. */
  async function rowsOf(file: string, chunkBytes: number): Promise<string[][]> {
    const r = await openCsv(file, { chunkBytes, sampleBytes: chunkBytes, header: false })
    const got: string[][] = []
    for await (const b of r) for (let i = 0; i < b.length; i++) got.push(Array.from({ length: b.width(i) }, (_, j) => b.text(i, j)))
    return got
  }

  it('handles quotes, escaped quotes, embedded delimiters and newlines, CRLF and chunk boundaries', async () => {
    h = driftHarness()
    const f = write('q.csv', 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"multi\nline",z\r\n\r\n3,,\n')
    for (const size of [1, 2, 3, 7, 1000]) {
      expect(await rowsOf(f, size), `chunk ${size}`).toEqual([
        ['a', 'b', 'c'],
        ['1', 'x, y', 'say "hi"'],
        ['2', 'multi\nline', 'z'],
        ['3', '', '']
      ])
    }
  })

  it('detects the delimiter and the header', async () => {
    h = driftHarness()
    const open = async (text: string) => openCsv(write(`d${text.length}.csv`, text))
    expect((await open('a;b;c\n1;2,5;3\n4;5;6\n')).delimiter).toBe(';')
    expect((await open('a\tb\n1\t2\n')).delimiter).toBe('\t')
    expect((await open('just one column\nvalue\n')).singleColumn).toBe(true)
    expect((await open('id,score\n1,2\n3,4\n')).header).toBe(true)
    expect((await open('1,2\n3,4\n')).header).toBe(false)
  })

  it('infers numeric, categorical, boolean, datetime and text', () => {
    expect(inferKind(['1', '2.5', '', 'NA', '-3e2']).kind).toBe('numeric')
    expect(inferKind(['true', 'false', 'TRUE']).kind).toBe('boolean')
    expect(inferKind(['2025-01-01', '2025-02-01T10:00:00Z']).kind).toBe('datetime')
    expect(inferKind(['a', 'b', 'a', 'c']).kind).toBe('categorical')
    expect(inferKind(Array.from({ length: 300 }, (_, i) => `free text number ${i}`)).kind).toBe('text')
    expect(inferKind(['', 'NA']).message).toMatch(/missing/)
  })
})

describe('bad input gives clear per-column messages and the check still reports every column it can', () => {
  it('ragged rows, non-UTF-8 text, empty/all-missing/constant columns, differing schemas', async () => {
    h = driftHarness()
    const n = 400
    const ref = write(
      'ref.csv',
      'x,city,flag,empty,const,only_ref,mixed\n' +
        rows(n, (i) => `${(i % 37) * 1.5},${['Köln', 'Paris', 'Zürich'][i % 3]},${i % 2 ? 'true' : 'false'},,7,${i},${i % 10}`)
    )
    // current: Windows-1252 bytes, ragged rows, a column missing, a new column, 'mixed' now has text
    const curText =
      'x,city,flag,empty,const,only_cur,mixed\n' +
      rows(n, (i) =>
        i === 5
          ? `${i},Paris`
          : i === 9
            ? `${i},Paris,true,,7,1,2,EXTRA`
            : `${(i % 41) * 1.7 + 3},${['Köln', 'Paris', 'München'][i % 3]},${i % 3 ? 'true' : 'false'},NA,7,${i},${i % 4 ? 'v' + (i % 4) : i % 10}`
      )
    const cur = write('cur.csv', Buffer.from(curText, 'latin1'))
    const r = await h.drift.importDataset({ name: 'ref', path: ref })
    const insp = await h.drift.inspect({ path: cur })
    expect(insp.encoding).toBe('latin-1')
    expect(insp.warnings.join(' ')).toMatch(/not valid UTF-8/)
    expect(insp.warnings.join(' ')).toMatch(/different number of fields/)
    const c = await h.drift.importDataset({
      name: 'cur',
      path: cur,
      columns: insp.columns.map((x) => ({ name: x.name, kind: x.name === 'mixed' ? 'categorical' : x.kind }))
    })
    expect(c.warnings.join(' ')).toMatch(/2 rows of cur.csv have a different number of fields than the header \(7\), e\.g\. rows 7, 11/)
    expect(c.warnings.join(' ')).toMatch(/Windows-1252/)
    const detail = h.drift.dataset(c.id)
    expect(detail.columns.find((x) => x.name === 'empty')!.message).toBe('every value is missing')
    expect(detail.columns.find((x) => x.name === 'const')!.message).toMatch(/constant/)
    const check = h.drift.saveCheck({ name: 'bad', referenceId: r.id, currentId: c.id })
    const { runId } = h.drift.runNow(check.id)
    await h.drift.waitForRun(runId)
    const run = h.drift.run(runId)
    expect(run.state).toBe('done')
    const by = (name: string) => run.columns.find((x) => x.name === name)!
    expect(run.columns.map((x) => x.name)).toEqual(['x', 'city', 'flag', 'empty', 'const', 'only_ref', 'mixed', 'only_cur'])
    expect(by('x').test).toBe('ks')
    expect(by('x').score).not.toBeNull()
    expect(by('city').unseen).toEqual(['München'])
    expect(by('city').message).toMatch(/1 category not seen in the reference/)
    expect(by('flag').test).toBe('z')
    expect(by('empty').message).toMatch(/Every value is missing in the reference/)
    expect(by('empty').missingReference).toBe(1)
    expect(by('const').message).toMatch(/Constant in the reference \(every value is 7\)/)
    expect(by('const').drifted).toBe(false)
    expect(by('only_ref').message).toMatch(/Not in the current data/)
    expect(by('only_cur').message).toMatch(/Not in the reference data/)
    expect(by('mixed').message).toMatch(/numeric in the reference but categorical in the current data; compared as categories/)
    expect(by('mixed').test).toBe('chi-square')
    expect(run.tested).toBe(5)
  })

  it('numbers that do not parse are counted per column and read as missing', async () => {
    h = driftHarness()
    const f = write('n.csv', 'v,w\n' + rows(50, (i) => (i === 3 ? 'oops,1' : `${i},${i}`)))
    const d = await h.drift.importDataset({
      name: 'n',
      path: f,
      columns: [
        { name: 'v', kind: 'numeric' },
        { name: 'w', kind: 'numeric' }
      ]
    })
    expect(h.drift.dataset(d.id).columns[0]).toMatchObject({
      missing: 1,
      message: '1 value is not numbers (e.g. “oops”) and was read as missing'
    })
  })

  it('a wrong delimiter is pointed out', async () => {
    h = driftHarness()
    const f = write('semi.csv', 'a;b;c\n' + rows(20, (i) => `${i};${i * 2};x`))
    const insp = await h.drift.inspect({ path: f, delimiter: ',' })
    expect(insp.columns).toHaveLength(1)
    expect(insp.warnings.join(' ')).toMatch(/looks separated by “;”/)
    expect((await h.drift.inspect({ path: f })).columns.map((c) => c.name)).toEqual(['a', 'b', 'c'])
  })

  it('missing files, empty files and empty folders are VALIDATION errors on path', async () => {
    h = driftHarness()
    await expect(h.drift.inspect({ path: path.join(h.t.dir, 'nope.csv') })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'path',
      message: expect.stringMatching(/no file or folder/)
    })
    await expect(h.drift.inspect({ path: write('empty.csv', '') })).rejects.toMatchObject({
      field: 'path',
      message: expect.stringMatching(/is empty/)
    })
    fs.mkdirSync(path.join(h.t.dir, 'folder'))
    await expect(h.drift.importDataset({ name: 'f', path: path.join(h.t.dir, 'folder') })).rejects.toMatchObject({
      field: 'path',
      message: expect.stringMatching(/holds no/)
    })
    await expect(h.drift.inspect({ path: write('broken.parquet', 'not parquet at all') })).rejects.toMatchObject({
      field: 'path',
      message: expect.stringMatching(/not a readable Parquet file/)
    })
  })

  it('a folder of CSV files is read as one dataset', async () => {
    h = driftHarness()
    const dir = path.join(h.t.dir, 'window')
    fs.mkdirSync(dir)
    fs.writeFileSync(path.join(dir, 'a.csv'), 'v,k\n1,a\n2,b\n')
    fs.writeFileSync(path.join(dir, 'b.csv'), 'v,k\n3,c\n')
    const d = await h.drift.importDataset({ name: 'w', path: dir, mode: 'register' })
    expect(d.rows).toBe(3)
    const cols = await h.drift.columnsOf(d.id)
    expect(cols[0]!.encoding === 'f64' && Array.from(cols[0]!.values)).toEqual([1, 2, 3])
    expect(cols[1]!.encoding === 'dict' && cols[1]!.dictionary).toEqual(['a', 'b', 'c'])
  })
})
