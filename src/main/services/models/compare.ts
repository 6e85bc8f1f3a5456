// Side-by-side comparison of versions and runs: metrics with directions, params, tags, history and evaluations.
import { AppError, notFound } from '../../../shared/errors'
import type { Comparison, CompareItem, EvaluationResult } from '../../../shared/contract'
import { guessDirection } from './direction'
import type { Registry } from './registry'
import type { ModelsRepo } from './repo'
import { lttb, sortedByStep, unpack } from './series'

export interface CompareDeps {
  repo: ModelsRepo
  registry: Registry
  evaluation: (id: number) => EvaluationResult
}

export type Direction = { higherIsBetter: boolean; directionSource: 'name' | 'user' | 'default' }

export class Compare {
  constructor(private deps: CompareDeps) {}

  direction(key: string, overrides = this.deps.repo.directions()): Direction {
    const o = overrides.get(key.replace(/^eval:/, ''))
    if (o !== undefined) return { higherIsBetter: o, directionSource: 'user' }
    const g = guessDirection(key)
    return { higherIsBetter: g.higherIsBetter, directionSource: g.source }
  }

  setMetricDirection(key: string, higherIsBetter: boolean | null): { key: string; higherIsBetter: boolean } {
    this.deps.repo.setDirection(key, higherIsBetter)
    return { key, higherIsBetter: this.direction(key).higherIsBetter }
  }

  compare(input: { items: CompareItem[]; baseline?: number; evaluationId?: number | undefined; maxPoints?: number }): Comparison {
    const { repo, registry } = this.deps
    const baseline = input.baseline ?? 0
    const maxPoints = input.maxPoints ?? 400
    if (baseline >= input.items.length)
      throw new AppError('VALIDATION', `baseline ${baseline} is not one of the ${input.items.length} items`, 'baseline')
    const seen = new Set<string>()
    const items = input.items.map((it) => {
      const k = `${it.kind}:${it.id}`
      if (seen.has(k)) throw new AppError('VALIDATION', `${it.kind} ${it.id} is picked twice`, 'items')
      seen.add(k)
      if (it.kind === 'version') {
        const v = registry.versionOrThrow(it.id)
        const m = registry.modelOrThrow(v.model_id)
        return { kind: it.kind, id: it.id, label: `${m.name} v${v.version}`, runId: v.run_id, versionId: v.id, stage: v.stage }
      }
      const r = repo.run(it.id)
      if (!r) throw notFound(`run ${it.id}`)
      return { kind: it.kind, id: it.id, label: r.deleted ? `${r.name} (deleted)` : r.name, runId: r.id, versionId: null, stage: null }
    })
    // runs of a sweep often share a name: tell them apart by their short run id
    const count = new Map<string, number>()
    for (const it of items) count.set(it.label, (count.get(it.label) ?? 0) + 1)
    for (const it of items)
      if ((count.get(it.label) ?? 0) > 1 && it.runId !== null)
        it.label = `${it.label} · ${repo.run(it.runId)?.run_uuid.slice(0, 8) ?? it.runId}`
    const overrides = repo.directions()
    const latest = items.map((it) => new Map(it.runId ? repo.latest(it.runId).map((l) => [l.key, l.value]) : []))
    const keys = [...new Set(latest.flatMap((m) => [...m.keys()]))].sort()
    const metrics: Comparison['metrics'] = keys.map((key) => {
      const values = latest.map((m) => {
        const v = m.get(key)
        return v === undefined || v === null || !Number.isFinite(v) ? null : v
      })
      return {
        key,
        source: 'run' as const,
        ...this.direction(key, overrides),
        ...marks(values, baseline, this.direction(key, overrides).higherIsBetter)
      }
    })
    // evaluation metrics
    const versionIds = items.map((i) => i.versionId).filter((v): v is number => v !== null)
    let evaluationId = input.evaluationId
    if (evaluationId === undefined && versionIds.length) evaluationId = repo.latestEvaluationOf(versionIds)
    let evaluation: Comparison['evaluation'] = null
    if (evaluationId !== undefined) {
      const ev = this.deps.evaluation(evaluationId)
      evaluation = { id: ev.id, name: ev.name }
      const byVersion = new Map(ev.versions.map((v) => [v.versionId, v]))
      const evKeys = [...new Set(ev.versions.flatMap((v) => v.metrics.map((m) => m.key)))]
      for (const key of evKeys) {
        const cells = items.map((it) =>
          it.versionId !== null ? byVersion.get(it.versionId)?.metrics.find((m) => m.key === key) : undefined
        )
        const values = cells.map((c) => c?.value ?? null)
        const dir = this.direction(key, overrides)
        metrics.push({
          key: `eval:${key}`,
          source: 'evaluation',
          ...dir,
          ...marks(values, baseline, dir.higherIsBetter),
          ci: cells.map((c) => c?.ci ?? null)
        })
      }
    }
    const kv = (get: (runId: number) => Record<string, string>): Comparison['params'] => {
      const maps = items.map((it) => (it.runId ? get(it.runId) : {}))
      const ks = [...new Set(maps.flatMap((m) => Object.keys(m)))].sort()
      return ks.map((key) => {
        const values = maps.map((m) => m[key] ?? null)
        return { key, values, differs: new Set(values).size > 1 }
      })
    }
    const seriesByItem = items.map((it) => new Map(it.runId ? repo.series(it.runId).map((s) => [s.key, s]) : []))
    const history: Comparison['history'] = keys.map((key) => ({
      key,
      series: seriesByItem.map((m) => {
        const s = m.get(key)
        if (!s) return null
        const sorted = sortedByStep({ n: s.n, steps: unpack(s.steps), values: unpack(s.vals), timestamps: unpack(s.timestamps) })
        const d = lttb(sorted.steps, sorted.values, maxPoints)
        return { steps: d.x, values: d.y, n: s.n }
      })
    }))
    return { items, baseline, metrics, params: kv((id) => repo.params(id)), tags: kv((id) => repo.tags(id)), history, evaluation }
  }
}

/** Deltas against the baseline and the best value marked (ties all marked and flagged as a tie; nothing marked when all are equal). */
export function marks(
  values: (number | null)[],
  baseline: number,
  higherIsBetter: boolean
): { values: (number | null)[]; deltas: (number | null)[]; best: boolean[]; bestTied: boolean } {
  const present = values.filter((v): v is number => v !== null)
  const best = present.length ? (higherIsBetter ? Math.max(...present) : Math.min(...present)) : null
  const base = values[baseline] ?? null
  const bestMarks = values.map((v) => v !== null && present.length > 1 && v === best && present.some((p) => p !== best))
  return {
    values,
    deltas: values.map((v) => (v === null || base === null ? null : v - base)),
    best: bestMarks,
    bestTied: bestMarks.filter(Boolean).length > 1
  }
}
