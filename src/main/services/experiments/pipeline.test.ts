/**
 * Raw files in, figures out: the import (on a real worker thread, into a real SQLite file) and the analysis against
 * scripts/reference/experiments_pipeline_reference.py, which does the same unit by unit in Python (first exposure,
 * multi-exposed units excluded, conversion windows, CUPED's pre-period, ratio metrics, dimension values) and computes
 * the figures with numpy/scipy. Tolerances: 1e-9 relative on effects and variances, 1e-6 on p-values and probabilities.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'
import { ExperimentInput, type Engine, type MetricInput, type SliceResult } from '../../../shared/contract/experiments'
import type { ExperimentImportReport } from './aggregate'

const dir = fileURLToPath(new URL('./__fixtures__/pipeline/', import.meta.url))
interface Compared {
  estimate: number
  variance: number
  ttest: { pValue: number; ci: [number, number] }
  sequential: { pValue: number; ci: [number, number] }
  bayesian: { mean: number; sd: number; ci: [number, number]; chanceToWin: number; risk: [number, number] }
}
interface ExpectedSlice {
  units: number[]
  srm: number
  metrics: Record<string, { means: number[]; variations: Compared[] }>
}
interface Expected {
  variations: { key: string; name: string; weight: number }[]
  metrics: (MetricInput & { windowHours: number | null })[]
  multiExposed: number
  units: number
  overall: ExpectedSlice
  country: Record<string, ExpectedSlice>
  timeseries: { metric: string; days: { day: number; units: number[]; estimate: (number | null)[]; ci: ([number, number] | null)[] }[] }
}
const expected = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as Expected

const rel = (got: number | null | undefined, want: number, tol = 1e-9): void => {
  expect(got, `want ${want}`).not.toBeNull()
  expect(Math.abs(got! - want) / Math.max(Math.abs(want), 1e-300), `got ${got}, want ${want}`).toBeLessThan(tol)
}
const abs = (got: number | null | undefined, want: number, tol = 1e-6): void => {
  expect(got, `want ${want}`).not.toBeNull()
  expect(Math.abs(got! - want), `got ${got}, want ${want}`).toBeLessThan(tol)
}

let t: TestApp
let id: number
let report: ExperimentImportReport

beforeAll(async () => {
  t = tempApp()
  id = t.app.experiments.create(
    ExperimentInput.parse({
      name: 'Ranker v7 vs v6',
      hashAttribute: 'user_id',
      variations: expected.variations,
      metrics: expected.metrics,
      dimensions: ['country', 'device'],
      engine: 'frequentist'
    })
  ).id
  const r = await t.app.experiments.importEvents({ id, exposures: `${dir}exposures.csv`, events: `${dir}events.csv`, covariates: null })
  report = r.report as ExperimentImportReport
}, 60_000)
afterAll(async () => t?.cleanup())

function check(slice: SliceResult, want: ExpectedSlice, engine: Engine): void {
  expect(slice.units).toEqual(want.units)
  abs(slice.srm.pValue, want.srm)
  for (const m of slice.metrics) {
    const w = want.metrics[m.key]!
    m.variations.forEach((v, i) => rel(v.mean, w.means[i]!))
    for (const v of m.variations.slice(1)) {
      const c = w.variations[v.variation - 1]!
      expect(v.error).toBeNull()
      if (engine === 'bayesian') {
        rel(v.estimate, c.bayesian.mean)
        rel(v.se, c.bayesian.sd)
        rel(v.ci![0], c.bayesian.ci[0], 1e-6)
        rel(v.ci![1], c.bayesian.ci[1], 1e-6)
        abs(v.chanceToWin, c.bayesian.chanceToWin)
        abs(v.risk![0], c.bayesian.risk[0])
        abs(v.risk![1], c.bayesian.risk[1])
        continue
      }
      rel(v.estimate, c.estimate)
      rel(v.se! * v.se!, c.variance)
      const r = engine === 'sequential' ? c.sequential : c.ttest
      abs(v.pValue, r.pValue)
      rel(v.ci![0], r.ci[0], 1e-6)
      rel(v.ci![1], r.ci[1], 1e-6)
    }
  }
}

describe('import of exposure and event files', () => {
  it('the reference holds six metrics, four countries and every day', () => {
    expect(expected.metrics).toHaveLength(6)
    expect(Object.keys(expected.country)).toHaveLength(4)
    expect(expected.timeseries.days).toHaveLength(18)
  })

  it('reports what it read and what it left out', () => {
    expect(report.exposures.units).toBe(expected.units)
    expect(report.exposures.multiExposed).toBe(expected.multiExposed)
    expect(report.exposures.multiExposedExamples.length).toBeGreaterThan(0)
    expect(report.unitsPerVariation).toEqual(expected.overall.units)
    expect(report.events.unknownUnit).toBe(40)
    expect(report.events.otherEventNames).toEqual(['page_view'])
    expect(report.events.outsideWindow).toBeGreaterThan(0)
    expect(report.events.preExposure).toBeGreaterThan(0)
    expect(report.events.beforeExposure).toBeGreaterThan(0)
  })

  for (const engine of ['frequentist', 'sequential', 'bayesian'] as const) {
    it(`overall results, ${engine}`, () => {
      const r = t.app.experiments.results({ id, engine, difference: 'relative', dimension: null })
      check(r.overall!, expected.overall, engine)
      expect(r.multiExposed).toBe(expected.multiExposed)
    })
  }

  it('CUPED is applied to revenue (θ from both arms) and not to the others', () => {
    const r = t.app.experiments.results({ id, difference: 'relative', dimension: null })
    expect(r.overall!.metrics.filter((m) => m.cuped).map((m) => m.key)).toEqual(['revenue'])
  })

  it('breakdown by country, each value with its own SRM and figures', () => {
    const r = t.app.experiments.results({ id, engine: 'frequentist', difference: 'relative', dimension: 'country' })
    expect(r.slices.map((s) => s.value).sort()).toEqual(Object.keys(expected.country).sort())
    for (const s of r.slices) check(s, expected.country[s.value]!, 'frequentist')
  })

  it('cumulative lift of the primary metric, day by day', () => {
    const ts = t.app.experiments.timeseries({ id, metric: expected.timeseries.metric, difference: 'relative' })
    expect(ts.days.length).toBe(expected.timeseries.days.length)
    expected.timeseries.days.forEach((d, i) => {
      expect(ts.days[i]).toBe(d.day * 86_400_000)
      ts.variations.forEach((v, k) => {
        expect(v.units[i]).toBe(d.units[k + 1])
        const want = d.estimate[k]
        if (want === null || want === undefined) return expect(v.estimate[i]).toBeNull()
        rel(v.estimate[i], want)
        rel(v.lo[i], d.ci[k]![0], 1e-6)
        rel(v.hi[i], d.ci[k]![1], 1e-6)
      })
    })
  })
})

describe('the same files as Parquet', () => {
  it('give the same units and figures (timestamps as Parquet timestamps and as epoch milliseconds)', async () => {
    const { parquetWriteFile } = await import('hyparquet-writer')
    const rows = (file: string): string[][] =>
      readFileSync(`${dir}${file}`, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','))
    const exp = rows('exposures.csv')
    const ev = rows('events.csv')
    const exposures = path.join(t.dir, 'exposures.parquet')
    const events = path.join(t.dir, 'events.parquet')
    parquetWriteFile({
      filename: exposures,
      columnData: [
        { name: 'user_id', data: exp.map((r) => r[0]!), type: 'STRING' },
        { name: 'variation', data: exp.map((r) => r[1]!), type: 'STRING' },
        { name: 'timestamp', data: exp.map((r) => new Date(r[2]!)), type: 'TIMESTAMP' },
        { name: 'country', data: exp.map((r) => r[3]!), type: 'STRING' },
        { name: 'device', data: exp.map((r) => r[4]!), type: 'STRING' }
      ]
    })
    parquetWriteFile({
      filename: events,
      columnData: [
        { name: 'user_id', data: ev.map((r) => r[0]!), type: 'STRING' },
        { name: 'event', data: ev.map((r) => r[1]!), type: 'STRING' },
        { name: 'value', data: ev.map((r) => Number(r[2])), type: 'DOUBLE' },
        { name: 'timestamp', data: ev.map((r) => BigInt(Date.parse(r[3]!))), type: 'INT64' }
      ]
    })
    const x = t.app.experiments
    const d = x.get(id)
    const copy = x.create(
      ExperimentInput.parse({
        name: 'Ranker v7 vs v6 (Parquet)',
        variations: d.variations.map(({ key, name, weight }) => ({ key, name, weight })),
        metrics: d.metrics,
        dimensions: d.dimensions
      })
    ).id
    const r = await x.importEvents({ id: copy, exposures, events, covariates: null })
    expect((r.report as ExperimentImportReport).exposures.units).toBe(expected.units)
    check(x.results({ id: copy, engine: 'frequentist', difference: 'relative', dimension: null }).overall!, expected.overall, 'frequentist')
  }, 60_000)
})
