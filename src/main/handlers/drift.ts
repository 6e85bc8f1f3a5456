import type { App } from '../app'
import type { HandlersFor } from './types'

type DriftChannels =
  | 'drift:inspect'
  | 'drift:datasets'
  | 'drift:dataset'
  | 'drift:importDataset'
  | 'drift:deleteDataset'
  | 'drift:checks'
  | 'drift:check'
  | 'drift:saveCheck'
  | 'drift:deleteCheck'
  | 'drift:runCheck'
  | 'drift:cancelRun'
  | 'drift:run'
  | 'drift:column'

export const driftHandlers = ({ drift }: App): HandlersFor<DriftChannels> => ({
  'drift:inspect': (input) => drift.inspect(input),
  'drift:datasets': () => drift.datasets(),
  'drift:dataset': ({ id }) => drift.dataset(id),
  'drift:importDataset': (input) => drift.importDataset(input),
  'drift:deleteDataset': ({ id }) => drift.deleteDataset(id),
  'drift:checks': () => drift.checks(),
  'drift:check': ({ id, limit }) => drift.check(id, limit),
  'drift:saveCheck': (input) => drift.saveCheck(input),
  'drift:deleteCheck': ({ id }) => drift.deleteCheck(id),
  'drift:runCheck': ({ id }) => drift.runNow(id),
  'drift:cancelRun': ({ runId }) => drift.cancelRun(runId),
  'drift:run': ({ runId }) => drift.run(runId),
  'drift:column': ({ runId, column }) => drift.column(runId, column)
})
