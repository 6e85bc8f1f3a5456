/** The testing area's channels and events: load tests, security scans, deploys and verification, probes, faults, drills. */
import { z } from 'zod'
import { command, hook, internalEvent, query, viewEvent } from './define'
import { JobStarted } from './jobs'
import { LoadPlan, LoadReport } from './testingLoad'
import { ScanComparison, ScanOptions, ScanReport, ScanTargetInput } from './testingScan'
import {
  DeployHookInput,
  DeployInput,
  BreakerTestDetail,
  BreakerTestHead,
  BreakerTestInput,
  DeployMarker,
  DrillSettingsPatch,
  DrillView,
  ProxyInput,
  ProxyView,
  ProbeCheck,
  ProbeResult,
  ProbeView,
  SuiteInput,
  SuiteRunDetail,
  SuiteRunHead,
  SuiteView,
  TokenInput,
  TokenView
} from './testingOps'

export * from './testingLoad'
export * from './testingScan'
export * from './testingOps'

const id = z.int().positive()
const epochMs = z.number().int().min(0).max(8.64e15)
const name = z.string().trim().min(1, 'must not be empty').max(120)

// ---------- load tests ----------

export const LoadTestInput = z.strictObject({ name, serviceId: id.nullable().default(null), plan: LoadPlan })

const RunHead = z.object({
  id: z.number(),
  state: z.string(),
  verdict: z.enum(['pass', 'fail']).nullable(),
  startedAt: z.number(),
  endedAt: z.number().nullable()
})

export const LoadTestSummary = z.object({
  id: z.number(),
  name: z.string(),
  serviceId: z.number().nullable(),
  serviceName: z.string().nullable(),
  /** "100 requests/s for 30 s", "ramping 0 → 50 VUs over 2 stages" … */
  shape: z.string(),
  thresholds: z.number(),
  lastRun: RunHead.nullable()
})

export const LoadTestDetail = LoadTestSummary.extend({
  plan: z.record(z.string(), z.unknown()),
  baselineRunId: z.number().nullable(),
  runs: z.array(RunHead.extend({ purpose: z.string(), error: z.string().nullable() }))
})

/** The target service's health checks over the run's window (from the health area). */
export const HealthWindow = z.object({
  serviceId: z.number(),
  serviceName: z.string(),
  results: z.number(),
  down: z.number(),
  degraded: z.number(),
  latencyP95Ms: z.number().nullable(),
  checks: z.array(
    z.object({ name: z.string(), results: z.number(), down: z.number(), degraded: z.number(), lastError: z.string().nullable() })
  )
})
export type HealthWindow = z.infer<typeof HealthWindow>

export const Delta = z.object({
  metric: z.string(),
  unit: z.string(),
  baseline: z.number(),
  current: z.number(),
  /** (current − baseline) / baseline · 100; null when the baseline is 0. */
  changePct: z.number().nullable(),
  /** Whether the change is for the better (lower latency and errors, higher rate). */
  better: z.boolean()
})
export type Delta = z.infer<typeof Delta>

