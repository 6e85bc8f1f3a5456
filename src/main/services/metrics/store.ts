/** The built-in store as a SeriesSource: series narrowed by metric name in SQL, the other matchers applied here. */
import type { LabelMatcher } from './promql/ast'
import { compileRegex } from './promql/parser'
import { labelsKey, METRIC_NAME, type Labels, type SeriesSource, type StoredSeries, type Thinning } from './promql/values'
import type { MetricsRepo } from './repo'

export function matches(l: Labels, m: LabelMatcher): boolean {
  const v = l[m.name] ?? ''
  switch (m.op) {
    case '=':
      return v === m.value
    case '!=':
      return v !== m.value
    case '=~':
      return compileRegex(m.value).test(v)
    case '!~':
      return !compileRegex(m.value).test(v)
  }
}

/** The canonical text of a label set, as stored in metrics_series.labels. */
export const seriesKey = (l: Labels): string =>
  JSON.stringify(Object.fromEntries(Object.entries(l).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))

export class StoreSource implements SeriesSource {
  constructor(private repo: MetricsRepo) {}

  select(matchers: LabelMatcher[], from: number, to: number, thin?: Thinning): StoredSeries[] {
    const byName = matchers.find((m) => m.name === METRIC_NAME && m.op === '=')
    const out: StoredSeries[] = []
    for (const s of this.repo.seriesByName(byName ? byName.value : null)) {
      const labels = JSON.parse(s.labels) as Labels
      if (!matchers.every((m) => matches(labels, m))) continue
      const rows = thin
        ? this.repo.lastPerStep(s.id, from, to, thin.base, thin.stepMs, Math.min(thin.stepMs, thin.lookbackMs))
        : this.repo.samples(s.id, from, to)
      if (!rows.length) continue
      out.push({ labels, t: rows.map((r) => r.t), v: rows.map((r) => (r.v === null ? NaN : r.v)) })
    }
    return out.sort((a, b) => (labelsKey(a.labels) < labelsKey(b.labels) ? -1 : 1))
  }
}
