import path from 'node:path'
import { z } from 'zod'
import { mlopsChannels } from '../../../shared/contract/mlops'
import { defineModule } from '../../core/module'
import type { SettingsDef } from '../../core/settings'
import { MlopsService } from './service'

const MlopsSettings = z.object({ logRetentionDays: z.int().min(1).max(3650) })
export const mlopsSettings: SettingsDef<typeof MlopsSettings> = { key: 'mlops', schema: MlopsSettings, defaults: { logRetentionDays: 30 } }

/** MLOps: job definitions, triggers, runs with live logs, the retraining pipeline and gate, sweeps, live model updates. */
export const mlopsModule = defineModule({
  id: 'mlops',
  channels: mlopsChannels,
  emits: ['mlops:changed', 'mlops:log', 'mlops:notice', 'notify:desktop', 'job:progress'],
  settings: mlopsSettings,
  create: ({ db, clock, bus, logger, jobs, secrets, ports, settings, workspacePath }) =>
    new MlopsService({
      db,
      clock,
      bus,
      logger,
      jobs,
      secrets,
      dataDir: path.join(path.dirname(workspacePath), 'mlops'),
      registry: ports.has('models') ? ports.get('models') : null,
      training: ports.has('modelTraining') ? ports.get('modelTraining') : null,
      health: ports.has('health') ? ports.get('health') : null,
      logRetentionDays: () => settings.read(mlopsSettings).logRetentionDays
    }),
  handlers: (mlops, { settings, clock }) => ({
    'mlops:jobs': () => mlops.jobDefinitions(),
    'mlops:job': ({ id }) => mlops.definition(id),
    'mlops:saveJob': (input) => mlops.saveJob(input),
    'mlops:deleteJob': ({ id }) => mlops.deleteJob(id),
    'mlops:importMlproject': ({ path: file, entryPoint, name }) => mlops.importMlproject(file, entryPoint, name),
    'mlops:triggers': (input) => mlops.listTriggers(input?.jobId),
    'mlops:saveTrigger': (input) => mlops.saveTrigger(input),
    'mlops:deleteTrigger': ({ id }) => mlops.deleteTrigger(id),
    'mlops:startRun': (input) => {
      const s = mlops.startRun(input)
      return { jobId: s.jobId, state: s.state, runId: s.runId }
    },
    'mlops:retryRun': ({ id }) => mlops.retryRun(id),
    'mlops:cancelRun': ({ id }) => mlops.cancelRun(id),
    'mlops:runs': (input) => mlops.runs(input?.jobId, input?.limit ?? 100),
    'mlops:run': ({ id }) => mlops.run(id),
    'mlops:log': ({ id, search, limit }) => mlops.log(id, search, limit),
    'mlops:startSweep': (input) => mlops.startSweep(input),
    'mlops:sweeps': (input) => mlops.sweeps(input?.jobId),
    'mlops:targets': () => mlops.deployer.targets(),
    'mlops:saveTarget': (input) => {
      const t = mlops.deployer.save(input)
      mlops.changedTarget(t.id)
      return t
    },
    'mlops:deleteTarget': ({ id }) => mlops.deployer.delete(id),
    'mlops:deployNow': ({ id }) => mlops.deployer.deployNow(id),
    'mlops:deployments': (input) => mlops.deployer.history(input?.targetId, input?.limit ?? 200),
    'mlops:lineage': ({ modelName }) => mlops.lineage(modelName),
    'mlops:settings': () => settings.read(mlopsSettings),
    'mlops:saveSettings': (input) => settings.write(mlopsSettings, input, clock.now())
  }),
  start: (mlops, { startPollers }) => startPollers && mlops.start(),
  stop: (mlops) => mlops.stop(),
  palette: (mlops) => (q, limit) => mlops.palette(q, limit)
})
