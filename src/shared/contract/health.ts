import { z } from 'zod'
import { CheckConfigSchema } from '../health/types'
import { command, query, viewEvent } from './define'
import { statusPageChannels } from './statusPages'

export const CHECK_STATES = ['UP', 'DEGRADED', 'DOWN', 'PENDING', 'PAUSED', 'MAINTENANCE'] as const
export const CheckState = z.enum(CHECK_STATES)
export type CheckState = z.infer<typeof CheckState>

const id = z.int().positive()
const name = z.string().trim().min(1, 'must not be empty').max(120)
const label = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(60)
  .regex(/^[\w .:/-]+$/, 'use letters, digits, spaces and . : / - _')
const tags = z.record(z.string().max(60), z.string().max(200)).default({})
const epochMs = z.number().int().min(0).max(8.64e15)

export const CheckInput = z.strictObject({
  name,
  intervalS: z.int().min(5, 'must be at least 5 seconds').max(86_400).default(60),
  retries: z.int().min(0).max(10).default(0),
  paused: z.boolean().default(false),
  config: CheckConfigSchema
})
export type CheckInput = z.input<typeof CheckInput>

export const ServiceInput = z.strictObject({
  name,
  environment: label.default('production'),
  region: label.default('default'),
  description: z.string().max(2000).default(''),
  tags,
  checks: z.array(CheckInput).max(50).default([])
})
export type ServiceInput = z.input<typeof ServiceInput>

/** A whole service as the edit form saves it: checks with an id are updated, without one created, the others deleted. */
export const ServiceReplaceInput = ServiceInput.extend({
  id,
  checks: z
    .array(CheckInput.extend({ id: id.optional() }))
    .max(50)
    .default([])
})
export type ServiceReplaceInput = z.input<typeof ServiceReplaceInput>

const Component = z.object({
  key: z.string(),
  name: z.string(),
  status: z.enum(['pass', 'warn', 'fail']),
  observedValue: z.string().nullable(),
  observedUnit: z.string().nullable(),
  componentType: z.string().nullable(),
  time: z.string().nullable(),
  output: z.string().nullable(),
  updatedAt: z.number()
})

export const CheckView = z.object({
  id: z.number(),
  serviceId: z.number(),
  name: z.string(),
  kind: z.string(),
  target: z.string(),
  config: z.record(z.string(), z.unknown()),
  intervalS: z.number(),
  retries: z.number(),
  paused: z.boolean(),
  state: CheckState,
  since: z.number(),
  lastRunAt: z.number().nullable(),
  lastLatencyMs: z.number().nullable(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  lastErrorKind: z.string().nullable(),
  lastSnippet: z.string().nullable(),
  certExpiresAt: z.number().nullable(),
  certDaysLeft: z.number().nullable(),
  components: z.array(Component)
})
export type CheckView = z.infer<typeof CheckView>

export const ServiceSummary = z.object({
  id: z.number(),
  name: z.string(),
  environment: z.string(),
  region: z.string(),
  description: z.string(),
  tags: z.record(z.string(), z.string()),
  state: CheckState,
  since: z.number(),
  checkCount: z.number(),
  openIncidents: z.number(),
  uptime24h: z.number().nullable(),
  uptime7d: z.number().nullable(),
  uptime30d: z.number().nullable(),
  p95Ms24h: z.number().nullable(),
  /** p95 latency per hour over the last 24 h, oldest first (null: no data). */
  sparkline: z.array(z.number().nullable()),
  lastCheckedAt: z.number().nullable(),
  /** When the service's recorded data starts (null: none yet); charts fit their default range to it. */
  dataSince: z.number().nullable(),
  inMaintenance: z.boolean()
})
export type ServiceSummary = z.infer<typeof ServiceSummary>

export const Incident = z.object({
  id: z.number(),
  serviceId: z.number(),
  serviceName: z.string(),
  checkId: z.number().nullable(),
  checkName: z.string().nullable(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  durationMs: z.number(),
  cause: z.string(),
  errorKind: z.string().nullable()
})
export type Incident = z.infer<typeof Incident>

/** One run of a check that is not saved (the form's "Test this check"). */
export const CheckTestResult = z.object({
  status: z.enum(['UP', 'DEGRADED', 'DOWN']),
  latencyMs: z.number(),
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  errorKind: z.string().nullable(),
  /** The start of the response body (DNS: the answers). */
  snippet: z.string().nullable(),
  conditions: z.array(z.object({ condition: z.string(), ok: z.boolean(), actual: z.string().nullable() })),
  components: z.array(z.object({ key: z.string(), status: z.enum(['pass', 'warn', 'fail']), output: z.string().nullable() })),
  certDaysLeft: z.number().nullable()
})
export type CheckTestResult = z.infer<typeof CheckTestResult>

export const MAINTENANCE_SCOPES = ['all', 'services', 'environment', 'tag'] as const

const MaintenanceFields = z.strictObject({
  title: name,
  /** Which services the window covers: every one, those listed, those of an environment, or those with a tag. */
  scope: z.enum(MAINTENANCE_SCOPES).default('all'),
  serviceIds: z.array(id).max(500).default([]),
  environment: label.optional(),
  /** "key" (any value) or "key=value". */
  tag: z.string().trim().min(1, 'must not be empty').max(261).optional(),
  kind: z.enum(['once', 'weekly']),
  startsAt: epochMs.optional(),
  endsAt: epochMs.optional(),
  days: z.array(z.int().min(0).max(6)).min(1).max(7).optional(),
  startTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)')
    .optional(),
  durationMin: z
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
  timeZone: z
    .string()
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz })
        return true
      } catch {
        return false
      }
    }, 'is not a known IANA time zone')
    .optional()
})

