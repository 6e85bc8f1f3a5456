import { z } from 'zod'
import { extKindSchema } from '../extensions'
import { command, query, viewEvent } from './define'
import { LogQLString } from './logs'

const id = z.int().positive()
const epochMs = z.number().int().min(0).max(8.64e15)
export const SEVERITIES = ['critical', 'warning', 'info'] as const
export const Severity = z.enum(SEVERITIES)
const labelKey = z
  .string()
  .regex(/^[a-zA-Z_][\w]*$/, 'label names are letters, digits and _')
  .max(60)
const labels = z.record(labelKey, z.string().max(200)).default({})

export const SIGNALS = [
  'down',
  'error_rate',
  'latency',
  'component',
  'value',
  'drift',
  'budget',
  'model',
  'experiment',
  'study',
  'testing',
  'log_count',
  'log_issue',
  'ensemble',
  'metric',
  'extension'
] as const
/** What the testing area reports: a scan with new high findings, a failed post-deploy verification, recovery drill or breaker test. */
export const TESTING_KINDS = ['scan', 'verification', 'drill', 'breaker'] as const
export const Signal = z.enum(SIGNALS)
export const OPS = ['>', '>=', '<', '<=', '==', '!='] as const

/** What a rule watches and when its condition holds. */
export const RuleCondition = z.discriminatedUnion('signal', [
  z.strictObject({
    signal: z.literal('down'),
    failuresToFire: z.int().min(1).max(100).default(3),
    successesToResolve: z.int().min(1).max(100).default(2)
  }),
  z.strictObject({
    signal: z.literal('error_rate'),
    windowS: z.int().min(10).max(86_400).default(300),
    above: z.number().min(0).max(1),
    minSamples: z.int().min(1).max(10_000).default(3)
  }),
  z.strictObject({
    signal: z.literal('latency'),
    windowS: z.int().min(10).max(86_400).default(300),
    percentile: z.union([z.literal(50), z.literal(90), z.literal(95), z.literal(99)]).default(95),
    aboveMs: z.number().positive(),
    minSamples: z.int().min(1).max(10_000).default(3)
  }),
  z.strictObject({
    signal: z.literal('component'),
    component: z.string().min(1).max(200),
    worstAllowed: z.enum(['pass', 'warn']).default('pass')
  }),
  z.strictObject({
    signal: z.literal('value'),
    component: z.string().min(1).max(200).describe('health+json component key, e.g. cpu:utilization'),
    op: z.enum(OPS),
    threshold: z.number()
  }),
  z.strictObject({ signal: z.literal('drift'), minShare: z.number().min(0).max(1).default(0.5), model: z.string().max(200).optional() }),
  z.strictObject({
    signal: z.literal('budget'),
    minThreshold: z.number().min(0).max(10).default(0.8),
    basis: z.enum(['actual', 'forecast', 'any']).default('any')
  }),
  z.strictObject({
    signal: z.literal('model'),
    kinds: z
      .array(z.enum(['stage', 'alias', 'version', 'import', 'evaluation']))
      .min(1)
      .default(['stage', 'alias'])
  }),
  z.strictObject({
    signal: z.literal('experiment'),
    /** srm: a sample-ratio mismatch; guardrail: a guardrail metric significantly worse in a variation. */
    kinds: z
      .array(z.enum(['srm', 'guardrail']))
      .min(1)
      .default(['srm', 'guardrail'])
  }),
  /** A tuning study (optimisation area) whose trials have all ended after an import. */
  z.strictObject({ signal: z.literal('study') }),
  z.strictObject({
    signal: z.literal('testing'),
    kinds: z
      .array(z.enum(TESTING_KINDS))
      .min(1)
      .default([...TESTING_KINDS])
  }),
  z.strictObject({
    signal: z.literal('log_count'),
    /** A LogQL log query; the rule counts its lines over the window (or their rate per second). */
    query: LogQLString,
    measure: z.enum(['count', 'rate']).default('count'),
    windowS: z.int().min(60).max(86_400).default(300),
    above: z.number().min(0),
    /** How often the count is taken. */
    everyS: z.int().min(10).max(3600).default(60)
  }),
  z.strictObject({
    signal: z.literal('log_issue'),
    /** Only issues of this service ('' = any). */
    service: z.string().trim().max(200).default(''),
    kinds: z
      .array(z.enum(['new', 'regressed']))
      .min(1)
      .default(['new', 'regressed'])
  }),
  /** An ensemble (optimisation area) whose held-out loss is lower than its champion's. */
  z.strictObject({ signal: z.literal('ensemble') }),
  /** A metrics-area rule (PromQL threshold with for-duration, predictive, or a CPU/memory/disk preset) that fires. */
  z.strictObject({
    signal: z.literal('metric'),
    /** Only the metrics rule of this name ('' = any). */
    rule: z.string().trim().max(120).default('')
  }),
  /** An extension's `api.alerts.signal` (it needs alerts:write): fires on a signal, resolves on `resolved: true` or an hour of quiet. */
  z.strictObject({
    signal: z.literal('extension'),
    /** Only signals of this extension id ('' = any). */
    extension: z.string().trim().max(64).default(''),
    /** The lowest signal severity that fires. */
    minSeverity: z.enum(['info', 'warning', 'critical']).default('info')
  })
])
export type RuleCondition = z.output<typeof RuleCondition>

