/**
 * Pre-aggregated input: one row per metric, variation and (optionally) dimension value and date, with the sums.
 * Column names are ours (n, x, xx, d, dd, xd, p, pp, xp, q, qq, pq, dq, xq, pd) or GrowthBook's query output
 * (users/count, main_sum, main_sum_squares, denominator_sum, main_denominator_sum_product, covariate_sum …), so a
 * GrowthBook export loads as it is. Without rows for the whole experiment, its sums are those of the first dimension's
 * values added up (the values of a dimension split the units).
 */
import type { MetricDef, SumsReport } from '../../../shared/contract/experiments'
import { AppError } from '../../../shared/errors'
import { openTable } from '../../core/files/open'
import { cellPlace, fileError } from '../../core/files/table'
import type { SumRow, UnitRow } from './repo'
import { F, FIELDS, NF, type Field } from './sums'
import { dayOf, parseTime } from './time'
import type { Progress } from './aggregate'

export type { SumsReport }

const ALIASES: Record<Field, string[]> = {
  n: ['n', 'users', 'count', 'units'],
  x: ['x', 'sum', 'main_sum'],
  xx: ['xx', 'sum_squares', 'main_sum_squares'],
  d: ['d', 'denominator_sum'],
  dd: ['dd', 'denominator_sum_squares'],
  xd: ['xd', 'main_denominator_sum_product'],
  p: ['p', 'covariate_sum'],
  pp: ['pp', 'covariate_sum_squares'],
  xp: ['xp', 'main_covariate_sum_product'],
  q: ['q', 'denominator_pre_sum'],
  qq: ['qq', 'denominator_pre_sum_squares'],
  pq: ['pq', 'main_pre_denominator_pre_sum_product'],
  dq: ['dq', 'denominator_post_denominator_pre_sum_product'],
  xq: ['xq', 'main_post_denominator_pre_sum_product'],
  pd: ['pd', 'main_pre_denominator_post_sum_product']
}

