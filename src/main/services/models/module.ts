import { EvaluationInput, modelsChannels } from '../../../shared/contract/models'
import type { VersionSummary } from '../../../shared/contract/models'
import { AppError } from '../../../shared/errors'
import { defineModule } from '../../core/module'
import { modelsWorkerExecutor } from '../../workers/pool'
import type { ModelRegistryPort, ModelTrainingPort, ModelVersionRef } from './api'
import { align } from './eval/align'
import { evaluate } from './eval/evaluate'
import { ModelsService } from './service'

const ref = (v: VersionSummary): ModelVersionRef => ({
  id: v.id,
  modelId: v.modelId,
  modelName: v.modelName,
  version: v.version,
  stage: v.stage,
  aliases: v.aliases
})

/** The narrow registry port (services/models/api.ts) over the service. */
export function registryPort(models: ModelsService): ModelRegistryPort {
  return {
    ...models.reader(),
    version: (id) => {
      try {
        return ref(models.version(id))
      } catch (err) {
        if (err instanceof AppError && err.code === 'NOT_FOUND') return undefined
        throw err
      }
    },
    setAlias: (versionId, alias) => ref(models.setAlias(versionId, alias)),
    moveToStage: (versionId, stage, comment) => {
      const v = models.version(versionId)
      if (v.stage === stage) return ref(v)
      return ref(models.transition({ id: versionId, stage, comment, archiveOthers: true }))
    },
    registerVersion: ({ modelName, description, notes, tags }) =>
      ref(
        models.inTransaction(() => {
          const model = models.modelByName(modelName) ?? models.create({ name: modelName, description: '', owner: '', tags: {} })
          return models.createVersion({ modelId: model.id, description, notes, tags })
        })
      ),
    setTrainingData: (versionId, link) => {
      models.setTrainingData(versionId, link)
      return ref(models.version(versionId))
    }
  }
}

/** The training port (services/models/api.ts) for mlops: register a trained version, evaluate, alias holders, lineage. */
export function trainingPort(models: ModelsService): ModelTrainingPort {
  const byName = (name: string) => {
    const row = models.repo.modelByName(name)
    return row ? models.get(row.id) : undefined
  }
  return {
    registerVersion: async (input) => {
      let runId: number | undefined
      if (input.mlrunsRoot) {
        await models.importMlruns(input.mlrunsRoot)
        const run = input.runUuid ? models.repo.runByUuid(input.runUuid) : undefined
        if (!run)
          throw new AppError(
            'VALIDATION',
            `the job wrote no MLflow run${input.runUuid ? ` ${input.runUuid}` : ''} under ${input.mlrunsRoot}`
          )
        runId = run.id
      }
      const existing = models.repo.modelByName(input.modelName)
      const modelId = existing?.id ?? models.create(modelsChannels['models:create'].input.parse({ name: input.modelName })).id
      try {
        const v = models.createVersion(
          modelsChannels['models:createVersion'].input.parse({
            modelId,
            ...(runId ? { runId } : {}),
            ...(input.artifactPath ? { artifactPath: input.artifactPath } : {}),
            ...(input.parentVersionId ? { parentVersionId: input.parentVersionId } : {}),
            ...(input.dataset ? { dataset: input.dataset.slice(0, 2000) } : {}),
            description: input.description,
            tags: input.tags
          })
        )
        return ref(v)
      } catch (err) {
        if (!existing) models.delete(modelId)
        throw err
      }
    },
    evaluate: (input) => models.evaluate(EvaluationInput.parse(input)),
    holderOf: (modelName, aliasOrStage) => {
      const versions = byName(modelName)?.versions ?? []
      const v =
        versions.find((x) => x.aliases.includes(aliasOrStage)) ??
        versions.filter((x) => x.stage === aliasOrStage).sort((a, b) => b.version - a.version)[0]
      return v ? ref(v) : undefined
    },
    lineage: (modelName) =>
      (byName(modelName)?.versions ?? [])
        .map((s) => {
          const d = models.version(s.id)
          return {
            ...ref(s),
            parentVersionId: d.parent?.id ?? null,
            runId: d.runId,
            dataset: d.dataset,
            tags: d.tags,
            createdAt: d.createdAt
          }
        })
        .sort((a, b) => a.version - b.version)
  }
}

/** Models: the registry, MLflow imports, comparison and offline evaluation. */
export const modelsModule = defineModule({
  id: 'models',
  channels: modelsChannels,
  emits: ['models:changed', 'job:progress'],
  create: ({ db, clock, bus, logger, jobs, nativeBinding }) =>
    new ModelsService({ db, clock, bus, logger, jobs, executor: modelsWorkerExecutor(), ...(nativeBinding ? { nativeBinding } : {}) }),
  handlers: (models) => ({
    'models:list': (input) => models.list(input?.search),
    'models:get': ({ id }) => models.get(id),
    'models:create': (input) => models.create(input),
    'models:update': (input) => models.update(input),
    'models:delete': ({ id }) => models.delete(id),
    'models:versions': (input) => models.allVersions(input?.search),
    'models:version': ({ id }) => models.version(id),
    'models:createVersion': (input) => models.createVersion(input),
    'models:updateVersion': (input) => models.updateVersion(input),
    'models:transition': (input) => models.transition(input),
    'models:setAlias': ({ versionId, alias }) => models.setAlias(versionId, alias),
    'models:removeAlias': ({ modelId, alias }) => models.removeAlias(modelId, alias),
    'models:runs': (input) => models.runs(input?.search, input?.limit, input?.includeDeleted),
    'models:table': (input) => models.table(input),
    'models:importMlruns': ({ path }) => models.startImport('mlruns', path),
    'models:importMlflowDb': ({ path }) => models.startImport('mlflow-db', path),
    'models:importTable': ({ path, experiment }) => models.startImport('table', path, experiment),
    'models:compare': (input) => models.compare(input),
    'models:setMetricDirection': ({ key, higherIsBetter }) => models.setMetricDirection(key, higherIsBetter),
    'models:evaluate': (input) => models.startEvaluate(input),
    'models:evaluations': (input) => models.evaluations(input?.versionId),
    'models:evaluation': ({ id }) => models.evaluation(id),
    'models:previewFile': ({ path }) => models.previewFile(path)
  }),
  start: (models) => models.start(),
  stop: (models) => models.stop(),
  provides: (models) => ({
    models: registryPort(models),
    modelTraining: trainingPort(models),
    modelsEval: { align, evaluate },
    modelsTables: { list: (input) => models.list(input?.search), table: (input) => models.table(input) }
  }),
  palette: (models) => (q, limit) => models.palette(q, limit)
})
