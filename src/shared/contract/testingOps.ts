/** Deploys and their verification, scoped tokens and probe agents, fault-injection proxies, recovery drills. */
import { z } from 'zod'
import { parseConditions } from '../health/conditions'
import { HTTP_METHODS, STATUS_RANGE_RE } from '../health/types'
import { httpUrl as sharedHttpUrl } from './paths'

const httpUrl = sharedHttpUrl()

const id = z.int().positive()
const epochMs = z.number().int().min(0).max(8.64e15)
const version = z.string().trim().min(1, 'must not be empty').max(200)
const conditions = z
  .array(z.string().max(500))
  .max(20)
  .default([])
  .superRefine((list, ctx) => {
    try {
      parseConditions(list)
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message })
    }
  })

// ---------- deploys ----------

export const DeployInput = z.strictObject({
  serviceId: id,
  version,
  /** When it went out (default: now). */
  at: epochMs.optional(),
  link: httpUrl.nullable().default(null),
  note: z.string().max(2000).default(''),
  /** 'form' from the console's own form; scripts calling the API leave the default. */
  source: z.enum(['form', 'api']).default('api')
})

/** What CI posts to /api/hooks/deploys: the service by name (and environment when names repeat). */
export const DeployHookInput = z.strictObject({
  service: z.string().trim().min(1).max(120),
  environment: z.string().trim().max(60).optional(),
  version,
  /** Epoch ms or an ISO 8601 time; default now. */
  time: z.union([epochMs, z.iso.datetime({ offset: true })]).optional(),
  link: httpUrl.optional(),
  note: z.string().max(2000).optional(),
  /** The deployment failed: the marker is flagged and nothing is verified. */
  failed: z.boolean().optional()
})

export const DeployMarker = z.object({
  id: z.number(),
  serviceId: z.number(),
  serviceName: z.string().nullable(),
  version: z.string(),
  at: z.number(),
  link: z.string().nullable(),
  source: z.enum(['form', 'api', 'webhook']),
  note: z.string(),
  /** The deployment failed (a GitHub deployment_status failure, or CI said so). */
  failed: z.boolean(),
  verification: z.object({ runId: z.number(), state: z.string(), verdict: z.enum(['pass', 'fail']).nullable() }).nullable()
})
export type DeployMarker = z.infer<typeof DeployMarker>

// ---------- verification suites ----------

export const SmokeRequest = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(80),
  method: z.enum(HTTP_METHODS).default('GET'),
  url: httpUrl,
  headers: z.record(z.string().max(200), z.string().max(8000)).default({}),
  body: z.string().max(100_000).default(''),
  expectStatus: z
    .array(z.string().trim().regex(STATUS_RANGE_RE, 'use codes or ranges like "200-299" or "2xx"'))
    .min(1)
    .default(['200-299']),
  /** Gatus conditions, as in health checks: `[BODY].status == ok`, `[RESPONSE_TIME] < 300`. */
  conditions,
  timeoutMs: z.int().min(100).max(60_000).default(5000)
})
export type SmokeRequest = z.output<typeof SmokeRequest>

export const SuiteInput = z.strictObject({
  serviceId: id,
  /** Run the service's health checks. */
  healthChecks: z.boolean().default(true),
  smoke: z.array(SmokeRequest).max(30).default([]),
  /** A short load test with thresholds (a saved load test of this console). */
  loadTestId: id.nullable().default(null),
  runbookUrl: httpUrl.nullable().default(null),
  /** Wait this long after the deploy marker before verifying. */
  settleS: z.int().min(0).max(3600).default(30),
  /** Verify after every deploy marker of the service. */
  auto: z.boolean().default(true),
  /** A latency more than this much worse than before the deploy fails the verification. */
  maxRegressionPct: z.number().min(1).max(1000).default(50)
})
export type SuiteInput = z.input<typeof SuiteInput>

const Comparison = z.object({
  item: z.string(),
  unit: z.string(),
  before: z.number().nullable(),
  after: z.number().nullable(),
  changePct: z.number().nullable(),
  regressed: z.boolean()
})

