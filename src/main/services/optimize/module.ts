import { optimizeChannels } from '../../../shared/contract/optimize'
import { defineModule } from '../../core/module'
import { optimizeWorkerExecutor } from '../../workers/pool'
import { OptimizeService } from './service'

/** Optimisation: Optuna tuning studies imported on a worker thread, their views, and registering a tuned trial. */
export const optimizeModule = defineModule({
  id: 'optimize',
  channels: optimizeChannels,
  emits: ['optimize:changed', 'optimize:studyFinished', 'optimize:ensembleBeatChampion', 'job:progress'],
  create: ({ db, clock, bus, logger, jobs, ports, nativeBinding }) =>
    new OptimizeService({
      db,
      clock,
      bus,
      logger,
      jobs,
      models: ports.has('models') ? ports.get('models') : null,
      modelsEval: ports.has('modelsEval') ? ports.get('modelsEval') : null,
      executor: optimizeWorkerExecutor(),
      ...(nativeBinding ? { nativeBinding } : {})
    }),
  handlers: (optimize) => ({
    'optimize:importStudies': ({ path }) => optimize.startImport(path),
    'optimize:studies': () => optimize.studies(),
    'optimize:study': ({ id }) => optimize.study(id),
    'optimize:intermediate': ({ id, maxTrials }) => optimize.intermediate(id, maxTrials),
    'optimize:importances': ({ id, objective }) => optimize.importances(id, objective),
    'optimize:compare': ({ ids }) => optimize.compare(ids),
    'optimize:registerTrial': ({ id, number, modelName }) => optimize.registerTrial(id, number, modelName),
    'optimize:ensembleBuild': (input) => optimize.ensembles.start(input),
    'optimize:ensembles': () => optimize.ensembles.list(),
    'optimize:ensemble': ({ id }) => optimize.ensembles.get(id),
    'optimize:ensembleDelete': ({ id }) => optimize.ensembles.delete(id),
    'optimize:compareVariants': (input) => optimize.variants.start(input),
    'optimize:variantComparisons': () => optimize.variants.list(),
    'optimize:variantComparison': ({ id }) => optimize.variants.get(id),
    'optimize:delete': ({ id }) => optimize.delete(id)
  }),
  palette: (optimize) => (q, limit) => optimize.palette(q, limit)
})
