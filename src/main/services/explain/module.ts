import { explainChannels } from '../../../shared/contract/explain'
import { defineModule } from '../../core/module'
import { explainWorkerExecutor } from '../../workers/pool'
import { ExplainService } from './service'

/** Explainability: SHAP values of versions over data files (jobs on worker threads), one row as JSON, views, endpoints. */
export const explainModule = defineModule({
  id: 'explain',
  channels: explainChannels,
  emits: ['explain:changed', 'job:progress'],
  create: ({ db, clock, bus, logger, jobs, ports, nativeBinding }) =>
    new ExplainService({
      db,
      clock,
      bus,
      logger,
      jobs,
      models: ports.has('models') ? ports.get('models') : null,
      executor: explainWorkerExecutor(),
      ...(nativeBinding ? { nativeBinding } : {})
    }),
  handlers: (explain) => ({
    'explain:explainDataset': (input) => explain.startExplain(input),
    'explain:explainRow': (input) => explain.explainRow(input),
    'explain:inspectModel': (input) => explain.inspectModel(input),
    'explain:list': (input) => explain.list(input?.versionId),
    'explain:get': ({ id }) => explain.get(id),
    'explain:beeswarm': ({ id, output, top, maxPoints }) => explain.beeswarm(id, output, top, maxPoints),
    'explain:dependence': ({ id, output, feature, colorBy, maxPoints }) => explain.dependence(id, output, feature, colorBy, maxPoints),
    'explain:row': ({ id, output, position }) => explain.row(id, output, position),
    'explain:compare': ({ a, b, output, alpha }) => explain.compare(a, b, output, alpha),
    'explain:csv': ({ id, output }) => explain.csv(id, output),
    'explain:delete': ({ id }) => explain.delete(id),
    'explain:endpoints': () => explain.endpoints(),
    'explain:saveEndpoint': (input) => explain.saveEndpoint(input),
    'explain:deleteEndpoint': ({ id }) => explain.deleteEndpoint(id)
  }),
  stop: (explain) => explain.stop(),
  palette: (explain) => (q, limit) => explain.palette(q, limit)
})
