import type { z } from 'zod'
import type { RuleInput } from '../../../shared/contract'
import type { HealthReader } from '../health/api'
import { RuleEvaluator } from './evaluator'
import { SampleWindow } from './window'

const DAY = 86_400_000
const REPLAYABLE = new Set(['down', 'error_rate', 'latency'])

/** Replay stored raw results through the same state machine the live engine uses. */
export function backtest(health: HealthReader, rule: z.output<typeof RuleInput>, days: number, now: number) {
  const rawDays = health.rawDays()
  const bucketMs = Math.max(60_000, Math.ceil((days * DAY) / 200 / 60_000) * 60_000)
  const from = now - days * DAY
  const start = Math.floor(from / bucketMs) * bucketMs
  const n = Math.ceil((now - start) / bucketMs)
  const empty = {
    fired: 0,
    firings: [] as { at: number; resolvedAt: number | null; target: string }[],
    bucketMs,
    t: Array.from({ length: n }, (_, i) => start + i * bucketMs),
    conditionTrue: new Array<number>(n).fill(0),
    firing: new Array<number>(n).fill(0),
    samples: 0
  }
  if (!REPLAYABLE.has(rule.condition.signal)) {
    return {
      ...empty,
      supported: false,
      reason: `${rule.condition.signal} rules cannot be replayed: the workspace keeps only the latest values of components and signals, not their history`
    }
  }
  const rows = health.rawResults({ checkId: rule.checkId, serviceId: rule.serviceId }, from)
  const out = { ...empty }
  const evaluators = new Map<string, RuleEvaluator>()
  const windows = new Map<string, SampleWindow>()
  const openFiring = new Map<string, { at: number; resolvedAt: number | null; target: string }>()
  const windowMs = 'windowS' in rule.condition ? rule.condition.windowS * 1000 : 0
  const bucket = (at: number): number => Math.min(n - 1, Math.max(0, Math.floor((at - start) / bucketMs)))
  const mark = (target: string, at: number, kind: 'fire' | 'resolve'): void => {
    if (kind === 'fire') {
      const f = { at, resolvedAt: null, target }
      out.firings.push(f)
      openFiring.set(target, f)
    } else {
      const f = openFiring.get(target)
      if (f) f.resolvedAt = at
      openFiring.delete(target)
    }
  }
  for (const r of rows) {
    out.samples++
    const target = rule.checkId !== null ? `check:${r.checkId}` : `service:${r.serviceId}`
    let ev = evaluators.get(target)
    if (!ev) evaluators.set(target, (ev = new RuleEvaluator(rule.condition, rule.forS * 1000)))
    let w = windows.get(target)
    if (!w) windows.set(target, (w = new SampleWindow(windowMs)))
    const failed = r.status === 2
    if (!r.maintenance) w.add(r.ts, failed, r.latencyMs)
    for (const [t, e] of evaluators) {
      const due = e.due(r.ts)
      if (due) mark(t, due.at, 'fire')
    }
    const tr = ev.health(
      {
        at: r.ts,
        failed,
        latencyMs: r.latencyMs,
        components: undefined,
        error: r.error ?? undefined,
        checkName: r.checkName,
        checkId: r.checkId,
        maintenance: r.maintenance === 1
      },
      w
    )
    if (tr?.kind === 'fire') mark(target, tr.at, 'fire')
    if (tr?.kind === 'resolve') mark(target, tr.at, 'resolve')
    if (ev.last?.holds) out.conditionTrue[bucket(r.ts)]!++
  }
  for (const f of out.firings) {
    const end = bucket(f.resolvedAt ?? now)
    for (let i = bucket(f.at); i <= end; i++) out.firing[i] = 1
  }
  out.fired = out.firings.length
  const note = days > rawDays ? `raw results are kept ${rawDays} days, so only those could be replayed` : null
  return { ...out, supported: true, reason: note }
}
