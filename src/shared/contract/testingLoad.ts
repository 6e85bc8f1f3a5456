/** Load tests: the plan (requests, executor, thresholds) and the report a run produces. */
import { z } from 'zod'
import { HTTP_METHODS, STATUS_RANGE_RE } from '../health/types'
import { parseThresholds } from '../testing/thresholds'
import { compileTemplate } from '../testing/template'
import { filePath } from './paths'

export const MAX_TEST_SECONDS = 3600
export const MAX_TEST_REQUESTS = 10_000_000

const tagName = z.string().regex(/^[a-zA-Z_][\w]*$/, 'tag names are letters, digits and _')
const seconds = z.number().positive('must be more than 0 s').max(MAX_TEST_SECONDS, `at most ${MAX_TEST_SECONDS} s`)

/** An absolute http(s) URL whose scheme, host and port are fixed (templates may vary the path, query, headers and body). */
const urlTemplate = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(4000)
  .superRefine((text, ctx) => {
    const origin = /^(https?):\/\/([^/?#]+)/i.exec(text)
    if (!origin) return void ctx.addIssue({ code: 'custom', message: 'must start with http:// or https:// and a host' })
    if (origin[2]!.includes('{{')) return void ctx.addIssue({ code: 'custom', message: 'the host may not contain {{variables}}' })
    try {
      new URL(
        compileTemplate(text)
          .map((p) => (typeof p === 'string' ? p : 'x'))
          .join('')
      )
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not a valid URL' })
    }
  })

export const LoadRequest = z.strictObject({
  /** The endpoint's tag `name` (default "METHOD path"). */
  name: z.string().trim().max(80).default(''),
  method: z.enum(HTTP_METHODS).default('GET'),
  url: urlTemplate,
  headers: z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'is not a header name'), z.string().max(8000)).default({}),
  body: z.string().max(1_000_000).default(''),
  /** Share of iterations (requests are taken in turn by weight). */
  weight: z.int().min(1).max(100).default(1),
  tags: z.record(tagName, z.string().max(100)).default({}),
  /** Statuses that count as success (k6's expected_response: 200-399). */
  expectStatus: z
    .array(z.string().trim().regex(STATUS_RANGE_RE, 'use codes or ranges like "200-299", "301" or "2xx"'))
    .min(1)
    .default(['200-399'])
})
export type LoadRequest = z.output<typeof LoadRequest>

const Stage = z.strictObject({ durationS: seconds, target: z.number().min(0).max(100_000) })
const vus = z.int().min(1).max(5000)

export const Executor = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('constant-arrival-rate'),
    rate: z.number().positive('must be more than 0').max(100_000),
    durationS: seconds,
    preAllocatedVUs: vus.default(10),
    maxVUs: vus.default(100)
  }),
  z.strictObject({
    kind: z.literal('ramping-arrival-rate'),
    startRate: z.number().min(0).max(100_000).default(0),
    stages: z.array(Stage).min(1).max(50),
    preAllocatedVUs: vus.default(10),
    maxVUs: vus.default(100)
  }),
  z.strictObject({
    kind: z.literal('constant-vus'),
    vus,
    durationS: seconds,
    thinkMs: z.int().min(0).max(60_000).default(0)
  }),
  z.strictObject({
    kind: z.literal('ramping-vus'),
    startVUs: z.int().min(0).max(5000).default(0),
    stages: z
      .array(Stage.extend({ target: z.int().min(0).max(5000) }))
      .min(1)
      .max(50),
    thinkMs: z.int().min(0).max(60_000).default(0)
  })
])
export type Executor = z.output<typeof Executor>

const ThresholdItem = z.union([
  z.string().min(1).max(200),
  z.strictObject({
    threshold: z.string().min(1).max(200),
    abortOnFail: z.boolean().default(false),
    delayAbortEval: z.string().max(20).optional()
  })
])

export const Thresholds = z
  .record(z.string().min(1).max(200), z.array(ThresholdItem).min(1).max(20))
  .default({})
  .superRefine((map, ctx) => {
    try {
      parseThresholds(map)
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message })
    }
  })

