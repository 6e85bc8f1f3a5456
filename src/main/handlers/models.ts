import type { App } from '../app'
import type { HandlersFor } from './types'

type ModelsChannels =
  | 'models:list'
  | 'models:get'
  | 'models:create'
  | 'models:update'
  | 'models:delete'
  | 'models:versions'
  | 'models:version'
  | 'models:createVersion'
  | 'models:updateVersion'
  | 'models:transition'
  | 'models:setAlias'
  | 'models:removeAlias'
  | 'models:runs'
  | 'models:importMlruns'
  | 'models:importMlflowDb'
  | 'models:importTable'
  | 'models:cancel'
  | 'models:compare'
  | 'models:setMetricDirection'
  | 'models:evaluate'
  | 'models:evaluations'
  | 'models:evaluation'
  | 'models:previewFile'

export const modelsHandlers = ({ models }: App): HandlersFor<ModelsChannels> => ({
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
  'models:runs': (input) => models.runs(input?.search, input?.limit),
  'models:importMlruns': ({ path, jobId }, meta) => models.importMlruns(path, jobId, meta.signal),
  'models:importMlflowDb': ({ path, jobId }, meta) => models.importMlflowDb(path, jobId, meta.signal),
  'models:importTable': ({ path, experiment, jobId }, meta) => models.importTable(path, experiment, jobId, meta.signal),
  'models:cancel': ({ jobId }) => models.cancel(jobId),
  'models:compare': (input) => models.compare(input),
  'models:setMetricDirection': ({ key, higherIsBetter }) => models.setMetricDirection(key, higherIsBetter),
  'models:evaluate': (input, meta) => models.evaluate(input, meta.signal),
  'models:evaluations': (input) => models.evaluations(input?.versionId),
  'models:evaluation': ({ id }) => models.evaluation(id),
  'models:previewFile': ({ path }) => models.previewFile(path)
})
