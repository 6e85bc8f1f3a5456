import { featuresChannels } from '../../../shared/contract/features'
import { defineModule } from '../../core/module'
import { featuresWorkerExecutor } from '../../workers/pool'
import { FeaturesService } from './service'

/** Feature store: views and versions, point-in-time training sets, the online store, statistics; heavy work on worker threads. */
export const featuresModule = defineModule({
  id: 'features',
  channels: featuresChannels,
  emits: ['features:changed', 'job:progress'],
  create: ({ db, clock, bus, logger, jobs, ports, workspacePath, nativeBinding }) =>
    new FeaturesService({
      db,
      clock,
      bus,
      logger,
      jobs,
      workspacePath,
      nativeBinding,
      executor: featuresWorkerExecutor(),
      models: ports.get('models'),
      drift: ports.get('drift')
    }),
  provides: (f) => ({ featuresFiles: f.filesPort() }),
  handlers: (f) => ({
    'features:views': (input) => f.list(input?.search),
    'features:view': ({ name }) => f.view(name),
    'features:saveView': (input) => f.saveView(input),
    'features:deleteView': ({ name }) => f.deleteView(name),
    'features:version': ({ name, version }) => f.version(name, version),
    'features:diff': ({ name, from, to }) => f.diff(name, from, to),
    'features:inspectSource': ({ path }) => f.inspectSource(path),
    'features:exportYaml': () => f.exportYaml(),
    'features:exportFolder': ({ path }) => f.exportFolder(path),
    'features:importYaml': (input, meta) => f.importYaml(input, meta.confinePath),
    'features:trainingSets': (input) => f.trainingSets.list(input?.view),
    'features:trainingSet': ({ id }) => f.trainingSets.get(id),
    'features:createTrainingSet': (input) => f.trainingSets.start(input),
    'features:deleteTrainingSet': ({ id }) => f.trainingSets.delete(id),
    'features:attachTrainingSet': ({ id, modelVersionId }) => f.trainingSets.attach(id, modelVersionId),
    'features:createDriftCheck': ({ id, days }) => f.trainingSets.startDriftCheck(id, days),
    'features:materialize': (input) => f.online.start(input),
    'features:online': (input) => f.online.lookupParsed(input),
    'features:computeStatistics': ({ name, asOf }) => f.statistics.start(name, asOf),
    'features:statistics': ({ name, window }) => f.statistics.result(name, window)
  }),
  stop: (f) => f.stop(),
  palette: (f) => (q, limit) =>
    f
      .list(q)
      .slice(0, limit)
      .map((v) => ({
        kind: 'feature view',
        id: String(v.id),
        title: v.name,
        subtitle: `${v.features.length} features · v${v.version}`,
        route: `/features/views/${v.name}`
      }))
})