function maintenanceRules(m: z.output<typeof MaintenanceFields>, ctx: z.RefinementCtx): void {
  if (m.scope === 'services' && m.serviceIds.length === 0)
    ctx.addIssue({ code: 'custom', path: ['serviceIds'], message: 'pick at least one service' })
  if (m.scope === 'environment' && m.environment === undefined)
    ctx.addIssue({ code: 'custom', path: ['environment'], message: 'name the environment the window covers' })
  if (m.scope === 'tag' && m.tag === undefined) ctx.addIssue({ code: 'custom', path: ['tag'], message: 'give the tag as key or key=value' })
  if (m.kind === 'once') {
    if (m.startsAt === undefined) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'required for a one-off window' })
    if (m.endsAt === undefined) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'required for a one-off window' })
    if (m.startsAt !== undefined && m.endsAt !== undefined && m.endsAt <= m.startsAt)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after the start' })
  } else {
    for (const f of ['days', 'startTime', 'durationMin', 'timeZone'] as const)
      if (m[f] === undefined) ctx.addIssue({ code: 'custom', path: [f], message: 'required for a weekly window' })
  }
}

export const MaintenanceInput = MaintenanceFields.superRefine(maintenanceRules)
export const MaintenanceUpdate = MaintenanceFields.extend({ id }).superRefine(maintenanceRules)
export type MaintenanceInput = z.input<typeof MaintenanceInput>

export const MaintenanceView = z.object({
  id: z.number(),
  title: z.string(),
  scope: z.enum(MAINTENANCE_SCOPES),
  serviceIds: z.array(z.number()),
  /** Names of the listed services (scope "services"). */
  serviceNames: z.array(z.string()),
  /** The environment or tag (scopes "environment" and "tag"). */
  scopeValue: z.string().nullable(),
  kind: z.enum(['once', 'weekly']),
  startsAt: z.number().nullable(),
  endsAt: z.number().nullable(),
  days: z.array(z.number()).nullable(),
  startTime: z.string().nullable(),
  durationMin: z.number().nullable(),
  timeZone: z.string().nullable(),
  activeNow: z.boolean(),
  nextStart: z.number().nullable()
})

