// ModelsService: the area's public face; wires registry, jobs/imports, compare and evaluations and delegates to them.
import type {
  ChannelOutput,
  Comparison,
  CompareItem,
  EvaluationResult,
  ImportReport,
  ModelDetail,
  ModelSummary,
  ParsedInput,
  RunDetail,
  VersionDetail,
  VersionSummary
} from '../../../shared/contract'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import { startedOf, type JobService } from '../../core/jobs'
import type { PaletteItem } from '../../core/palette'
import type { JobStarted } from '../../../shared/contract/jobs'
import type { Db } from '../../db/open'
import type { TrainingDataLink } from './api'
import { Compare, type Direction } from './compare'
import { Evaluations } from './evaluations'
import { inlineExecutor, type CleanupResult, type ModelsExecutor } from './executor'
import { Imports } from './jobs'
import { changedPublisher, Registry } from './registry'
import { Ranking, type RankingInput } from './ranking'
import { ModelsRepo } from './repo'
import type { ModelsReader } from './api'

export { marks } from './compare'

export interface ModelsDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  jobs: JobService
  /** Where imports, clean-ups and evaluations run; the app passes the worker-thread executor (default: this thread). */
  executor?: ModelsExecutor
  nativeBinding?: string
}

/** Model registry, MLflow import, comparison and offline evaluation. */
export class ModelsService {
  readonly repo: ModelsRepo
  private registry: Registry
  private jobs: JobService
  private imports: Imports
  private comparer: Compare
  private ranking: Ranking
  private evals: Evaluations
  readonly executor: ModelsExecutor

  private readonly db: Db

  constructor(deps: ModelsDeps) {
    this.db = deps.db
    this.repo = new ModelsRepo(deps.db)
    const { db, clock, bus, logger } = deps
    const repo = this.repo
    const changed = changedPublisher(bus)
    this.executor = deps.executor ?? inlineExecutor
    const executor = this.executor
    this.registry = new Registry({ repo, clock, changed })
    this.jobs = deps.jobs
    this.imports = new Imports({ db, clock, logger, repo, changed, executor, nativeBinding: deps.nativeBinding })
    this.evals = new Evaluations({ repo, clock, jobs: this.jobs, registry: this.registry, changed, executor })
    this.comparer = new Compare({ repo, registry: this.registry, evaluation: (id) => this.evals.evaluation(id) })
    this.ranking = new Ranking({ repo, direction: (key, overrides) => this.comparer.direction(key, overrides) })
  }

  /** At start: metric histories a crashed import staged, or replaced ones not yet deleted, are deleted in the background. */
  start(): void {
    if (this.repo.stagingJobs().length || this.repo.hasRetiredSets()) void this.cleanUp().catch(() => undefined)
  }
  stop(): Promise<void> {
    return this.imports.stop()
  }
  /** The last import's write-lock holds (benchmarks). */
  lastImportTimings(): Imports['lastTimings'] {
    return this.imports.lastTimings
  }
  /** Deletes retired and abandoned metric sets (small batches, on the executor); resolves when done. */
  cleanUp(): Promise<CleanupResult> {
    return this.imports.cleanUp()
  }
  /** The narrow port other areas use (explain: a version's artifact). */
  reader(): ModelsReader {
    return {
      versionArtifact: (versionId) => {
        const v = this.repo.version(versionId)
        const m = v ? this.repo.model(v.model_id) : undefined
        if (!v || !m) return undefined
        return {
          versionId: v.id,
          modelId: m.id,
          modelName: m.name,
          version: v.version,
          label: `${m.name} v${v.version}`,
          stage: v.stage,
          artifactPath: v.artifact_path,
          artifactSha256: v.artifact_sha256
        }
      }
    }
  }