export const SuiteReport = z.object({
  health: z.array(
    z.object({ checkId: z.number(), name: z.string(), status: z.string(), latencyMs: z.number(), error: z.string().nullable() })
  ),
  smoke: z.array(
    z.object({
      name: z.string(),
      method: z.string(),
      url: z.string(),
      status: z.number().nullable(),
      latencyMs: z.number(),
      ok: z.boolean(),
      error: z.string().nullable(),
      conditions: z.array(z.object({ condition: z.string(), ok: z.boolean(), actual: z.string().optional() }))
    })
  ),
  load: z
    .object({
      runId: z.number(),
      testName: z.string(),
      verdict: z.enum(['pass', 'fail']).nullable(),
      p95Ms: z.number().nullable(),
      failedRate: z.number().nullable(),
      failedThresholds: z.array(z.string()),
      error: z.string().nullable()
    })
    .nullable(),
  comparison: z.object({ beforeRunId: z.number(), beforeAt: z.number(), items: z.array(Comparison) }).nullable(),
  verdict: z.enum(['pass', 'fail']),
  /** Why it failed, one line each. */
  reasons: z.array(z.string())
})
export type SuiteReport = z.infer<typeof SuiteReport>

export const SuiteRunHead = z.object({
  id: z.number(),
  suiteId: z.number(),
  deployId: z.number().nullable(),
  purpose: z.enum(['baseline', 'verification']),
  state: z.string(),
  dueAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  verdict: z.enum(['pass', 'fail']).nullable(),
  error: z.string().nullable()
})

export const SuiteView = z.object({
  id: z.number(),
  serviceId: z.number(),
  serviceName: z.string().nullable(),
  healthChecks: z.boolean(),
  smoke: z.array(SmokeRequest),
  loadTestId: z.number().nullable(),
  loadTestName: z.string().nullable(),
  runbookUrl: z.string().nullable(),
  settleS: z.number(),
  auto: z.boolean(),
  maxRegressionPct: z.number(),
  lastRun: SuiteRunHead.nullable()
})

export const SuiteRunDetail = SuiteRunHead.extend({
  serviceId: z.number(),
  serviceName: z.string().nullable(),
  deploy: z.object({ version: z.string(), at: z.number(), link: z.string().nullable() }).nullable(),
  runbookUrl: z.string().nullable(),
  jobId: z.string().nullable(),
  report: SuiteReport.nullable()
})
export type SuiteRunDetail = z.infer<typeof SuiteRunDetail>

// ---------- scoped tokens and probes ----------

const region = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and -, e.g. eu-west-1')

export const TokenInput = z.discriminatedUnion('scope', [
  z.strictObject({ scope: z.literal('probe'), name: z.string().trim().min(1).max(80), region }),
  z.strictObject({ scope: z.literal('deploy'), name: z.string().trim().min(1).max(80) })
])

