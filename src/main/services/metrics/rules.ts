/** Alert rules on queries: a threshold held for a duration, or a forecast crossing the threshold within a horizon. */
import type { Rule, SaveRuleInput } from '../../../shared/contract/metrics'
import { notFound, invalid } from '../../../shared/errors'
import { parse } from './promql/parser'
import type { RuleRow } from './repo'
import type { MetricsService } from './service'

export const toRule = (r: RuleRow): Rule => ({
  id: r.id,
  name: r.name,
  sourceId: r.source_id,
  query: r.query,
  kind: r.kind,
  op: r.op,
  threshold: r.threshold,
  forS: r.for_s,
  horizonS: r.horizon_s,
  state: r.state,
  lastValue: r.last_value,
  lastMessage: r.last_message,
  lastEvalAt: r.last_eval_at
})

export function saveRule(m: MetricsService, input: Required<Omit<SaveRuleInput, 'id'>> & { id?: number | undefined }): Rule {
  if (input.id && !m.repo.rule(input.id)) throw notFound(`rule ${input.id}`)
  if (input.sourceId === 0) {
    try {
      parse(input.query)
    } catch (err) {
      throw invalid('query', (err as Error).message)
    }
  }
  if (input.kind === 'predictive' && input.horizonS < 60) throw invalid('horizonS', 'a predictive rule needs a horizon of at least 60 s')
  const { id, sourceId, forS, horizonS, ...rest } = input
  const saved = m.repo.saveRule(
    { ...(id ? { id } : {}), ...rest, source_id: sourceId, for_s: forS, horizon_s: horizonS },
    m.deps.clock.now()
  )
  return toRule(m.repo.rule(saved)!)
}

const beyond = (op: '>' | '<', v: number, threshold: number): boolean => (op === '>' ? v > threshold : v < threshold)

/** Evaluates one rule at the clock's time and stores its state; returns it. */
export async function evaluateRule(m: MetricsService, r: RuleRow): Promise<RuleRow['state']> {
  const now = m.deps.clock.now()
  try {
    if (r.kind === 'predictive') {
      const stepS = Math.max(1, Math.round(r.horizon_s / 24))
      const [f] = await m.forecast({
        sourceId: r.source_id,
        query: r.query,
        start: now - r.horizon_s * 3000,
        end: now,
        stepS,
        horizonSteps: 24,
        periods: [],
        threshold: r.threshold,
        direction: r.op === '>' ? 'above' : 'below'
      })
      if (!f) {
        m.repo.recordRule(r.id, 'ok', null, null, 'no data', now)
        return 'ok'
      }
      const firing = f.crossing?.expected != null && f.crossing.expected - now <= r.horizon_s * 1000
      m.repo.recordRule(r.id, firing ? 'firing' : 'ok', null, f.mean[f.mean.length - 1] ?? null, f.crossing?.message ?? null, now)
      return firing ? 'firing' : 'ok'
    }
    const res = await m.query(r.source_id, r.query, now)
    const values = res.series.map((s) => s.points[s.points.length - 1]?.[1]).filter((v): v is number => v !== null && v !== undefined)
    const worst = values.length ? (r.op === '>' ? Math.max(...values) : Math.min(...values)) : null
    const hit = worst !== null && beyond(r.op, worst, r.threshold)
    const since = hit ? (r.pending_since ?? now) : null
    const state: RuleRow['state'] = !hit ? 'ok' : now - since! >= r.for_s * 1000 ? 'firing' : 'pending'
    const message = worst === null ? 'no data' : `${Number(worst.toPrecision(4))} ${hit ? r.op : r.op === '>' ? '≤' : '≥'} ${r.threshold}`
    m.repo.recordRule(r.id, state, since, worst, message, now)
    return state
  } catch (err) {
    m.repo.recordRule(r.id, 'error', null, null, (err as Error).message, now)
    return 'error'
  }
}