const Range = z
  .strictObject({ from: epochMs, to: epochMs })
  .refine((r) => r.to > r.from, { message: 'must be after the start of the range', path: ['to'] })

/** Columns, not arrays of objects: one array per series, aligned on t. */
export const Series = z.object({
  bucketMs: z.number(),
  t: z.array(z.number()),
  count: z.array(z.number()),
  failures: z.array(z.number()),
  degraded: z.array(z.number()),
  maintenance: z.array(z.number()),
  p50: z.array(z.number().nullable()),
  p95: z.array(z.number().nullable()),
  p99: z.array(z.number().nullable()),
  uptime: z.number().nullable(),
  source: z.enum(['minute', 'hour'])
})
export type Series = z.infer<typeof Series>

export const HealthSettings = z.strictObject({
  rawDays: z.int().min(1).max(3650),
  minuteDays: z.int().min(1).max(3650),
  hourDays: z.int().min(1).max(36500).nullable(),
  concurrency: z.int().min(1).max(1000)
})
export type HealthSettings = z.infer<typeof HealthSettings>

const ImportReport = z.object({
  services: z.number(),
  checks: z.number(),
  created: z.number(),
  updated: z.number(),
  removed: z.number(),
  dryRun: z.boolean()
})

/** A check's state per region (the console's own poller is "console"; probe agents push the others). */
export const RegionalCheck = z.object({
  checkId: z.number(),
  serviceId: z.number(),
  serviceName: z.string(),
  name: z.string(),
  regions: z.array(
    z.object({
      region: z.string(),
      state: CheckState,
      since: z.number(),
      lastAt: z.number(),
      latencyMs: z.number(),
      error: z.string().nullable(),
      /** No result for three intervals: left out of the outage verdict. */
      stale: z.boolean()
    })
  ),
  /** none; regional: down in some reporting regions; global: down in every reporting region. */
  outage: z.enum(['none', 'regional', 'global']),
  downRegions: z.array(z.string())
})