export const TokenView = z.object({
  id: z.number(),
  name: z.string(),
  scope: z.enum(['probe', 'deploy']),
  region: z.string().nullable(),
  /** The token's last four characters. */
  hint: z.string(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
  revokedAt: z.number().nullable()
})

export const ProbeResult = z.strictObject({
  checkId: id,
  at: epochMs,
  status: z.enum(['UP', 'DEGRADED', 'DOWN']),
  latencyMs: z.number().min(0).max(3_600_000),
  statusCode: z.int().min(0).max(999).nullable().default(null),
  error: z.string().max(2000).nullable().default(null)
})

export const ProbeCheck = z.object({
  id: z.number(),
  name: z.string(),
  serviceName: z.string(),
  intervalS: z.number(),
  config: z.record(z.string(), z.unknown())
})

export const ProbeView = z.object({
  region: z.string(),
  agent: z.string(),
  firstSeenAt: z.number(),
  lastSeenAt: z.number(),
  results: z.number()
})

// ---------- fault injection ----------

export const Toxic = z.strictObject({
  /** Requests whose path starts with this route (and method, when given) get the toxic. */
  route: z.string().regex(/^\//, 'starts with /').max(500).default('/'),
  method: z.enum(HTTP_METHODS).nullable().default(null),
  kind: z.enum(['latency', 'error', 'reset', 'bandwidth', 'timeout']),
  enabled: z.boolean().default(true),
  /** Share of matching requests affected (0..1). */
  probability: z.number().min(0).max(1).default(1),
  /** latency: added ms (± jitter); error: HTTP status; bandwidth: KiB/s. */
  latencyMs: z.int().min(0).max(120_000).default(0),
  jitterMs: z.int().min(0).max(60_000).default(0),
  status: z.int().min(400).max(599).default(503),
  rateKiBps: z.int().min(1).max(1_000_000).default(64)
})
export type Toxic = z.output<typeof Toxic>

export const ProxyInput = z.strictObject({
  name: z.string().trim().min(1).max(80),
  /** Loopback port the proxy listens on (0: any free port). */
  listenPort: z.int().min(0).max(65_535).default(0),
  upstream: httpUrl,
  enabled: z.boolean().default(true),
  toxics: z.array(Toxic).max(20).default([])
})

export const ProxyView = z.object({
  id: z.number(),
  name: z.string(),
  listenPort: z.number(),
  url: z.string().nullable(),
  upstream: z.string(),
  enabled: z.boolean(),
  running: z.boolean(),
  /** Why an enabled proxy is not running (its port is taken …). */
  error: z.string().nullable(),
  toxics: z.array(Toxic),
  stats: z.object({ requests: z.number(), forwarded: z.number(), affected: z.number() })
})

export const BreakerTestInput = z.strictObject({
  name: z.string().trim().min(1).max(120),
  proxyId: id,
  /** The service endpoint whose dependency sits behind the proxy. */
  serviceUrl: httpUrl,
  /** The fault injected during the test. */
  fault: Toxic,
  requestsPerS: z.number().min(1).max(200).default(10),
  /** Before, during and after the fault. */
  baselineS: z.number().min(1).max(120).default(3),
  faultS: z.number().min(1).max(600).default(10),
  recoveryS: z.number().min(1).max(600).default(15),
  /** Requests the breaker may let through to the failing dependency before it must be open. */
  maxCallsWhileOpen: z.int().min(0).max(10_000).default(5)
})

export const BreakerReport = z.object({
  phases: z.array(z.object({ name: z.string(), fromS: z.number(), toS: z.number() })),
  series: z.object({
    t: z.array(z.number()),
    ok: z.array(z.number()),
    failed: z.array(z.number()),
    fastFailed: z.array(z.number()),
    upstreamCalls: z.array(z.number()),
    p50: z.array(z.number().nullable())
  }),
  openedAfterS: z.number().nullable(),
  callsAfterOpen: z.number(),
  recoveredAfterS: z.number().nullable(),
  observations: z.array(z.string()),
  verdict: z.enum(['pass', 'fail'])
})
export type BreakerReport = z.infer<typeof BreakerReport>

export const BreakerTestHead = z.object({
  id: z.number(),
  proxyId: z.number().nullable(),
  name: z.string(),
  state: z.string(),
  verdict: z.enum(['pass', 'fail']).nullable(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  error: z.string().nullable()
})

export const BreakerTestDetail = BreakerTestHead.extend({ jobId: z.string().nullable(), report: BreakerReport.nullable() })

// ---------- recovery drills ----------

export const DrillSettings = z.strictObject({
  /** Cron expression (5 fields) or null: drills on demand only. */
  schedule: z.string().trim().max(100).nullable().default('0 4 * * 0'),
  timeZone: z.string().trim().max(60).default('UTC'),
  /** Keep this many drill results. */
  keep: z.int().min(1).max(1000).default(100)
})
export type DrillSettings = z.output<typeof DrillSettings>
/** A change to the drill settings: only the fields given change. */
export const DrillSettingsPatch = z.strictObject({
  schedule: z.string().trim().max(100).nullable().optional(),
  timeZone: z.string().trim().max(60).optional(),
  keep: z.int().min(1).max(1000).optional()
})

export const DrillView = z.object({
  id: z.number(),
  trigger: z.enum(['manual', 'schedule']),
  state: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  ok: z.boolean().nullable(),
  backupMs: z.number().nullable(),
  restoreMs: z.number().nullable(),
  verifyMs: z.number().nullable(),
  /** Backup to verified scratch copy. */
  timeToRestoreMs: z.number().nullable(),
  sizeBytes: z.number().nullable(),
  tables: z.array(z.object({ name: z.string(), backup: z.number(), restored: z.number(), live: z.number().nullable() })),
  error: z.string().nullable()
})
export type DrillView = z.infer<typeof DrillView>
