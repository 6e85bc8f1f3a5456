/** The testing area's channels and events: load tests, security scans, deploys and verification, probes, faults, drills. */
import { z } from 'zod'
import { command, query, viewEvent } from './define'
import { JobStarted } from './jobs'
import { LoadPlan, LoadReport } from './testingLoad'

export * from './testingLoad'

const id = z.int().positive()
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
  )
} as const

export const testingEvents = {
  /** Something in the area changed (a run or scan ended, a deploy arrived …): views refetch. */
  'testing:changed': viewEvent(z.object({ kind: z.string(), id: z.number().nullable(), at: z.number() }))
} as const
