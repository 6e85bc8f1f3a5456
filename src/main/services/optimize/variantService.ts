/** Optimised-versus-base comparisons as jobs, stored with their gate verdicts. */
import { VariantsInput, type VariantComparison } from '../../../shared/contract/optimize'
import type { JobStarted } from '../../../shared/contract/jobs'
import { invalid, notFound } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import { startedOf, type JobService, type JobSpec } from '../../core/jobs'
import type { Db } from '../../db/open'
import type { ModelRegistryPort, ModelsEvalPort } from '../models/api'
import { compareVariants } from './variants'

export interface VariantDeps {
  db: Db
  clock: Clock
  bus: EventBus
  jobs: JobService
  models: Pick<ModelRegistryPort, 'version' | 'versionArtifact'> | null
  modelsEval: ModelsEvalPort | null
}

interface Row {
  id: number
  name: string
  result: string
  created_at: number
}

export class VariantService {
  constructor(private readonly deps: VariantDeps) {}

  private job(raw: VariantsInput): JobSpec<VariantComparison> {
    const input = VariantsInput.parse(raw)
    const evalPort = this.deps.modelsEval
    if (!evalPort) throw invalid('base', 'the models area’s evaluation is not available')
    ;[input.base, ...input.variants].forEach((e, i) => {
      if (this.deps.models && !this.deps.models.version(e.versionId))
        throw invalid(i === 0 ? 'base.versionId' : `variants.${i - 1}.versionId`, `there is no version with id ${e.versionId}`)
    })
    return {
      kind: 'optimize:variants',
      area: 'optimize',
      title: `Compare ${input.name}`,
      unit: 'variants',
      route: '/optimize/variants',
      concurrency: 1,
      run: async (job) => {
        const result = await compareVariants(
          input,
          { evalPort, registry: this.deps.models },
          { signal: job.signal, progress: (d, t, m) => job.progress(d, t, m) }
        )
        job.throwIfCancelled()
        const now = this.deps.clock.now()
        const id = Number(
          this.deps.db
            .prepare('INSERT INTO optimize_variant_comparisons (name, spec, result, created_at) VALUES (?, ?, ?, ?)')
            .run(input.name, JSON.stringify(input), JSON.stringify(result), now).lastInsertRowid
        )
        this.deps.bus.publish('optimize:changed', { studyId: null, at: now })
        return this.get(id)
      }
    }
  }

  start(input: VariantsInput): JobStarted {
    return startedOf(this.deps.jobs.start(this.job(input)))
  }

  compare(input: VariantsInput): Promise<VariantComparison> {
    return this.deps.jobs.run(() => this.job(input))
  }

  private rows(): Row[] {
    return this.deps.db
      .prepare('SELECT id, name, result, created_at FROM optimize_variant_comparisons ORDER BY created_at DESC, id DESC')
      .all() as Row[]
  }

  list(): { id: number; name: string; base: string; variants: number; passed: number; createdAt: number }[] {
    return this.rows().map((r) => {
      const c = JSON.parse(r.result) as Omit<VariantComparison, 'id' | 'createdAt'>
      return {
        id: r.id,
        name: r.name,
        base: c.base.label,
        variants: c.variants.length,
        passed: c.variants.filter((v) => v.pass).length,
        createdAt: r.created_at
      }
    })
  }

  get(id: number): VariantComparison {
    const r = this.deps.db.prepare('SELECT id, name, result, created_at FROM optimize_variant_comparisons WHERE id = ?').get(id) as
      Row | undefined
    if (!r) throw notFound(`comparison ${id}`)
    return { id: r.id, createdAt: r.created_at, ...(JSON.parse(r.result) as Omit<VariantComparison, 'id' | 'createdAt'>) }
  }
}
