/** Each view's data as CSV (the numbers behind the chart, exported beside its PNG). */
import type { Beeswarm, Dependence, ExplainComparison, Importance, RowDetail } from '../../../../shared/contract/explain'
import type { z } from 'zod'

const cell = (v: unknown): string => {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return ''
  const s = String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
const csv = (head: string[], rows: unknown[][]): string => [head, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n'

export const importanceCsv = (items: z.infer<typeof Importance>[]): string =>
  csv(
    ['feature', 'mean_abs_shap', 'mean_shap', 'mean_standard_error'],
    items.map((i) => [i.feature, i.meanAbs, i.mean, i.meanSe])
  )

export const beeswarmCsv = (b: Beeswarm): string =>
  csv(
    ['row', 'feature', 'value', 'shap'],
    b.features.flatMap((f) => f.phi.map((p, i) => [b.rowIds[i], f.name, f.value[i], p]))
  )

export const dependenceCsv = (d: Dependence): string =>
  csv(
    ['row', d.feature, `shap_${d.feature}`, ...(d.colorFeature ? [`${d.colorFeature}_scaled`] : [])],
    d.x.map((x, i) => [d.rowIds[i], x, d.phi[i], ...(d.colorFeature ? [d.color[i]] : [])])
  )

export const rowCsv = (r: RowDetail): string =>
  csv(
    ['feature', 'value', 'shap', 'standard_error'],
    [...r.contributions.map((c) => [c.feature, c.value, c.phi, c.se]), ['E[f(X)]', '', r.expected, ''], ['f(x)', '', r.fx, '']]
  )

export const comparisonCsv = (c: ExplainComparison): string =>
  csv(
    ['feature', 'rank_a', 'rank_b', 'mean_abs_shap_a', 'mean_abs_shap_b', 'shift', 'ks_statistic', 'ks_p_value', 'drifted'],
    c.features.map((f) => [f.feature, f.rankA, f.rankB, f.meanAbsA, f.meanAbsB, f.shift, f.ks?.statistic, f.ks?.pValue, f.drifted])
  )
