import { driftChannels } from '../../../shared/contract/drift'
import { defineModule } from '../../core/module'
import { matching } from '../../core/palette'
import { workerExecutor } from '../../workers/pool'
import { DriftService } from './service'

/** Drift: datasets, checks on a schedule, runs on worker threads, per-column reports. */
export const driftModule = defineModule({
  id: 'drift',
  channels: driftChannels,
  emits: ['drift:detected', 'drift:run', 'job:progress'],
  create: ({ db, clock, bus, logger, jobs, nativeBinding, ports }) =>
    new DriftService({
      db,
      clock,
      bus,
      logger,
      jobs,
      executor: workerExecutor(),
      registry: ports.get('modelTraining'),
      ...(nativeBinding ? { nativeBinding } : {})
    }),
  handlers: (drift) => ({
    'drift:inspect': (input) => drift.inspect(input),
    'drift:datasets': () => drift.datasets(),
    'drift:dataset': ({ id }) => drift.dataset(id),
    'drift:importDataset': (input) => drift.startImport(input),
    'drift:deleteDataset': ({ id }) => drift.deleteDataset(id),
    'drift:checks': () => drift.checks(),
    'drift:check': ({ id, limit }) => drift.check(id, limit),
    'drift:saveCheck': (input) => drift.saveCheck(input),
    'drift:deleteCheck': ({ id }) => drift.deleteCheck(id),
    'drift:runCheck': ({ id }) => drift.runNow(id),
    'drift:cancelRun': ({ runId }) => drift.cancelRun(runId),
    'drift:run': ({ runId }) => drift.run(runId),
    'drift:column': ({ runId, column }) => drift.column(runId, column),
    'drift:plan': (input) => drift.plan(input),
    'drift:export': ({ runId, format }) => drift.exportRun(runId, format)
  }),
  provides: (drift) => ({
    drift: { createFileCheck: (input) => drift.createFileCheck(input) },
    driftReader: { checks: () => drift.checks(), check: ({ id, limit }) => drift.check(id, limit) }
  }),
  start: (drift, { startPollers }) => {
    if (startPollers) drift.start()
  },
  stop: (drift) => drift.stop(),
  palette: (drift) => (q, limit) => [
    ...matching(
      drift.checks(),
      q,
      limit,
      (c) => `${c.name} ${c.model}`,
      (c) => ({
        kind: 'drift check',
        id: String(c.id),
        title: c.name,
        subtitle: `${c.model} v${c.version}`,
        route: `/drift/checks/${c.id}`
      })
    ),
    ...matching(
      drift.datasets(),
      q,
      limit,
      (d) => d.name,
      (d) => ({
        kind: 'dataset',
        id: String(d.id),
        title: d.name,
        subtitle: `${d.rows.toLocaleString('en-US')} rows`,
        route: `/drift/datasets/${d.id}`
      })
    )
  ]
})