  // ---------- registry ----------
  list(search = ''): ModelSummary[] {
    return this.registry.list(search)
  }
  get(id: number): ModelDetail {
    return this.registry.get(id)
  }
  create(input: ParsedInput<'models:create'>): ModelSummary {
    return this.registry.create(input)
  }
  /** The model with this exact name, if any (the registry port registers versions by model name). */
  modelByName(name: string): { id: number } | undefined {
    const m = this.repo.modelByName(name)
    return m ? { id: m.id } : undefined
  }
  /** Runs fn in one transaction: several registry changes land together or not at all. */
  inTransaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }
  update(input: ParsedInput<'models:update'>): ModelSummary {
    return this.registry.update(input)
  }
  delete(id: number): { deleted: boolean } {
    return this.registry.delete(id)
  }
  allVersions(search = ''): VersionSummary[] {
    return this.registry.allVersions(search)
  }
  runDetail(runId: number): RunDetail {
    return this.registry.runDetail(runId)
  }
  version(id: number): VersionDetail {
    return this.registry.version(id)
  }
  /** Records a feature store training set as the version's training data (the registry port). */
  setTrainingData(versionId: number, link: TrainingDataLink): void {
    this.registry.setTrainingData(versionId, link)
  }
  createVersion(input: ParsedInput<'models:createVersion'>): VersionSummary {
    return this.registry.createVersion(input)
  }
  updateVersion(input: ParsedInput<'models:updateVersion'>): VersionSummary {
    return this.registry.updateVersion(input)
  }
  transition(input: ParsedInput<'models:transition'>): VersionSummary {
    return this.registry.transition(input)
  }
  setAlias(versionId: number, alias: string): VersionSummary {
    return this.registry.setAlias(versionId, alias)
  }
  removeAlias(modelId: number, alias: string): { removed: boolean } {
    return this.registry.removeAlias(modelId, alias)
  }
  runs(search = '', limit = 500, includeDeleted = false): ChannelOutput<'models:runs'> {
    return this.registry.runs(search, limit, includeDeleted)
  }
  palette(q: string, limit: number): PaletteItem[] {
    return this.registry.palette(q, limit)
  }

  // ---------- imports (jobs; the start* methods answer at once with the job to follow) ----------
  importMlruns(rootPath: string): Promise<ImportReport> {
    return this.jobs.run(() => this.imports.importJob('mlruns', rootPath))
  }
  importMlflowDb(file: string): Promise<ImportReport> {
    return this.jobs.run(() => this.imports.importJob('mlflow-db', file))
  }
  importTable(file: string, experiment: string): Promise<ImportReport> {
    return this.jobs.run(() => this.imports.importJob('table', file, experiment))
  }
  startImport(kind: 'mlruns' | 'mlflow-db' | 'table', path: string, experiment = 'Imported tables'): JobStarted {
    return startedOf(this.jobs.start(this.imports.importJob(kind, path, experiment)))
  }

  /** Versions or runs with their latest metrics as columns, filtered by an MLflow-style search or by name. */
  table(input: RankingInput): ChannelOutput<'models:table'> {
    return this.ranking.table(input)
  }

  // ---------- compare ----------
  direction(key: string, overrides = this.repo.directions()): Direction {
    return this.comparer.direction(key, overrides)
  }
  setMetricDirection(key: string, higherIsBetter: boolean | null): { key: string; higherIsBetter: boolean } {
    return this.comparer.setMetricDirection(key, higherIsBetter)
  }
  compare(input: { items: CompareItem[]; baseline?: number; evaluationId?: number | undefined; maxPoints?: number }): Comparison {
    return this.comparer.compare(input)
  }

  // ---------- evaluation ----------
  evaluate(input: ParsedInput<'models:evaluate'>): Promise<EvaluationResult> {
    return this.jobs.run(() => this.evals.evaluationJob(input))
  }
  startEvaluate(input: ParsedInput<'models:evaluate'>): JobStarted {
    return startedOf(this.jobs.start(this.evals.evaluationJob(input)))
  }
  evaluations(versionId?: number): ChannelOutput<'models:evaluations'> {
    return this.evals.evaluations(versionId)
  }
  evaluation(id: number): EvaluationResult {
    return this.evals.evaluation(id)
  }
  previewFile(file: string): Promise<ChannelOutput<'models:previewFile'>> {
    return this.evals.previewFile(file)
  }
}