export const RuleInput = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(120),
  /** Health signals: a service, or one check of it; null = every service. */
  serviceId: id.nullable().default(null),
  checkId: id.nullable().default(null),
  condition: RuleCondition,
  forS: z.int().min(0).max(86_400).default(0),
  severity: Severity.default('warning'),
  labels,
  runbook: z.string().max(20_000).default(''),
  channelIds: z.array(id).max(20).default([]),
  reminderS: z
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(0),
  notifyResolve: z.boolean().default(true),
  enabled: z.boolean().default(true)
})
export type RuleInput = z.input<typeof RuleInput>

export const RuleView = z.object({
  id: z.number(),
  name: z.string(),
  serviceId: z.number().nullable(),
  serviceName: z.string().nullable(),
  checkId: z.number().nullable(),
  checkName: z.string().nullable(),
  condition: z.record(z.string(), z.unknown()),
  description: z.string(),
  forS: z.number(),
  severity: Severity,
  labels: z.record(z.string(), z.string()),
  runbook: z.string(),
  channelIds: z.array(z.number()),
  reminderS: z.number(),
  notifyResolve: z.boolean(),
  enabled: z.boolean(),
  builtin: z.boolean(),
  openAlerts: z.number()
})

export const ALERT_STATES = ['pending', 'firing', 'resolved'] as const
export const AlertView = z.object({
  id: z.number(),
  ruleId: z.number(),
  ruleName: z.string(),
  target: z.string(),
  state: z.enum(ALERT_STATES),
  severity: Severity,
  summary: z.string(),
  value: z.number().nullable(),
  labels: z.record(z.string(), z.string()),
  serviceId: z.number().nullable(),
  pendingSince: z.number(),
  firedAt: z.number().nullable(),
  resolvedAt: z.number().nullable(),
  acknowledgedAt: z.number().nullable(),
  acknowledgedBy: z.string().nullable(),
  snoozedUntil: z.number().nullable(),
  silenced: z.boolean(),
  flapping: z.boolean(),
  inMaintenance: z.boolean(),
  notifications: z.number()
})
export type AlertView = z.infer<typeof AlertView>

export const CHANNEL_KINDS = ['desktop', 'email', 'slack', 'pagerduty', 'webhook'] as const
const url = z
  .string()
  .url('must be a URL')
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')

/** Channel settings; `secret` is write-only and never returned. */
export const ChannelConfig = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('desktop') }),
    z.strictObject({
      kind: z.literal('email'),
      host: z.string().trim().min(1, 'required').max(253, 'too long'),
      port: z.int().min(1).max(65_535).default(587),
      security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
      username: z.string().max(200).default(''),
      from: z.string().email('must be an e-mail address'),
      to: z.array(z.string().email('must be an e-mail address')).min(1).max(50),
      allowInvalidCertificates: z.boolean().default(false)
    }),
    z.strictObject({ kind: z.literal('slack'), channel: z.string().max(80).default('') }),
    z.strictObject({
      kind: z.literal('pagerduty'),
      eventsUrl: url.default('https://events.pagerduty.com/v2/enqueue'),
      source: z.string().max(200).default('control-console')
    }),
    z.strictObject({
      kind: z.literal('webhook'),
      headers: z.record(z.string(), z.string()).default({}),
      retries: z.int().min(0).max(10).default(3),
      timeoutMs: z.int().min(100).max(60_000).default(10_000)
    }),
    /** A channel an extension contributes (`ext:<extension id>/<kind>`); alerts ask the extension to deliver. */
    z.strictObject({ kind: extKindSchema('channel kind'), settings: z.record(z.string(), z.unknown()).default({}) })
  ],
  { unionFallback: true }
)
export type ChannelConfig = z.output<typeof ChannelConfig>

