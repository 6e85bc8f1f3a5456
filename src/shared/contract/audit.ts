import { z } from 'zod'
import { query, viewEvent } from './define'

export const AUDIT_OUTCOMES = ['ok', 'failed', 'refused'] as const

/** One recorded command call. Inputs, results and object states are JSON with every secret replaced by "[redacted]". */
export const AuditEntry = z.object({
  id: z.number(),
  at: z.number(),
  userId: z.number().nullable(),
  userName: z.string(),
  role: z.enum(['viewer', 'editor', 'admin']),
  transport: z.string(),
  channel: z.string(),
  area: z.string(),
  /** What the call changed, in words ("rule 3: High latency"), when known. */
  object: z.string().nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  error: z.string().nullable(),
  input: z.unknown(),
  result: z.unknown(),
  /** The object before and after (only for channels with a registered read: see docs/audit.md); null: did not exist. */
  before: z.unknown(),
  after: z.unknown(),
  hasBeforeAfter: z.boolean(),
  durationMs: z.number()
})
export type AuditEntry = z.infer<typeof AuditEntry>

export const AuditSearchInput = z
  .strictObject({
    /** Words found in the channel, the user, the object, the input or the error. */
    text: z.string().trim().max(200).optional(),
    user: z.string().trim().max(120).optional(),
    /** A whole channel (`alerts:updateRule`) or an area prefix (`alerts`). */
    channel: z
      .string()
      .trim()
      .max(80)
      .regex(/^[A-Za-z]+(:[A-Za-z]+)?$/, 'an area (alerts) or a channel (alerts:updateRule)')
      .optional(),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    /** Epoch ms, inclusive. */
    from: z.int().min(0).optional(),
    /** Epoch ms, exclusive. */
    to: z.int().min(0).optional(),
    limit: z.int().min(1).max(200).default(50),
    offset: z.int().min(0).max(1_000_000).default(0)
  })
  .refine((v) => v.from === undefined || v.to === undefined || v.from < v.to, { message: 'from must be before to', path: ['to'] })

export const auditChannels = {
  'audit:search': query(
    'The audit log, newest first: every command call with who, when, outcome, input (secrets redacted) and before/after',
    AuditSearchInput.optional(),
    z.object({ total: z.number(), entries: z.array(AuditEntry), retentionDays: z.number(), maxRows: z.number() })
  )
} as const

export const auditEvents = {
  /** A call was recorded (the Settings → Audit log page refreshes). */
  'audit:recorded': viewEvent(z.object({ id: z.number(), channel: z.string(), at: z.number() }))
} as const