export const healthChannels = {
  'health:regions': query(
    'Each check’s state per region, and whether an outage is regional or global',
    z.strictObject({}).optional(),
    z.array(RegionalCheck)
  ),
  'health:overview': query(
    'Every service with state, uptime, p95 sparkline and open incidents',
    z.strictObject({}).optional(),
    z.array(ServiceSummary)
  ),
  'services:get': query(
    'One service with its checks, their state, components and certificates',
    z.strictObject({ id }),
    ServiceSummary.extend({ checks: z.array(CheckView), maintenance: z.array(MaintenanceView) })
  ),
  'services:create': command('Create a service, optionally with checks', ServiceInput, z.object({ id: z.number() })),
  'services:update': command(
    'Change a service’s name, environment, region, description or tags',
    z.strictObject({
      id,
      name: name.optional(),
      environment: label.optional(),
      region: label.optional(),
      description: z.string().max(2000).optional(),
      tags: tags.optional()
    }),
    z.object({ id: z.number() })
  ),
  'services:replace': command(
    'Save a service and its whole list of checks in one transaction: checks with an id are updated, checks without one created, checks left out deleted with their history. All or nothing.',
    ServiceReplaceInput,
    z.object({ id: z.number(), created: z.number(), updated: z.number(), deleted: z.number() })
  ),
  'services:delete': command('Delete a service, its checks and history', z.strictObject({ id }), z.object({ id: z.number() })),
  'checks:create': command('Add a check to a service', CheckInput.extend({ serviceId: id }), z.object({ id: z.number() })),
  'checks:update': command('Replace a check’s settings', CheckInput.extend({ id }), z.object({ id: z.number() })),
  'checks:delete': command('Delete a check and its history', z.strictObject({ id }), z.object({ id: z.number() })),
  'checks:run': command(
    'Run a check now and record the result',
    z.strictObject({ id }),
    z.object({ state: CheckState, status: z.enum(['UP', 'DEGRADED', 'DOWN']), latencyMs: z.number(), error: z.string().nullable() })
  ),
  'checks:test': command(
    'Run a check’s settings once, before saving: state, latency, response and conditions. Nothing is stored.',
    z.strictObject({ config: CheckConfigSchema }),
    CheckTestResult
  ),
  'checks:pause': command(
    'Pause a check, or every check of a service',
    z.strictObject({ id: id.optional(), serviceId: id.optional() }),
    z.object({ paused: z.number() })
  ),
  'checks:resume': command(
    'Resume a check, or every check of a service',
    z.strictObject({ id: id.optional(), serviceId: id.optional() }),
    z.object({ resumed: z.number() })
  ),
  'health:series': query(
    'Latency percentiles and status counts over a range, from rollups',
    z.strictObject({
      serviceId: id.optional(),
      checkId: id.optional(),
      from: epochMs,
      to: epochMs,
      points: z.int().min(10).max(2000).default(400)
    }),
    Series
  ),
  'health:incidents': query(
    'Outages, newest first',
    z.strictObject({ serviceId: id.optional(), openOnly: z.boolean().default(false), limit: z.int().min(1).max(1000).default(100) }),
    z.array(Incident)
  ),
  'health:results': query(
    'Recent raw results of a check, newest first',
    z.strictObject({ checkId: id, limit: z.int().min(1).max(500).default(50), before: epochMs.optional() }),
    z.array(
      z.object({
        ts: z.number(),
        status: z.enum(['UP', 'DEGRADED', 'DOWN']),
        latencyMs: z.number(),
        statusCode: z.number().nullable(),
        maintenance: z.boolean(),
        errorKind: z.string().nullable(),
        error: z.string().nullable(),
        snippet: z.string().nullable()
      })
    )
  ),
  'health:usage': query(
    'Checks run, error rate and latency per endpoint over a range',
    Range,
    z.object({
      endpoints: z.array(
        z.object({
          checkId: z.number(),
          serviceId: z.number(),
          serviceName: z.string(),
          checkName: z.string(),
          target: z.string(),
          count: z.number(),
          failures: z.number(),
          errorRate: z.number().nullable(),
          meanMs: z.number().nullable(),
          p95Ms: z.number().nullable()
        })
      ),
      series: Series
    })
  ),
  'health:export': query('All services and checks as YAML', z.strictObject({}).optional(), z.object({ yaml: z.string() })),
  'health:import': command(
    'Import services and checks from YAML: all or nothing',
    z.strictObject({
      yaml: z.string().max(5_000_000),
      mode: z.enum(['merge', 'replace']).default('merge'),
      dryRun: z.boolean().default(false)
    }),
    ImportReport
  ),
  'maintenance:list': query('Maintenance windows', z.strictObject({ serviceId: id.optional() }).optional(), z.array(MaintenanceView)),
  'maintenance:create': command('Create a maintenance window', MaintenanceInput, z.object({ id: z.number() })),
  'maintenance:update': command(
    'Change a maintenance window: its title, the services it covers and its schedule',
    MaintenanceUpdate,
    z.object({ id: z.number() })
  ),
  'maintenance:delete': command('Delete a maintenance window', z.strictObject({ id }), z.object({ id: z.number() })),
  'health:getSettings': query('Retention and poller settings', z.strictObject({}).optional(), HealthSettings),
  'health:setSettings': command('Change retention and poller settings', HealthSettings.partial().strict(), HealthSettings),
  ...statusPageChannels
} as const

export const healthEvents = {
  'health:changed': viewEvent(
    z.object({
      at: z.number(),
      checkIds: z.array(z.number()),
      serviceIds: z.array(z.number()),
      transitions: z.array(z.object({ checkId: z.number(), serviceId: z.number(), from: z.string(), to: z.string() }))
    })
  ),
  'health:config': viewEvent(z.object({ at: z.number() })),
  /** A probe agent pushed results for a region. */
  'health:regions': viewEvent(z.object({ at: z.number(), region: z.string() }))
} as const