export const NotifyChannelInput = z.strictObject({
  name: z.string().trim().min(1).max(80),
  config: ChannelConfig,
  /** SMTP password, Slack webhook URL, PagerDuty routing key, or webhook URL (+ HMAC key after a newline). Omit to keep. */
  secret: z.string().max(4096).optional(),
  enabled: z.boolean().default(true)
})

export const ChannelView = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.union([z.enum(CHANNEL_KINDS), z.templateLiteral(['ext:', z.string()])]),
  config: z.record(z.string(), z.unknown()),
  hasSecret: z.boolean(),
  secretHint: z.string().nullable(),
  enabled: z.boolean(),
  /** The built-in Desktop channel: it can be disabled, not deleted. */
  builtin: z.boolean(),
  lastDelivery: z.object({ at: z.number(), ok: z.boolean(), error: z.string().nullable() }).nullable()
})

export const Matcher = z.strictObject({ label: labelKey, op: z.enum(['=', '!=', '=~', '!~']), value: z.string().max(200) })
export const SilenceInput = z
  .strictObject({
    matchers: z.array(Matcher).min(1).max(20),
    startsAt: epochMs.optional(),
    endsAt: epochMs,
    comment: z.string().max(500).default(''),
    createdBy: z.string().max(80).default('')
  })
  .refine((s) => s.startsAt === undefined || s.endsAt > s.startsAt, { message: 'must be after the start', path: ['endsAt'] })

export const SilenceView = z.object({
  id: z.number(),
  matchers: z.array(Matcher),
  startsAt: z.number(),
  endsAt: z.number(),
  comment: z.string(),
  createdBy: z.string(),
  active: z.boolean(),
  matching: z.number()
})

export const DeliveryView = z.object({
  id: z.number(),
  alertId: z.number().nullable(),
  /** "rule — target" of the alert the delivery was for; null for tests and reports. */
  alertName: z.string().nullable(),
  channelId: z.number(),
  channelName: z.string(),
  kind: z.string(),
  event: z.string(),
  at: z.number(),
  attempts: z.number(),
  ok: z.boolean(),
  status: z.string(),
  error: z.string().nullable(),
  responseCode: z.number().nullable(),
  durationMs: z.number().nullable()
})

/** What was failing when a health alert fired: the check, its error, and the health components not passing with their own output. */
export const FailureView = z.object({
  checkId: z.number().nullable(),
  checkName: z.string(),
  error: z.string().nullable(),
  components: z.array(z.object({ key: z.string(), status: z.string(), output: z.string().nullable() }))
})

export const NoteView = z.object({ id: z.number(), at: z.number(), author: z.string(), text: z.string() })

/** Alerting settings: the base URL links in notifications are built from (serve mode). */
export const AlertsSettings = z.strictObject({
  baseUrl: z
    .string()
    .trim()
    .max(500)
    .refine(
      (u) => u === '' || (/^https?:\/\/\S+$/.test(u) && URL.canParse(u)),
      'must be an http(s) URL such as https://console.example.com, or empty'
    )
    .default('')
})

