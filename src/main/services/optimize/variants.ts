/** Optimised versus base: size, latency percentiles, accuracy difference with a paired interval, output agreement, a gate. */
import fs from 'node:fs'
import type { VariantComparison, VariantsInput } from '../../../shared/contract/optimize'
import { invalid } from '../../../shared/errors'
import type { EvalSpec, ModelRegistryPort, ModelsEvalPort } from '../models/api'
import { readLatencies, sizeOf, type LatencySample } from './files'

type Input = VariantsInput & { maxAccuracyDrop: number; minLatencyGain: number; resamples: number }
type Result = Omit<VariantComparison, 'id' | 'createdAt'>

/** numpy.percentile's default (linear interpolation between closest ranks). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const h = ((sorted.length - 1) * p) / 100
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}

export function latencyTable(samples: LatencySample[], keys: string[]): VariantComparison['base']['latency'] {
  const byBatch = new Map<number, number[]>()
  for (const s of samples) if (keys.includes(s.version)) (byBatch.get(s.batch) ?? byBatch.set(s.batch, []).get(s.batch)!).push(s.ms)
  return [...byBatch.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([batch, ms]) => {
      const s = Float64Array.from(ms).sort()
      return { batch, samples: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) }
    })
}

/** A small seeded generator (xorshift32) so the intervals are the same on every run. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x >>>= 0
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    return x / 4294967296
  }
}

/** 95 % percentile interval of mean(b) − mean(a) (or √mean(b) − √mean(a) for squared errors) over paired resamples of rows. */
export function pairedInterval(a: Float64Array, b: Float64Array, resamples: number, root: boolean): [number, number] | null {
  if (resamples < 1) return null
  const rand = xorshift(17)
  const n = a.length
  const diffs = new Float64Array(resamples)
  for (let r = 0; r < resamples; r++) {
    let sa = 0
    let sb = 0
    for (let k = 0; k < n; k++) {
      const i = Math.floor(rand() * n)
      sa += a[i]!
      sb += b[i]!
    }
    diffs[r] = root ? Math.sqrt(sb / n) - Math.sqrt(sa / n) : (sb - sa) / n
  }
  diffs.sort()
  return [percentile(diffs, 2.5), percentile(diffs, 97.5)]
}

const mean = (v: Float64Array): number => v.reduce((s, x) => s + x, 0) / v.length

