import { experimentsChannels } from '../../../shared/contract/experiments'
import { defineModule } from '../../core/module'
import { workerExecutor } from './executor'
import { ExperimentsService } from './service'

/** Experiments: A/B tests of model versions and features, imports on workers, three engines, decisions and promotion. */
export const experimentsModule = defineModule({
  id: 'experiments',
  channels: experimentsChannels,
  emits: ['experiments:changed', 'experiments:signal', 'job:progress'],
  create: ({ db, clock, bus, logger, jobs, nativeBinding, ports }) =>
    new ExperimentsService({
      db,
      clock,
      bus,
      logger,
      jobs,
      executor: workerExecutor(),
      models: ports.has('models') ? ports.get('models') : null,
      ...(nativeBinding ? { nativeBinding } : {})
    }),
  handlers: (x) => ({
    'experiments:list': (input) => x.list(input?.search),
    'experiments:get': ({ id }) => x.get(id),
    'experiments:create': (input) => x.create(input),
    'experiments:update': (input) => x.update(input),
    'experiments:delete': ({ id }) => x.delete(id),
    'experiments:setStatus': ({ id, status }) => x.setStatus(id, status),
    'experiments:assign': ({ id, ids }) => x.assign(id, ids),
    'experiments:importEvents': (input) => x.startImportEvents(input),
    'experiments:importSums': ({ id, path }) => x.startImportSums(id, path),
    'experiments:results': (input) => x.results(input),
    'experiments:timeseries': (input) => x.timeseries(input),
    'experiments:power': (input) => x.power(input),
    'experiments:decide': (input) => x.decide(input),
    'experiments:promote': (input) => x.promote(input),
    'experiments:exportCsv': (input) => x.exportCsv(input)
  }),
  start: (x) => x.start(),
  palette: (x) => (q, limit) => x.palette(q, limit)
})
