import { testingChannels } from '../../../shared/contract/testing'
import { defineModule } from '../../core/module'
import { hookRoutes } from '../../core/hooks'
import { loadWorkerExecutor } from '../../workers/pool'
import { drillSettings } from './drills'
import { TestingService } from './service'

/** Testing: load tests, security scans, deploy markers and verification, probes and fault injection, recovery drills. */
export const testingModule = defineModule({
  id: 'testing',
  channels: testingChannels,
  emits: ['testing:changed', 'testing:signal', 'job:progress'],
  settings: drillSettings,
  create: ({ db, clock, bus, logger, jobs, ports, settings }) =>
    new TestingService({
      db,
      clock,
      bus,
      logger,
      jobs,
      health: ports.get('health'),
      healthChecks: ports.get('healthChecks'),
      workspace: ports.get('workspace'),
      settings,
      loadExecutor: loadWorkerExecutor()
    }),
  provides: (testing) => ({ deployMarkers: { fromHook: (input) => testing.deploys.fromHook(input) } }),
  handlers: (testing) => ({
    'testing:loadTests': () => testing.load.list(),
    'testing:loadTest': ({ id }) => testing.load.detail(id),
    'testing:saveLoadTest': (input) => testing.load.save(input),
    'testing:deleteLoadTest': ({ id }) => testing.load.delete(id),
    'testing:runLoadTest': ({ id }) => {
      const { jobId, state, runId } = testing.load.start(id)
      return { jobId, state, runId }
    },
    'testing:loadRun': ({ id }) => testing.load.run(id),
    'testing:setBaseline': ({ testId, runId }) => testing.load.setBaseline(testId, runId),
    'testing:scanTargets': () => testing.scans.list(),
    'testing:scanTarget': ({ id }) => testing.scans.target(id),
    'testing:saveScanTarget': (input) => testing.scans.save(input),
    'testing:deleteScanTarget': ({ id }) => testing.scans.delete(id),
    'testing:runScan': ({ id }) => {
      const { jobId, state, scanId } = testing.scans.start(id)
      return { jobId, state, scanId }
    },
    'testing:scan': ({ id }) => testing.scans.scan(id),
    'testing:compareScans': ({ fromId, toId }) => testing.scans.compare(fromId, toId),
    'testing:deploys': ({ from, to, serviceId }) => testing.deploys.list(from, to, serviceId),
    'testing:createDeploy': ({ source, ...input }) => testing.deploys.create(input, source),
    'testing:deleteDeploy': ({ id }) => testing.deploys.delete(id),
    'testing:suites': () => testing.suites.list(),
    'testing:suite': ({ id }) => testing.suites.detail(id),
    'testing:saveSuite': (input) => testing.suites.save(input),
    'testing:deleteSuite': ({ id }) => testing.suites.delete(id),
    'testing:runSuite': ({ id }) => ({ runId: testing.suites.runBaseline(id).runId }),
    'testing:suiteRun': ({ id }) => testing.suites.run(id),
    'testing:tokens': () => testing.tokens.list(),
    'testing:createToken': (input) => testing.tokens.create(input),
    'testing:revokeToken': ({ id }) => testing.tokens.revoke(id),
    'testing:probes': () => testing.probes.list(),
    'testing:proxies': () => testing.faults.list(),
    'testing:saveProxy': (input) => testing.faults.save(input),
    'testing:setToxic': ({ id, index, enabled }) => testing.faults.setToxic(id, index, enabled),
    'testing:deleteProxy': ({ id }) => testing.faults.delete(id),
    'testing:breakerTests': () => testing.faults.breakerTests(),
    'testing:runBreakerTest': (input) => {
      const { testId, jobId } = testing.faults.startBreakerTest(input)
      return { testId, jobId }
    },
    'testing:breakerTest': ({ id }) => testing.faults.breakerTest(id),
    'testing:drills': () => testing.drills.list(),
    'testing:drill': ({ id }) => testing.drills.get(id),
    'testing:runDrill': () => {
      const { drillId, jobId } = testing.drills.start('manual')
      return { drillId, jobId }
    },
    'testing:setDrillSettings': (patch) => testing.drills.setSettings(patch)
  }),
  tokens: (testing) => (token) => testing.tokens.authenticate(token),
  httpRoutes: (testing) =>
    hookRoutes({
      deploys: (input) => testing.deploys.fromHook(input),
      'probe/checks': (input, caller) => testing.probes.checksFor(caller, input),
      'probe/results': (input, caller) => testing.probes.results(caller, input)
    }),
  start: (testing, { startPollers }) => {
    if (startPollers) testing.start()
  },
  // proxies are stopped even in tests, where schedules never started
  stop: (testing) => testing.stop()
})
