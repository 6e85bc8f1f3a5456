// Offline evaluation orchestration: run eval/evaluate as a job on the executor (a worker thread in the app: reading the
// holdout, metrics, bootstrap resamples), store the result in one small write, list and read evaluations.
import { AppError, notFound } from '../../../shared/errors'
import type { ChannelOutput, EvaluationResult, ParsedInput } from '../../../shared/contract'
import type { Clock } from '../../core/clock'
import type { JobContext, JobService, JobSpec } from '../../core/jobs'
import type { ModelsExecutor } from './executor'
import { json, type Changed, type Registry } from './registry'
import type { ModelsRepo } from './repo'
import { inspectFile } from '../../core/files/inspect'

export interface EvaluationsDeps {
  repo: ModelsRepo
  clock: Clock
  jobs: JobService
  registry: Registry
  changed: Changed
  executor: ModelsExecutor
}

export class Evaluations {
  constructor(private deps: EvaluationsDeps) {}

  /** The evaluation as a job; the input is checked before it is queued. */
  evaluationJob(input: ParsedInput<'models:evaluate'>): JobSpec<EvaluationResult> {
    const { registry } = this.deps
    const labels = input.predictions.map((p) => {
      const v = registry.versionOrThrow(p.versionId)
      return `${registry.modelOrThrow(v.model_id).name} v${v.version}`
    })
    if (new Set(input.predictions.map((p) => p.versionId)).size !== input.predictions.length)
      throw new AppError('VALIDATION', 'a version is picked twice', 'predictions')
    const run = async (job: JobContext): Promise<EvaluationResult> => {
      job.progress(0, null, `reading ${input.holdoutPath}`)
      // cancelling terminates the worker
      const out = await this.deps.executor.run(
        {
          type: 'evaluate',
          spec: {
            task: input.task,
            holdoutPath: input.holdoutPath,
            labelColumn: input.labelColumn,
            idColumn: input.idColumn || undefined,
            positiveLabel: input.positiveLabel,
            predictions: input.predictions.map((p, i) => ({ ...p, label: labels[i]! })),
            resamples: input.resamples,
            seed: input.seed,
            confidence: input.confidence,
            calibrationBins: input.calibrationBins
          }
        },
        (d, t, m) => job.progress(d, t, m),
        job.signal
      )
      if (job.signal.aborted) throw new AppError('CANCELLED', 'evaluation cancelled; nothing was stored')
      const now = this.deps.clock.now()
      const name = input.name || `${input.task} on ${input.holdoutPath.split(/[\\/]/).pop()}`
      const settings = input
      const id = this.deps.repo.insertEvaluation(
        name,
        input.task,
        input.holdoutPath,
        now,
        JSON.stringify(settings),
        JSON.stringify(out),
        input.predictions.map((p) => p.versionId)
      )
      job.progress(input.resamples, input.resamples, 'evaluation stored')
      const modelIds = new Set(input.predictions.map((p) => registry.versionOrThrow(p.versionId).model_id))
      for (const mid of modelIds) this.deps.changed(mid, 'evaluation', `evaluation “${name}” of ${labels.join(', ')} stored`)
      return this.evaluation(id)
    }
    return {
      kind: 'models:evaluate',
      area: 'models',
      title: `Evaluate ${labels.join(', ')} on ${input.holdoutPath.split(/[\\/]/).pop()}`,
      unit: 'resamples',
      route: '/models/evaluate',
      concurrency: 2,
      run,
      result: (r) => ({ evaluationId: r.id })
    }
  }

  evaluations(versionId?: number): ChannelOutput<'models:evaluations'> {
    return this.deps.repo.evaluations(versionId)
  }

  evaluation(id: number): EvaluationResult {
    const row = this.deps.repo.evaluation(id)
    if (!row) throw notFound(`evaluation ${id}`)
    const settings = json<{ resamples: number; seed: number; confidence: number }>(row.settings)
    const result = json<Omit<EvaluationResult, 'id' | 'name' | 'task' | 'holdoutPath' | 'createdAt' | 'resamples' | 'seed' | 'confidence'>>(
      row.result
    )
    return {
      id: row.id,
      name: row.name,
      task: row.task,
      holdoutPath: row.holdout_path,
      createdAt: row.created_at,
      resamples: settings.resamples,
      seed: settings.seed,
      confidence: settings.confidence,
      ...result
    }
  }

  /** The shared inspection of a holdout or predictions file (its header read as column names). */
  previewFile(file: string): Promise<ChannelOutput<'models:previewFile'>> {
    return inspectFile(file, { header: true, as: /\.(parquet|pq)$/i.test(file) ? 'parquet' : undefined })
  }
}