export const LoadPlan = z
  .strictObject({
    requests: z.array(LoadRequest).min(1, 'add at least one request').max(50),
    executor: Executor,
    /** A CSV file whose columns are {{variables}} (absolute path). */
    variablesFile: filePath().nullable().default(null),
    thresholds: Thresholds,
    /** Bound on the number of iterations, whatever the executor says. */
    maxRequests: z.int().min(1).max(MAX_TEST_REQUESTS).default(1_000_000),
    timeoutMs: z.int().min(100).max(120_000).default(10_000),
    /** Accept self-signed certificates (test targets). */
    insecureTls: z.boolean().default(false)
  })
  .superRefine((plan, ctx) => {
    const e = plan.executor
    const total = 'stages' in e ? e.stages.reduce((s, st) => s + st.durationS, 0) : e.durationS
    if (total > MAX_TEST_SECONDS)
      ctx.addIssue({ code: 'custom', path: ['executor'], message: `lasts ${total} s; at most ${MAX_TEST_SECONDS} s` })
    if ((e.kind === 'constant-arrival-rate' || e.kind === 'ramping-arrival-rate') && e.preAllocatedVUs > e.maxVUs)
      ctx.addIssue({ code: 'custom', path: ['executor', 'preAllocatedVUs'], message: 'must not exceed maxVUs' })
  })
export type LoadPlan = z.output<typeof LoadPlan>
export type LoadPlanInput = z.input<typeof LoadPlan>

export const Percentiles = z.object({
  count: z.number(),
  min: z.number(),
  mean: z.number(),
  p50: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
  p999: z.number(),
  max: z.number()
})
export type Percentiles = z.infer<typeof Percentiles>

export const ThresholdResult = z.object({
  key: z.string(),
  source: z.string(),
  value: z.number().nullable(),
  ok: z.boolean(),
  abortOnFail: z.boolean()
})
export type ThresholdResult = z.infer<typeof ThresholdResult>

export const EndpointStats = z.object({
  name: z.string(),
  method: z.string(),
  url: z.string(),
  requests: z.number(),
  failed: z.number(),
  ratePerS: z.number(),
  latency: Percentiles
})

/** Per second of the run: seconds from the start; latency from the requests that ended in that second (ms). */
export const LoadSeries = z.object({
  t: z.array(z.number()),
  targetRate: z.array(z.number().nullable()),
  sent: z.array(z.number()),
  completed: z.array(z.number()),
  failed: z.array(z.number()),
  dropped: z.array(z.number()),
  vus: z.array(z.number()),
  p50: z.array(z.number().nullable()),
  p95: z.array(z.number().nullable()),
  p99: z.array(z.number().nullable())
})
export type LoadSeries = z.infer<typeof LoadSeries>

/** What the generator did (in its worker thread), as opposed to what the target did. */
export const GeneratorHealth = z.object({
  /** True when the generator could not keep the rate itself. */
  saturated: z.boolean(),
  message: z.string().nullable(),
  /** How late requests left while a connection was free (ms). */
  sendLagP99Ms: z.number(),
  /** Share of sends later than max(10 ms, two intervals) while a connection was free; above 5 % the generator is saturated. */
  lateSendShare: z.number(),
  /** How long due iterations waited for a free connection (ms, p99). */
  queueWaitP99Ms: z.number(),
  /** Busy share of the generator thread's event loop (0..1). */
  utilization: z.number(),
  maxVUsUsed: z.number()
})

export const LoadReport = z.object({
  model: z.enum(['open', 'closed']),
  executor: z.string(),
  startedAt: z.number(),
  endedAt: z.number(),
  durationS: z.number(),
  /** Mean target rate over the run (open model), iterations/s. */
  targetRate: z.number().nullable(),
  /** Completed requests per second. */
  achievedRate: z.number(),
  /** Requests sent per second. */
  sentRate: z.number(),
  iterations: z.object({ scheduled: z.number(), completed: z.number(), dropped: z.number() }),
  requests: z.object({ total: z.number(), failed: z.number(), failedRate: z.number(), bytesReceived: z.number() }),
  /** Open model: from each iteration's intended start (coordinated omission corrected); closed: from the send. ms. */
  latency: Percentiles,
  /** From the moment the request was written (what an uncorrected tool reports), ms. */
  serviceTime: Percentiles,
  errors: z.array(z.object({ class: z.string(), status: z.number().nullable(), count: z.number() })),
  statuses: z.record(z.string(), z.number()),
  endpoints: z.array(EndpointStats),
  series: LoadSeries,
  thresholds: z.array(ThresholdResult),
  aborted: z.object({ reason: z.string(), atS: z.number() }).nullable(),
  generator: GeneratorHealth,
  verdict: z.enum(['pass', 'fail'])
})
export type LoadReport = z.infer<typeof LoadReport>
