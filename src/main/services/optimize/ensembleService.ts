/** Ensembles as jobs: build (reading predictions and evaluating through the models area's port), store, alert, register. */
import { EnsembleInput, type EnsembleDetail, type EnsembleSummary } from '../../../shared/contract/optimize'
import type { JobStarted } from '../../../shared/contract/jobs'
import { invalid } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import { startedOf, type JobService, type JobSpec } from '../../core/jobs'
import type { Db } from '../../db/open'
import type { ModelRegistryPort, ModelsEvalPort } from '../models/api'
import { EnsembleRepo } from './ensembleRepo'
import { buildEnsemble, ensembleNotFound } from './ensembles'

export interface EnsembleDeps {
  db: Db
  clock: Clock
  bus: EventBus
  jobs: JobService
  models: Pick<ModelRegistryPort, 'registerVersion' | 'version'> | null
  modelsEval: ModelsEvalPort | null
}

export class EnsembleService {
  readonly repo: EnsembleRepo

  constructor(private readonly deps: EnsembleDeps) {
    this.repo = new EnsembleRepo(deps.db)
  }

  private job(raw: EnsembleInput): JobSpec<EnsembleDetail> {
    const input = EnsembleInput.parse(raw)
    const evalPort = this.deps.modelsEval
    if (!evalPort) throw invalid('members', 'the models area’s evaluation is not available')
    if (input.registerAs !== undefined && input.registerAs !== '' && !this.deps.models)
      throw invalid('registerAs', 'the model registry is not available')
    input.members.forEach((m, i) => {
      if (this.deps.models && !this.deps.models.version(m.versionId))
        throw invalid(`members.${i}.versionId`, `there is no version with id ${m.versionId}`)
    })
    return {
      kind: 'optimize:ensemble',
      area: 'optimize',
      title: `Ensemble ${input.name}`,
      unit: 'resamples',
      route: '/optimize/ensembles',
      concurrency: 1,
      run: async (job) => {
        const built = await buildEnsemble(
          input,
          { evalPort, registry: this.deps.models },
          {
            signal: job.signal,
            progress: (d, t, m) => job.progress(d, t, m)
          }
        )
        job.throwIfCancelled()
        const now = this.deps.clock.now()
        let registeredVersionId: number | null = null
        if (input.registerAs && this.deps.models) {
          const tags: Record<string, string> = { 'ensemble.method': input.method, 'ensemble.name': input.name }
          built.summary.members.forEach((m, i) => (tags[`weight.${m.label}`] = String(built.weights[input.method][i])))
          registeredVersionId = this.deps.models.registerVersion({
            modelName: input.registerAs,
            description: `Ensemble “${input.name}” (${input.method}) of ${built.summary.members.map((m) => m.label).join(', ')}`,
            notes: `Weights: ${JSON.stringify(built.weights[input.method])}\n${built.summary.lossKey} on ${built.detail.evalRows} held-out rows: ${built.summary.ensembleLoss} (champion ${built.summary.championLabel}: ${built.summary.championLoss})\nHoldout: ${input.holdoutPath}`,
            tags
          }).id
        }
        const summary = { ...built.summary, registeredVersionId, createdAt: now }
        const id = this.repo.insert(summary, built.detail, input)
        this.deps.bus.publish('optimize:changed', { studyId: null, at: now })
        if (summary.beatsChampion)
          this.deps.bus.publish('optimize:ensembleBeatChampion', {
            ensembleId: id,
            name: input.name,
            lossKey: summary.lossKey,
            ensembleLoss: summary.ensembleLoss,
            championLoss: summary.championLoss,
            champion: summary.championLabel,
            pValue: built.pValue,
            at: now
          })
        return this.get(id)
      }
    }
  }

  start(input: EnsembleInput): JobStarted {
    return startedOf(this.deps.jobs.start(this.job(input)))
  }

  /** Builds and waits (tests). */
  build(input: EnsembleInput): Promise<EnsembleDetail> {
    return this.deps.jobs.run(() => this.job(input))
  }

  list(): EnsembleSummary[] {
    return this.repo.list()
  }

  get(id: number): EnsembleDetail {
    const d = this.repo.get(id)
    if (!d) throw ensembleNotFound(id)
    return d
  }

  delete(id: number): { deleted: boolean } {
    const deleted = this.repo.delete(id)
    if (deleted) this.deps.bus.publish('optimize:changed', { studyId: null, at: this.deps.clock.now() })
    return { deleted }
  }
}
