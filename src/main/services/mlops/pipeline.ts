/**
 * The retraining pipeline after a run succeeded: register its output as a version with lineage (models port), evaluate
 * it and the champion on the holdout (the models area's evaluation), apply the gate, and move the alias or stage on pass.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { GateResult, Pipeline } from '../../../shared/contract/mlops'
import type { ModelRegistryPort, ModelTrainingPort, ModelVersionRef } from '../models/api'
import { runGate, type Metrics } from './gate'
import type { RunOutput } from './outputs'

export interface Lineage {
  runId: number
  jobName: string
  trigger: string
  codeVersion: string | null
  dataPath: string | null
  /** Fine-tune: the version whose artifact the run started from. */
  parentVersionId: number | null
}

export interface PipelineDeps {
  registry: ModelRegistryPort
  training: ModelTrainingPort
  /** A version's own run metrics (kept by this area), for a gate without a holdout. */
  runMetricsOf(versionId: number): Metrics | null
}

export interface PipelineOutcome {
  version: ModelVersionRef
  gate: GateResult
}

const label = (v: ModelVersionRef): string => `${v.modelName} v${v.version}`

export async function runPipeline(
  deps: PipelineDeps,
  p: Pipeline,
  out: RunOutput,
  lin: Lineage,
  log: (line: string) => void
): Promise<PipelineOutcome> {
  const champion = deps.training.holderOf(p.modelName, 'champion')
  const parent = lin.parentVersionId ?? champion?.id ?? null
  const version = await deps.training.registerVersion({
    modelName: p.modelName,
    ...(out.mlrunsRoot ? { mlrunsRoot: out.mlrunsRoot } : {}),
    ...(out.runUuid ? { runUuid: out.runUuid } : {}),
    ...(out.artifactPath ? { artifactPath: out.artifactPath } : {}),
    ...(parent ? { parentVersionId: parent } : {}),
    ...(lin.dataPath ? { dataset: lin.dataPath } : {}),
    description: `${lin.parentVersionId ? 'Fine-tuned' : 'Trained'} by job “${lin.jobName}”, run #${lin.runId} (${lin.trigger})`,
    tags: {
      'mlops.job': lin.jobName,
      'mlops.run': String(lin.runId),
      'mlops.trigger': lin.trigger,
      ...(lin.codeVersion ? { 'mlops.code_version': lin.codeVersion } : {}),
      ...(lin.parentVersionId ? { 'mlops.fine_tune_of': String(lin.parentVersionId) } : {})
    }
  })
  log(`registered ${label(version)}${parent ? ` (parent v${deps.registry.version(parent)?.version ?? '?'})` : ''}`)
  let candidate: Metrics = out.metrics
  let baseline: Metrics | null = null
  let evaluationId: number | null = null
  if (p.evaluation) {
    const e = p.evaluation
    const predFile = (versionId: number): string | null => {
      const a = deps.registry.versionArtifact(versionId)?.artifactPath
      if (!a) return null
      const dir = fs.existsSync(a) && fs.statSync(a).isDirectory() ? a : path.dirname(a)
      const f = path.join(dir, e.predictionsFile)
      return fs.existsSync(f) ? f : null
    }
    const mine = predFile(version.id)
    if (!mine) throw new Error(`the new version has no ${e.predictionsFile} in its artifact: it cannot be evaluated on the holdout`)
    const theirs = champion ? predFile(champion.id) : null
    const spec = (versionId: number, file: string) => ({
      versionId,
      path: file,
      ...(e.column ? { column: e.column } : {}),
      ...(e.scoreColumn ? { scoreColumn: e.scoreColumn } : {})
    })
    log(`evaluating on ${e.holdoutPath}${theirs ? ` against the champion ${label(champion!)}` : ''}`)
    const result = await deps.training.evaluate({
      name: `Gate: ${label(version)}`,
      task: e.task,
      holdoutPath: e.holdoutPath,
      labelColumn: e.labelColumn,
      ...(e.positiveLabel ? { positiveLabel: e.positiveLabel } : {}),
      predictions: [spec(version.id, mine), ...(theirs ? [spec(champion!.id, theirs)] : [])],
      resamples: 0
    })
    evaluationId = result.id
    const metricsOf = (id: number): Metrics =>
      Object.fromEntries((result.versions.find((v) => v.versionId === id)?.metrics ?? []).map((m) => [m.key, m.value]))
    candidate = metricsOf(version.id)
    baseline = theirs ? metricsOf(champion!.id) : null
  } else if (champion) baseline = deps.runMetricsOf(champion.id)
  return { version, gate: decide(deps, p, version, champion ?? null, candidate, baseline, evaluationId, log) }
}

function decide(
  deps: PipelineDeps,
  p: Pipeline,
  version: ModelVersionRef,
  champion: ModelVersionRef | null,
  candidate: Metrics,
  baseline: Metrics | null,
  evaluationId: number | null,
  log: (line: string) => void
): GateResult {
  const g = runGate(p.gate, candidate, champion ? (baseline ?? {}) : null)
  let promoted: string | null = null
  if (g.passed && p.promoteTo !== 'none') {
    if (p.promoteTo === 'champion' || p.promoteTo === 'challenger') deps.registry.setAlias(version.id, p.promoteTo)
    else deps.registry.moveToStage(version.id, p.promoteTo, `passed the gate of run ${version.id}`)
    promoted = p.promoteTo
    log(`gate passed: ${label(version)} is now ${p.promoteTo}`)
  } else log(g.passed ? 'gate passed (no promotion configured)' : `${g.summary}; ${label(version)} stays where it is`)
  return { passed: g.passed, championVersionId: champion?.id ?? null, evaluationId, checks: g.checks, summary: g.summary, promoted }
}
