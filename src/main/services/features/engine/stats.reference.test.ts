import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { FeatureType, StatWindow } from '../../../../shared/contract/features'
import { writeCsv, writeParquetText } from '../__fixtures__/cases'
import { computeStatistics } from './stats'

/** Statistics per window against numpy (scripts/reference/features_reference.py → __fixtures__/stats-reference.json). */
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, '../__fixtures__/stats-reference.json'), 'utf8')) as {
  columns: string[]
  rows: string[][]
  kinds: Record<string, FeatureType>
  asOf: number
  windows: Record<string, { rows: number; from: number | null; features: Record<string, Record<string, unknown>> }>
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-features-stats-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const close = (got: unknown, want: unknown, label: string): void => {
  if (want === null || want === undefined) return void expect(got ?? null, label).toBeNull()
  if (typeof want === 'number')
    return void expect(Math.abs((got as number) - want), label).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)))
  if (Array.isArray(want)) {
    expect((got as unknown[]).length, label).toBe(want.length)
    want.forEach((w, i) => close((got as unknown[])[i], w, `${label}[${i}]`))
    return
  }
  if (typeof want === 'object') {
    for (const [k, w] of Object.entries(want as Record<string, unknown>)) close((got as Record<string, unknown>)[k], w, `${label}.${k}`)
    return
  }
  expect(got, label).toEqual(want)
}

describe.each(['csv', 'parquet'] as const)('statistics against numpy (%s source)', (format) => {
  it('every window and feature: count, nulls, mean, sd, min, max, percentiles, histogram, baseline bins, top 10, PSI', async () => {
    const file =
      format === 'csv'
        ? writeCsv(path.join(dir, 'stats.csv'), ref.columns, ref.rows)
        : writeParquetText(path.join(dir, 'stats.parquet'), ref.columns, ref.rows)
    const snap = await computeStatistics(
      {
        timestampField: 'event_timestamp',
        features: Object.entries(ref.kinds).map(([name, type]) => ({ name, type })),
        source: { format, files: [file] },
        asOf: null
      },
      () => {}
    )
    expect(snap.asOf).toBe(ref.asOf)
    for (const [w, want] of Object.entries(ref.windows)) {
      const got = snap.windows[w as StatWindow]
      expect(got.rows, w).toBe(want.rows)
      expect(got.from, w).toBe(want.from)
      for (const [name, stats] of Object.entries(want.features)) close(got.features[name], stats, `${w}.${name}`)
    }
    // the windows really differ: the recent data were drawn with a larger mean
    expect(snap.windows['7d'].features.amount!.psi).toBeGreaterThan(0.1)
    expect(snap.windows['7d'].features.amount!.mean).toBeGreaterThan(snap.windows.all.features.amount!.mean! + 5)
  })
})
