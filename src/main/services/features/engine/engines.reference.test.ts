import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { feastCases, readOutput, referenceCases, requestFor, typed, type CaseRun, type PitCase } from '../__fixtures__/cases'
import type { RetrievalRequest, RetrievalResult } from './retrieval'
import { retrieveTypescript } from './typescript'
import { retrieveDuckdb } from './duckdb'

/**
 * Both engines against Feast's published examples (docs and tests, __fixtures__/feast-cases.json) and against the
 * naive join of scripts/reference/features_reference.py (__fixtures__/reference-cases.json), from CSV and Parquet.
 */
type Engine = (req: RetrievalRequest, progress: () => void) => Promise<RetrievalResult>
const ENGINES: [string, Engine][] = [
  ['typescript', (req, p) => retrieveTypescript(req, p)],
  ['typescript, 3-row chunks', (req, p) => retrieveTypescript({ ...req, chunkRows: 3 }, p)],
  ['duckdb', (req, p) => retrieveDuckdb({ ...req, threads: 2 }, p)]
]

let dirs: string[] = []
afterEach(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
  dirs = []
})

async function check(engine: Engine, c: PitCase, run: CaseRun, format: 'csv' | 'parquet', out: 'csv' | 'parquet'): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-features-pit-'))
  dirs.push(dir)
  const req = requestFor(c, run, dir, format, out)
  const result = await engine(req, () => {})
  const { columns, rows } = await readOutput(req)
  const features = req.views.flatMap((v) => v.features)
  // entity columns first, as they are, then the features; entity order and duplicates kept
  expect(columns).toEqual([...c.entityColumns, ...features.map((f) => f.column)])
  expect(result.rows).toBe(c.entityRows.length)
  expect(rows.map((r) => c.entityColumns.map((col) => (r[col] === null || r[col] === undefined ? '' : String(r[col]))))).toEqual(
    c.entityRows
  )
  for (const f of features) {
    const got = rows.map((r) => typed(r[f.column], f.type))
    const want = run.expected[f.column]!
    expect(got.length).toBe(want.length)
    got.forEach((g, i) => {
      if (typeof want[i] === 'number') expect(g, `${f.column} row ${i}`).toBeCloseTo(want[i] as number, 9)
      else expect(g, `${f.column} row ${i}`).toEqual(want[i])
    })
    expect(result.nulls[f.column]).toBe(want.filter((w) => w === null).length)
  }
}

describe.each(ENGINES)('engine: %s', (_name, engine) => {
  describe('Feast’s published point-in-time examples', () => {
    for (const c of feastCases())
      for (const run of c.runs)
        it(`${c.name} (filter ${run.filterByCreatedTimestamp})`, async () => {
          await check(engine, c, run, 'csv', 'csv')
        })
  })

  describe('the reference script’s cases', () => {
    for (const c of referenceCases())
      for (const run of c.runs)
        for (const [format, out] of [
          ['csv', 'csv'],
          ['parquet', 'parquet']
        ] as const)
          it(`${c.name} (filter ${run.filterByCreatedTimestamp}; ${format} → ${out})`, async () => {
            await check(engine, c, run, format, out)
          }, 30_000)
  })
})
