/** Read views over an experiment's latest import: results, the cumulative chart, power, CSV. */
import type { ParsedInput } from '../../../shared/contract'
import type { PowerView, Results, SliceResult, Timeseries } from '../../../shared/contract/experiments'
import { analyseSlices, compareArms, metricShape, type SliceSums } from './analysis'
import { settingsOf, type Config } from './config'
import type { ExperimentsRepo } from './repo'
import { midExperimentPower, minimumDetectableEffect, powerAt, sampleSize, toPlanning } from './planning'
import { FIELDS, NF } from './sums'
import { DAY_MS } from './time'
import { csvCell as quoteCsv } from '../../core/escape'

type SumsRows = ReturnType<ExperimentsRepo['sums']>

/** Adds the rows (all days, or up to `uptoDay`) into slices keyed by dimension value. */
function slicesOf(
  dimension: string,
  rows: SumsRows,
  units: ReturnType<ExperimentsRepo['units']>,
  V: number,
  uptoDay = Infinity
): SliceSums[] {
  const byValue = new Map<string, SliceSums>()
  const slice = (value: string): SliceSums => {
    let s = byValue.get(value)
    if (!s) byValue.set(value, (s = { dimension, value, units: new Array<number>(V).fill(0), metrics: new Map() }))
    return s
  }
  for (const u of units) if (u.day <= uptoDay && u.variation < V) slice(u.value).units[u.variation]! += u.units
  for (const r of rows) {
    if (r.day > uptoDay || r.variation >= V) continue
    const s = slice(r.value)
    let a = s.metrics.get(r.metric)
    if (!a) s.metrics.set(r.metric, (a = new Float64Array(V * NF)))
    const o = r.variation * NF
    for (let f = 0; f < NF; f++) a[o + f]! += r[FIELDS[f]!]
  }
  return [...byValue.values()].sort(
    (a, b) => b.units.reduce((x, y) => x + y, 0) - a.units.reduce((x, y) => x + y, 0) || a.value.localeCompare(b.value)
  )
}

export type ResultsQuery = ParsedInput<'experiments:results'>

export function results(repo: ExperimentsRepo, c: Config, q: Omit<ResultsQuery, 'id'>): Results {
  const started = performance.now()
  const settings = settingsOf(c, q)
  const imp = repo.latestImport(c.row.id)
  const base: Results = {
    experimentId: c.row.id,
    engine: settings.engine,
    difference: settings.difference,
    alpha: settings.alpha,
    correction: settings.correction,
    family: settings.family,
    importedAt: imp?.ready_at ?? null,
    overall: null,
    dimension: q.dimension,
    slices: [],
    multiExposed: 0,
    notes: [],
    computeMs: 0
  }
  if (!imp)
    return {
      ...base,
      notes: ['No data yet: import exposures and events (or pre-aggregated sums) for this experiment.'],
      computeMs: performance.now() - started
    }
  const V = c.variations.length
  const report = imp.report ? (JSON.parse(imp.report) as { exposures?: { multiExposed?: number } }) : {}
  const notes: string[] = []
  const overallSums = repo.sums(imp.id, '')
  const present = new Set(overallSums.map((r) => r.metric))
  for (const m of c.metrics) if (!present.has(m.key)) notes.push(`${m.name}: not in the imported data (re-import to compute it).`)
  const [overall] = analyseSlices(settings, slicesOf('', overallSums, repo.units(imp.id, ''), V))
  let slices: SliceResult[] = []
  if (q.dimension) {
    const rows = repo.sums(imp.id, q.dimension)
    if (!rows.length) notes.push(`No breakdown by ${q.dimension} in the imported data.`)
    slices = analyseSlices(settings, slicesOf(q.dimension, rows, repo.units(imp.id, q.dimension), V))
  }
  return {
    ...base,
    overall: overall ?? null,
    slices,
    multiExposed: report.exposures?.multiExposed ?? 0,
    notes,
    computeMs: performance.now() - started
  }
}

export function timeseries(repo: ExperimentsRepo, c: Config, q: ParsedInput<'experiments:timeseries'>): Timeseries {
  const settings = settingsOf(c, q)
  const m = c.metrics.find((x) => x.key === q.metric)
  const out: Timeseries = { metric: q.metric, engine: settings.engine, difference: settings.difference, days: [], variations: [] }
  const imp = repo.latestImport(c.row.id)
  if (!m || !imp) return out
  const all = repo.sums(imp.id, '')
  const rows = all.filter((r) => r.metric === m.key)
  const units = repo.units(imp.id, '')
  if (!units.length) return out
  // the same days for every metric: from the first exposure to the last day with data of any metric
  const first = units[0]!.day
  const last = Math.max(units[units.length - 1]!.day, all.length ? all[all.length - 1]!.day : first)
  const V = c.variations.length
  const shape = metricShape(m, c.metrics)
  const series = c.variations.slice(1).map((v, i) => ({
    variation: i + 1,
    key: v.key,
    name: v.name,
    estimate: [] as (number | null)[],
    lo: [] as (number | null)[],
    hi: [] as (number | null)[],
    units: [] as number[]
  }))
  // running totals, day by day
  const sums = new Float64Array(V * NF)
  let ri = 0
  for (let day = first; day <= last; day++) {
    for (; ri < rows.length && rows[ri]!.day <= day; ri++) {
      const r = rows[ri]!
      if (r.variation >= V) continue
      for (let f = 0; f < NF; f++) sums[r.variation * NF + f]! += r[FIELDS[f]!]
    }
    out.days.push(day * DAY_MS)
    for (const s of series) {
      const cell = compareArms(settings, m, shape, sums, s.variation, sums[s.variation * NF]!).result
      s.estimate.push(cell.estimate)
      s.lo.push(cell.ci?.[0] ?? null)
      s.hi.push(cell.ci?.[1] ?? null)
      s.units.push(sums[s.variation * NF]!)
    }
  }
  out.variations = series
  return out
}