export const LoadRunDetail = z.object({
  id: z.number(),
  testId: z.number(),
  testName: z.string(),
  purpose: z.string(),
  jobId: z.string().nullable(),
  state: z.string(),
  verdict: z.enum(['pass', 'fail']).nullable(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  error: z.string().nullable(),
  report: LoadReport.nullable(),
  health: HealthWindow.nullable(),
  baseline: z.object({ runId: z.number(), startedAt: z.number(), deltas: z.array(Delta) }).nullable()
})
export type LoadRunDetail = z.infer<typeof LoadRunDetail>

const DrillSettingsView = z.object({
  schedule: z.string().nullable(),
  timeZone: z.string(),
  keep: z.number(),
  nextRunAt: z.number().nullable()
})

// ---------- security scans ----------

const ScanCounts = z.object({ high: z.number(), medium: z.number(), low: z.number(), info: z.number() })

export const ScanTargetSummary = z.object({
  id: z.number(),
  name: z.string(),
  serviceId: z.number().nullable(),
  serviceName: z.string().nullable(),
  url: z.string(),
  schedule: z.string().nullable(),
  timeZone: z.string(),
  nextRunAt: z.number().nullable(),
  lastScan: z
    .object({ id: z.number(), state: z.string(), grade: z.string().nullable(), startedAt: z.number(), counts: ScanCounts.nullable() })
    .nullable()
})

export const ScanTargetDetail = ScanTargetSummary.omit({ lastScan: true }).extend({
  options: ScanOptions,
  scans: z.array(
    z.object({
      id: z.number(),
      state: z.string(),
      grade: z.string().nullable(),
      score: z.number().nullable(),
      requests: z.number(),
      newHigh: z.number(),
      startedAt: z.number(),
      endedAt: z.number().nullable(),
      error: z.string().nullable()
    })
  )
})

export const ScanDetail = z.object({
  id: z.number(),
  targetId: z.number(),
  targetName: z.string(),
  url: z.string(),
  jobId: z.string().nullable(),
  state: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  error: z.string().nullable(),
  newHigh: z.number(),
  report: ScanReport.nullable(),
  comparison: ScanComparison.nullable()
})
export type ScanDetail = z.infer<typeof ScanDetail>

export const testingChannels = {
  'testing:loadTests': query('Load tests with their last run', z.strictObject({}).optional(), z.array(LoadTestSummary)),
  'testing:loadTest': query('One load test: its plan, baseline and runs', z.strictObject({ id }), LoadTestDetail),
  'testing:saveLoadTest': command(
    'Create a load test, or change one (with id)',
    LoadTestInput.extend({ id: id.optional() }),
    z.object({ id: z.number() })
  ),
  'testing:deleteLoadTest': command('Delete a load test and its runs', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'testing:runLoadTest': command(
    'Run a load test now, as a job on a worker thread',
    z.strictObject({ id }),
    JobStarted.extend({ runId: z.number() })
  ),
  'testing:loadRun': query(
    'One run: its report, the service’s health over its window and the comparison with the baseline',
    z.strictObject({ id }),
    LoadRunDetail
  ),
  'testing:setBaseline': command(
    'Make a run the baseline its test’s later runs are compared with (null: none)',
    z.strictObject({ testId: id, runId: id.nullable() }),
    z.object({ baselineRunId: z.number().nullable() })
  ),
  'testing:scanTargets': query('Scan targets with their last scan', z.strictObject({}).optional(), z.array(ScanTargetSummary)),
  'testing:scanTarget': query('One scan target: options, schedule and scans', z.strictObject({ id }), ScanTargetDetail),
  'testing:saveScanTarget': command(
    'Create a scan target, or change one (with id)',
    ScanTargetInput.extend({ id: id.optional() }),
    z.object({ id: z.number() })
  ),
  'testing:deleteScanTarget': command('Delete a scan target and its scans', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'testing:runScan': command(
    'Scan a target now (read-only, one request at a time), as a job',
    z.strictObject({ id }),
    JobStarted.extend({ scanId: z.number() })
  ),
  'testing:scan': query(
    'One scan: findings with severity, evidence and fix, and what changed since the scan before',
    z.strictObject({ id }),
    ScanDetail
  ),
  'testing:compareScans': query('What changed between two scans of one target', z.strictObject({ fromId: id, toId: id }), ScanComparison),
  'testing:deploys': query(
    'Deploy markers in a time range, newest first, with their verification',
    z.strictObject({ from: epochMs, to: epochMs, serviceId: id.optional() }),
    z.array(DeployMarker)
  ),
  'testing:createDeploy': command(
    'Record a deploy marker; verifies the service when its suite says so',
    DeployInput,
    z.object({ id: z.number(), verificationRunId: z.number().nullable() })
  ),
  'testing:deleteDeploy': command('Delete a deploy marker', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'testing:suites': query('Verification suites, one per service, with their last run', z.strictObject({}).optional(), z.array(SuiteView)),
  'testing:suite': query('One verification suite with its runs', z.strictObject({ id }), SuiteView.extend({ runs: z.array(SuiteRunHead) })),
  'testing:saveSuite': command('Create or replace the verification suite of a service', SuiteInput, z.object({ id: z.number() })),
  'testing:deleteSuite': command('Delete a verification suite and its runs', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'testing:runSuite': command(
    'Run a suite now (a baseline later deploys are compared with), as a job',
    z.strictObject({ id }),
    z.object({ runId: z.number() })
  ),
  'testing:suiteRun': query(
    'One suite run: health checks, smoke requests, load test, comparison and verdict',
    z.strictObject({ id }),
    SuiteRunDetail
  ),
  'testing:tokens': query('Scoped tokens for probe agents and CI (never their secret)', z.strictObject({}).optional(), z.array(TokenView)),
  'testing:createToken': command(
    'Create a scoped token; its secret is shown once, in this answer',
    TokenInput,
    z.object({ id: z.number(), token: z.string() })
  ),
  'testing:revokeToken': command('Revoke a scoped token', z.strictObject({ id }), z.object({ revoked: z.boolean() })),
  'testing:probes': query(
    'Probe agents by region: when they last pushed and how many results',
    z.strictObject({}).optional(),
    z.array(ProbeView)
  ),
  'testing:proxies': query('Fault-injection proxies with their toxics and counters', z.strictObject({}).optional(), z.array(ProxyView)),
  'testing:saveProxy': command(
    'Create a fault-injection proxy, or change one (with id); toxics change at once',
    ProxyInput.extend({ id: id.optional() }),
    ProxyView
  ),
  'testing:setToxic': command(
    'Switch one toxic of a proxy on or off, now',
    z.strictObject({ id, index: z.int().min(0).max(19), enabled: z.boolean() }),
    ProxyView
  ),
  'testing:deleteProxy': command('Stop and delete a proxy', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'testing:breakerTests': query('Circuit-breaker tests, newest first', z.strictObject({}).optional(), z.array(BreakerTestHead)),
  'testing:runBreakerTest': command(
    'Test that a service’s circuit breaker opens and recovers, injecting a fault through a proxy, as a job',
    BreakerTestInput,
    z.object({ testId: z.number(), jobId: z.string() })
  ),
  'testing:breakerTest': query(
    'One circuit-breaker test: phases, per-second behaviour, observations, verdict',
    z.strictObject({ id }),
    BreakerTestDetail
  ),
  'testing:drills': query(
    'Recovery drills (newest first) and their schedule',
    z.strictObject({}).optional(),
    z.object({ settings: DrillSettingsView, drills: z.array(DrillView) })
  ),
  'testing:drill': query('One recovery drill: times and row counts per table', z.strictObject({ id }), DrillView),
  'testing:runDrill': command(
    'Back up the workspace, restore it into a scratch file and verify it, now, as a job',
    z.strictObject({}).optional(),
    z.object({ drillId: z.number(), jobId: z.string() })
  ),
  'testing:setDrillSettings': command('Change the drills’ schedule and how many results are kept', DrillSettingsPatch, DrillSettingsView)
} as const

const agent = z.string().trim().min(1).max(200)
/** Only with the API token (a probe token's region is its own). */
const regionField = z.string().trim().max(40).optional()

/** POST /api/hooks/<name>, for CI pipelines and probe agents with scoped tokens. */
export const testingHooks = {
  deploys: hook(
    'Record a deploy marker from CI (a deploy token); verification follows when the service has a suite',
    'deploy',
    DeployHookInput,
    z.object({ id: z.number(), serviceId: z.number(), verificationRunId: z.number().nullable() })
  ),
  'probe/checks': hook(
    'The checks a probe agent runs from its region (a probe token)',
    'probe',
    z.strictObject({ agent, region: regionField }),
    z.object({ region: z.string(), checks: z.array(ProbeCheck) })
  ),
  'probe/results': hook(
    'Results a probe agent ran, for its token’s region only',
    'probe',
    z.strictObject({ agent, region: regionField, results: z.array(ProbeResult).max(5000) }),
    z.object({ region: z.string(), accepted: z.number(), unknown: z.number() })
  )
} as const

export const testingEvents = {
  /** Something in the area changed (a run or scan ended, a deploy arrived …): views refetch. */
  'testing:changed': viewEvent(z.object({ kind: z.string(), id: z.number().nullable(), at: z.number() })),
  /** For alerting: a scan found new high findings, a verification or a drill failed (holds), or the cause went away. */
  'testing:signal': internalEvent(
    z.object({
      kind: z.enum(['scan', 'verification', 'drill', 'breaker']),
      key: z.string(),
      holds: z.boolean(),
      value: z.number().nullable(),
      summary: z.string(),
      labels: z.record(z.string(), z.string())
    })
  )
} as const