export async function compareVariants(
  input: Input,
  deps: { evalPort: ModelsEvalPort; registry: Pick<ModelRegistryPort, 'version' | 'versionArtifact'> | null },
  hooks: { signal?: AbortSignal | undefined; progress(done: number, total: number, message: string): void }
): Promise<Result> {
  const entries = [input.base, ...input.variants]
  const labels = entries.map((e, i) => {
    const v = deps.registry?.version(e.versionId)
    const field = i === 0 ? 'base.versionId' : `variants.${i - 1}.versionId`
    if (deps.registry && !v) throw invalid(field, `there is no version with id ${e.versionId}`)
    if (entries.findIndex((o) => o.versionId === e.versionId) !== i) throw invalid(field, 'this version is compared twice')
    return v ? `${v.modelName} v${v.version}` : `version ${e.versionId}`
  })
  const classify = input.task === 'classification'
  const spec: EvalSpec = {
    task: input.task,
    holdoutPath: input.holdoutPath,
    labelColumn: input.labelColumn,
    idColumn: input.idColumn || undefined,
    positiveLabel: input.positiveLabel || undefined,
    predictions: entries.map((e, i) => ({
      versionId: e.versionId,
      label: labels[i]!,
      path: e.path,
      ...(classify ? { scoreColumn: e.column } : { column: e.column })
    })),
    resamples: 0,
    seed: 17,
    confidence: 0.95,
    calibrationBins: 10
  }
  const { truth, preds } = await deps.evalPort.align(spec, { ...hooks, tick: () => new Promise((r) => setImmediate(r)) })
  const n = truth.length
  const scores = preds.map((p) => p.score ?? Float64Array.from(p.label ?? [], Number))
  let y: Float64Array
  if (classify) {
    const classes = [...new Set(truth)].sort()
    if (classes.length !== 2) throw invalid('labelColumn', `the comparison classifies two classes; the holdout has ${classes.length}`)
    const positive = input.positiveLabel || classes[1]!
    if (!classes.includes(positive)) throw invalid('positiveLabel', `"${positive}" is not one of the classes (${classes.join(', ')})`)
    y = Float64Array.from(truth, (t) => (t === positive ? 1 : 0))
  } else y = Float64Array.from(truth, Number)
  // per-row figures whose mean is the metric: correctness (accuracy) or squared error (RMSE = √mean)
  const perRow = scores.map((s) =>
    classify ? Float64Array.from(s, (v, i) => ((v >= 0.5 ? 1 : 0) === y[i] ? 1 : 0)) : Float64Array.from(s, (v, i) => (v - y[i]!) ** 2)
  )
  const metric = perRow.map((r) => (classify ? mean(r) : Math.sqrt(mean(r))))
  const samples = input.latencyFile ? await readLatencies(input.latencyFile, 'latencyFile') : []
  const size = entries.map((e) => {
    const p = e.artifactPath ?? deps.registry?.versionArtifact(e.versionId)?.artifactPath ?? null
    return p && fs.existsSync(p) ? sizeOf(p) : null
  })
  const figures = entries.map((e, i) => ({
    versionId: e.versionId,
    label: labels[i]!,
    sizeBytes: size[i]!,
    metric: metric[i]!,
    latency: latencyTable(samples, [String(e.versionId), labels[i]!])
  }))
  if (input.latencyFile && figures.every((f) => f.latency.length === 0))
    throw invalid(
      'latencyFile',
      `${input.latencyFile} has no latencies for ${labels.join(', ')} (the version column holds a version id or "model vN")`
    )
  const base = figures[0]!
  const baseP95 = base.latency[0]
  const variants = input.variants.map((v, j) => {
    const i = j + 1
    const f = figures[i]!
    const metricDiff = f.metric - base.metric
    const drop = classify ? -metricDiff : metricDiff
    const same = classify ? mean(Float64Array.from(scores[i]!, (s, r) => (s >= 0.5 === scores[0]![r]! >= 0.5 ? 1 : 0))) : null
    const maxScoreDiff = scores[i]!.reduce((m, s, r) => Math.max(m, Math.abs(s - scores[0]![r]!)), 0)
    const own = baseP95 ? f.latency.find((l) => l.batch === baseP95.batch) : undefined
    const latencyGain = baseP95 && own ? baseP95.p95 / own.p95 - 1 : null
    const reasons: string[] = []
    if (drop > input.maxAccuracyDrop)
      reasons.push(
        `${classify ? 'accuracy' : 'RMSE'} ${classify ? 'drops' : 'rises'} by ${Math.abs(drop).toPrecision(3)}, more than ${input.maxAccuracyDrop}`
      )
    if (latencyGain === null) reasons.push('no latency measured for it and the base at the same batch size')
    else if (latencyGain < input.minLatencyGain)
      reasons.push(
        `p95 latency at batch ${baseP95!.batch} ${latencyGain < 0 ? `is ${(-latencyGain * 100).toFixed(0)} % slower` : `is only ${(latencyGain * 100).toFixed(0)} % faster`}; the gate asks ${(input.minLatencyGain * 100).toFixed(0)} %`
      )
    hooks.progress(i, input.variants.length, `compared ${f.label}`)
    return {
      ...f,
      kind: v.kind,
      metricDiff,
      diffCi: pairedInterval(perRow[0]!, perRow[i]!, input.resamples, !classify),
      sameTop1: same,
      maxScoreDiff,
      latencyGain,
      sizeRatio: f.sizeBytes !== null && base.sizeBytes ? f.sizeBytes / base.sizeBytes : null,
      pass: reasons.length === 0,
      reasons
    }
  })
  return {
    name: input.name,
    task: input.task,
    metricKey: classify ? 'accuracy' : 'rmse',
    rows: n,
    latencySource: input.latencyFile ? `imported from ${input.latencyFile}` : null,
    gate: { maxAccuracyDrop: input.maxAccuracyDrop, minLatencyGain: input.minLatencyGain },
    base,
    variants
  }
}