export async function readSumsFile(
  file: string,
  variations: { key: string; name: string }[],
  metrics: MetricDef[],
  today: number,
  progress: Progress
): Promise<{ sums: SumRow[]; units: UnitRow[]; report: SumsReport }> {
  const started = Date.now()
  const t = await openTable(file, { header: true })
  const lower = t.columns.map((c) => c.toLowerCase())
  const col = (names: string[]): number => names.map((n) => lower.indexOf(n)).find((i) => i >= 0) ?? -1
  const cMetric = col(['metric', 'metric_key', 'metric_id'])
  const cVar = col(['variation', 'variation_key', 'variation_id'])
  if (cMetric < 0 || cVar < 0) throw fileError(file, `needs a metric and a variation column; columns: ${t.columns.slice(0, 30).join(', ')}`)
  const cDim = col(['dimension'])
  const cValue = col(['dimension_value'])
  const cDate = col(['date', 'day'])
  const cField = FIELDS.map((f) => col(ALIASES[f]))
  if (cField[F.n]! < 0 || cField[F.x]! < 0) throw fileError(file, 'needs n (or users, count) and x (or sum, main_sum) columns')
  const variationOf = new Map<string, number>()
  variations.forEach((v, i) => {
    variationOf.set(v.key, i)
    variationOf.set(String(i), i)
    variationOf.set(v.name, i)
  })
  const known = new Set(metrics.map((m) => m.key))
  const unknown = new Set<string>()
  const seen = new Set<string>()
  const byKey = new Map<string, SumRow>()
  let rows = 0
  for await (const b of t) {
    for (let i = 0; i < b.length; i++) {
      rows++
      const metric = b.text(i, cMetric).trim()
      if (!known.has(metric)) {
        unknown.add(metric)
        continue
      }
      seen.add(metric)
      const vText = b.text(i, cVar).trim()
      const variation = variationOf.get(vText)
      if (variation === undefined)
        throw fileError(
          file,
          `${cellPlace(b.rowNumber(i), cVar + 1, t.columns[cVar])}: variation "${vText}" is none of ${variations.map((v) => v.key).join(', ')}`
        )
      let dimension = ''
      let value = ''
      if (cValue >= 0) {
        value = b.text(i, cValue).trim()
        dimension = value ? b.text(i, cDim).trim() || 'dimension' : ''
      } else if (cDim >= 0) {
        value = b.text(i, cDim).trim()
        if (value === 'All' || value === '') value = ''
        dimension = value ? 'dimension' : ''
      }
      let day = today
      if (cDate >= 0 && b.text(i, cDate)) {
        const ms = parseTime(b.value(i, cDate))
        if (Number.isNaN(ms))
          throw fileError(file, `${cellPlace(b.rowNumber(i), cDate + 1, t.columns[cDate])}: "${b.text(i, cDate)}" is not a date`)
        day = dayOf(ms)
      }
      const sums = new Float64Array(NF)
      FIELDS.forEach((f, k) => {
        const c = cField[k]!
        const text = c >= 0 ? b.text(i, c).trim() : ''
        if (!text) return
        const x = Number(text)
        if (!Number.isFinite(x))
          throw fileError(file, `${cellPlace(b.rowNumber(i), c + 1, t.columns[c])}: "${text.slice(0, 40)}" is not a number`)
        sums[k] = x
      })
      const key = `${metric}\u0000${dimension}\u0000${value}\u0000${variation}\u0000${day}`
      const prev = byKey.get(key)
      if (prev) for (let k = 0; k < NF; k++) (prev.sums as Float64Array)[k]! += sums[k]!
      else byKey.set(key, { metric, dimension, value, variation, day, sums })
    }
    progress(t.bytesRead, t.size, `${rows.toLocaleString('en-US')} rows`)
  }
  if (!seen.size)
    throw new AppError(
      'VALIDATION',
      `${file}: no row names a metric of this experiment (${[...known].join(', ') || 'none defined'}); found ${[...unknown].slice(0, 10).join(', ')}`,
      'path'
    )
  const sums = [...byKey.values()]
  // the whole experiment from the first dimension's values when the file has no overall rows
  if (!sums.some((r) => r.dimension === '')) {
    const first = sums[0]!.dimension
    const total = new Map<string, SumRow>()
    for (const r of sums) {
      if (r.dimension !== first) continue
      const key = `${r.metric}\u0000${r.variation}\u0000${r.day}`
      const s = total.get(key)
      if (s) for (let k = 0; k < NF; k++) (s.sums as Float64Array)[k]! += r.sums[k]!
      else total.set(key, { ...r, dimension: '', value: '', sums: Float64Array.from(r.sums) })
    }
    sums.push(...total.values())
  }
  // units: the largest n any metric has in a slice, variation and day
  const unitMap = new Map<string, UnitRow>()
  for (const r of sums) {
    const key = `${r.dimension}\u0000${r.value}\u0000${r.variation}\u0000${r.day}`
    const u = unitMap.get(key)
    if (!u) unitMap.set(key, { dimension: r.dimension, value: r.value, variation: r.variation, day: r.day, units: r.sums[F.n]! })
    else u.units = Math.max(u.units, r.sums[F.n]!)
  }
  const units = [...unitMap.values()]
  const unitsPerVariation = variations.map((_, v) =>
    units.filter((u) => u.dimension === '' && u.variation === v).reduce((s, u) => s + u.units, 0)
  )
  return {
    sums,
    units,
    report: {
      file,
      rows,
      metrics: [...seen],
      unknownMetrics: [...unknown].slice(0, 20),
      dimensions: [...new Set(sums.map((r) => r.dimension).filter(Boolean))],
      unitsPerVariation,
      metricsUsed: metrics,
      seconds: (Date.now() - started) / 1000
    }
  }
}