export function power(repo: ExperimentsRepo, c: Config, q: ParsedInput<'experiments:power'>): PowerView {
  const r = c.row
  const m = c.metrics.find((x) => x.key === q.metric) ?? c.metrics.find((x) => x.role === 'primary') ?? c.metrics[0]
  const V = c.variations.length
  const sequential = r.engine === 'sequential'
  const view: PowerView = {
    metric: m?.key ?? '',
    mde: r.mde,
    alpha: r.alpha,
    targetPower: r.target_power,
    sequential,
    baseline: null,
    sampleSize: null,
    unitsSoFar: 0,
    unitsPerDay: q.unitsPerDay ?? null,
    daysSoFar: 0,
    daysNeeded: null,
    powerNow: null,
    mdeNow: null,
    midExperiment: []
  }
  const imp = repo.latestImport(r.id)
  if (!m || !imp) return view
  const units = repo.units(imp.id, '')
  const [slice] = slicesOf('', repo.sums(imp.id, ''), units, V)
  const sums = slice?.metrics.get(m.key)
  if (!slice || !sums) return view
  const unitsSoFar = slice.units.reduce((a, b) => a + b, 0)
  const daysSoFar = units.length ? units[units.length - 1]!.day - units[0]!.day + 1 : 0
  const unitsPerDay = q.unitsPerDay ?? (daysSoFar ? unitsSoFar / daysSoFar : null)
  const baseline = toPlanning(m, c.metrics, sums)
  const tuning = sequential ? r.sequential_tuning : null
  const planned = baseline ? { ...baseline, effect: r.mde } : null
  const n = planned ? sampleSize(planned, r.target_power, V, r.alpha, tuning) : null
  const settings = settingsOf(c)
  const shape = metricShape(m, c.metrics)
  const goal = c.metrics.filter((x) => x.role !== 'guardrail').length
  return {
    ...view,
    baseline,
    sampleSize: n,
    unitsSoFar,
    unitsPerDay,
    daysSoFar,
    daysNeeded: n !== null && unitsPerDay ? Math.ceil(n / unitsPerDay) : null,
    powerNow: planned && unitsSoFar ? powerAt(planned, unitsSoFar, V, r.alpha, tuning) : null,
    mdeNow: baseline && unitsSoFar ? minimumDetectableEffect(baseline, r.target_power, unitsSoFar, V, r.alpha, tuning) : null,
    midExperiment: c.variations.slice(1).map((v, i) => {
      const cell = compareArms(settings, m, shape, sums, i + 1, sums[(i + 1) * NF]!)
      if (cell.moments.error)
        return { variation: i + 1, name: v.name, power: 0, additionalUnits: null, additionalDays: null, status: 'no-data' as const }
      const p = midExperimentPower({
        se: cell.moments.se,
        n: cell.moments.n,
        alpha: r.alpha,
        targetPower: r.target_power,
        mde: r.mde,
        numGoalMetrics: Math.max(1, goal),
        numVariations: V,
        pValueCorrected: r.correction !== 'none',
        prior: r.engine === 'bayesian' && r.prior_proper ? settings.prior : null,
        sequential: tuning
      })
      // the extra units are for this pair of arms; the whole experiment needs V/2 times as many
      const additionalDays = p.additionalUnits !== null && unitsPerDay ? Math.ceil((p.additionalUnits * V) / 2 / unitsPerDay) : null
      return { variation: i + 1, name: v.name, power: p.power, additionalUnits: p.additionalUnits, additionalDays, status: p.status }
    })
  }
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return ''
  return quoteCsv(String(v))
}

export function resultsCsv(repo: ExperimentsRepo, c: Config, q: Omit<ResultsQuery, 'id' | 'dimension'>): { filename: string; csv: string } {
  const all: SliceResult[] = []
  const overall = results(repo, c, { ...q, dimension: null })
  if (overall.overall) all.push(overall.overall)
  const imp = repo.latestImport(c.row.id)
  for (const d of imp ? repo.dimensionsOf(imp.id) : []) all.push(...results(repo, c, { ...q, dimension: d }).slices)
  const head = [
    'dimension',
    'value',
    'metric',
    'role',
    'variation',
    'units',
    'mean',
    'estimate',
    'ci_low',
    'ci_high',
    'p_value',
    'p_value_adjusted',
    'chance_to_win',
    'risk_control',
    'risk_variation',
    'verdict',
    'srm_p_value',
    'error'
  ]
  const lines = [head.join(',')]
  for (const s of all)
    for (const m of s.metrics)
      for (const v of m.variations)
        lines.push(
          [
            s.dimension || 'All',
            s.value,
            m.key,
            m.role,
            v.key,
            v.units,
            v.mean,
            v.estimate,
            v.ci?.[0],
            v.ci?.[1],
            v.pValue,
            v.pValueAdjusted,
            v.chanceToWin,
            v.risk?.[0],
            v.risk?.[1],
            v.verdict,
            s.srm.pValue,
            v.error
          ]
            .map(csvCell)
            .join(',')
        )
  const slug = c.row.name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'experiment'
  return { filename: `${slug}-${overall.engine}-results.csv`, csv: lines.join('\n') + '\n' }
}

/** Units per variation over the whole experiment (the list's SRM column). */
export function overallUnits(repo: ExperimentsRepo, importId: number, V: number): number[] {
  const out = new Array<number>(V).fill(0)
  for (const u of repo.units(importId, '')) if (u.variation < V) out[u.variation]! += u.units
  return out
}