export const alertsChannels = {
  'alerts:list': query(
    'Alerts, newest first, with filters',
    z.strictObject({
      state: z.enum(ALERT_STATES).optional(),
      severity: Severity.optional(),
      serviceId: id.optional(),
      label: z
        .string()
        .max(300)
        .regex(/^[a-zA-Z_]\w*=.*$/, 'use name=value')
        .optional(),
      limit: z.int().min(1).max(1000).default(200)
    }),
    z.array(AlertView)
  ),
  'alerts:get': query(
    'One alert with its timeline, runbook and deliveries',
    z.strictObject({ id }),
    AlertView.extend({
      runbook: z.string(),
      ruleDescription: z.string(),
      timeline: z.array(z.object({ at: z.number(), kind: z.string(), detail: z.string() })),
      deliveries: z.array(DeliveryView),
      failure: FailureView.nullable(),
      notes: z.array(NoteView),
      /** The absolute link notifications carry (null without a base URL). */
      link: z.string().nullable()
    })
  ),
  'alerts:addNote': command(
    'Add a note to an alert (what was tried, who is on it): kept in the workspace with its author and time',
    z.strictObject({
      id,
      author: z.string().trim().min(1, 'say who writes the note: your name').max(80),
      text: z.string().trim().min(1, 'write the note first').max(5000)
    }),
    NoteView
  ),
  'alerts:settings': query('Alerting settings (the base URL for links in notifications)', z.strictObject({}).optional(), AlertsSettings),
  'alerts:setSettings': command('Change the alerting settings', AlertsSettings, AlertsSettings),
  'alerts:acknowledge': command(
    'Acknowledge a firing alert; who did it is the signed-in caller (the person others on call will ask). The local admin (desktop, single-token serve mode) may type a name instead',
    z.strictObject({ id, by: z.string().trim().min(1, 'say who acknowledges: your name').max(80).optional() }),
    AlertView
  ),
  'alerts:snooze': command(
    'Snooze an alert’s notifications',
    z.strictObject({
      id,
      minutes: z
        .int()
        .min(1)
        .max(7 * 24 * 60)
    }),
    AlertView
  ),
  'alerts:rules': query('Alert rules', z.strictObject({ serviceId: id.optional() }).optional(), z.array(RuleView)),
  'alerts:createRule': command('Create an alert rule', RuleInput, z.object({ id: z.number() })),
  'alerts:updateRule': command('Replace an alert rule', RuleInput.extend({ id }), z.object({ id: z.number() })),
  'alerts:deleteRule': command('Delete an alert rule', z.strictObject({ id }), z.object({ id: z.number() })),
  'alerts:backtest': query(
    'Replay stored history through a rule: how often it would have fired',
    z.strictObject({ rule: RuleInput, days: z.int().min(1).max(90).default(7) }),
    z.object({
      supported: z.boolean(),
      reason: z.string().nullable(),
      fired: z.number(),
      firings: z.array(z.object({ at: z.number(), resolvedAt: z.number().nullable(), target: z.string() })),
      bucketMs: z.number(),
      t: z.array(z.number()),
      conditionTrue: z.array(z.number()),
      firing: z.array(z.number()),
      samples: z.number()
    })
  ),
  'alerts:silences': query(
    'Silences, active first',
    z.strictObject({ includeExpired: z.boolean().default(false) }).optional(),
    z.array(SilenceView)
  ),
  'alerts:createSilence': command('Silence notifications of alerts whose labels match', SilenceInput, z.object({ id: z.number() })),
  'alerts:expireSilence': command('End a silence now', z.strictObject({ id }), z.object({ id: z.number() })),
  'alerts:channels': query('Notification channels (secrets never included)', z.strictObject({}).optional(), z.array(ChannelView)),
  'alerts:createChannel': command('Create a notification channel', NotifyChannelInput, z.object({ id: z.number() })),
  'alerts:updateChannel': command('Change a notification channel', NotifyChannelInput.extend({ id }), z.object({ id: z.number() })),
  'alerts:deleteChannel': command('Delete a notification channel', z.strictObject({ id }), z.object({ id: z.number() })),
  'alerts:testChannel': command(
    'Send a test notification through a channel',
    z.strictObject({ id }),
    z.object({ ok: z.boolean(), error: z.string().nullable(), responseCode: z.number().nullable(), durationMs: z.number() })
  ),
  'alerts:deliveries': query(
    'Delivery log',
    z.strictObject({ channelId: id.optional(), alertId: id.optional(), limit: z.int().min(1).max(1000).default(100) }),
    z.array(DeliveryView)
  )
} as const

export const alertsEvents = {
  'alerts:changed': viewEvent(z.object({ at: z.number(), alertIds: z.array(z.number()), reason: z.string() })),
  'alerts:config': viewEvent(z.object({ at: z.number() })),
  'notify:desktop': viewEvent(
    z.object({
      title: z.string(),
      body: z.string(),
      route: z.string().optional(),
      /** How the notice looks: firing (danger), resolved (success), info. */
      tone: z.enum(['firing', 'resolved', 'info']).optional()
    })
  )
} as const
