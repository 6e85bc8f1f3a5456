// Check configs (zod schemas, reusable by the contract) and the outcome every runner returns.
// Pure TypeScript + zod: no Node imports, so this file can move to src/shared unchanged.
import { z } from 'zod'
import { extKindSchema } from '../extensions'
import { parseConditions } from './conditions'

export const MIB = 1024 * 1024

const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

// Host names, IPv4 and IPv6 literals (no scheme, port or path).
const HOST_RE = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?\.?)+$|^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[\w.-]+)?$/
// "1.1.1.1", "1.1.1.1:53", "[2606:4700::1111]:53" or a bare IPv6 literal.
const RESOLVER_RE = /^(?:\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?|\[[0-9A-Fa-f:.]+\](?::\d{1,5})?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/
// "200", "200-299" or "2xx".
export const STATUS_RANGE_RE = /^(?:[1-5]\d\d(?:\s*-\s*[1-5]\d\d)?|[1-5]xx)$/i

/** True when `code` is in one of the ranges ("200", "200-299", "2xx"). */
export function statusAccepted(code: number, ranges: readonly string[]): boolean {
  return ranges.some((range) => {
    const r = range.trim().toLowerCase()
    if (/^[1-5]xx$/.test(r)) return Math.floor(code / 100) === Number(r[0])
    const [lo, hi = lo] = r.split('-').map((s) => Number(s.trim()))
    return lo !== undefined && hi !== undefined && code >= lo && code <= hi
  })
}

const intIn = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field}: must be a number` })
    .int({ error: `${field}: must be a whole number` })
    .min(min, { error: `${field}: must be at least ${min}` })
    .max(max, { error: `${field}: must be at most ${max}` })

const hostField = (field: string) =>
  z
    .string({ error: `${field}: required` })
    .trim()
    .min(1, { error: `${field}: required` })
    .max(253, { error: `${field}: too long` })
    .regex(HOST_RE, { error: `${field}: must be a host name or IP address (no scheme, port or path)` })

const timeoutMs = intIn('timeoutMs', 1, 300_000).default(10_000)
const port = (fallback?: number) => (fallback === undefined ? intIn('port', 1, 65_535) : intIn('port', 1, 65_535).default(fallback))

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

export const HttpCheckSchema = z.strictObject({
  kind: z.literal('http'),
  url: z.string({ error: 'url: required' }).trim().refine(isHttpUrl, { error: 'url: must be an http(s) URL' }),
  method: z.enum(HTTP_METHODS, { error: `method: must be one of ${HTTP_METHODS.join(', ')}` }).default('GET'),
  headers: z.record(z.string(), z.string(), { error: 'headers: must map header names to strings' }).default({}),
  body: z.string({ error: 'body: must be a string' }).optional(),
  acceptedStatus: z
    .array(z.string().trim().regex(STATUS_RANGE_RE, { error: 'acceptedStatus: use codes or ranges like "200-299", "301" or "2xx"' }))
    .min(1, { error: 'acceptedStatus: list at least one code or range' })
    .default(['200-299']),
  timeoutMs,
  maxRedirects: intIn('maxRedirects', 0, 20).default(5),
  keyword: z.string().min(1, { error: 'keyword: must not be empty' }).optional(),
  keywordMode: z.enum(['present', 'absent'], { error: 'keywordMode: must be present or absent' }).default('present'),
  conditions: z
    .array(z.string())
    .default([])
    .superRefine((list, ctx) => {
      try {
        parseConditions(list)
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `conditions: ${(err as Error).message}` })
      }
    }),
  ignoreTlsErrors: z.boolean({ error: 'ignoreTlsErrors: must be true or false' }).default(false),
  maxBodyBytes: intIn('maxBodyBytes', 1, 64 * MIB).default(MIB),
  /** Read JSON bodies with a recognised top-level `status` as health reports (health+json, Spring Boot). */
  interpretHealth: z.boolean({ error: 'interpretHealth: must be true or false' }).default(true)
})

export const TcpCheckSchema = z.strictObject({
  kind: z.literal('tcp'),
  host: hostField('host'),
  port: port(),
  timeoutMs
})

export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'] as const

export const DnsCheckSchema = z.strictObject({
  kind: z.literal('dns'),
  hostname: hostField('hostname'),
  recordType: z.enum(DNS_RECORD_TYPES, { error: `recordType: must be one of ${DNS_RECORD_TYPES.join(', ')}` }).default('A'),
  /** Expected answers, compared order-insensitively; empty = any answer is fine. */
  expected: z.array(z.string().trim().min(1, { error: 'expected: values must not be empty' })).default([]),
  /** Resolver to ask, "ip" or "ip:port" ("[v6]:port"); system resolvers when absent. */
  server: z
    .string()
    .trim()
    .regex(RESOLVER_RE, { error: 'server: must be an IP address with optional port, e.g. 1.1.1.1:53 or [2606:4700::1111]:53' })
    .optional(),
  timeoutMs
})

export const TlsCheckSchema = z.strictObject({
  kind: z.literal('tls'),
  host: hostField('host'),
  port: port(443),
  warnDays: intIn('warnDays', 0, 3650).default(14),
  timeoutMs,
  ignoreTlsErrors: z.boolean({ error: 'ignoreTlsErrors: must be true or false' }).default(false)
})

/** `ext:<extension id>/<kind>`: a check kind an extension contributes; health asks the extension to run it. */
export const ExtCheckSchema = z.strictObject({
  kind: extKindSchema('check kind'),
  settings: z.record(z.string(), z.unknown(), { error: 'settings: must be an object' }).default({}),
  timeoutMs
})

export const CheckConfigSchema = z.discriminatedUnion(
  'kind',
  [HttpCheckSchema, TcpCheckSchema, DnsCheckSchema, TlsCheckSchema, ExtCheckSchema],
  {
    unionFallback: true,
    error: 'kind: must be one of http, tcp, dns, tls, or ext:<extension id>/<check kind>'
  }
)

/** Parsed configs (defaults filled in) — what the runners take. */
export type HttpCheckConfig = z.output<typeof HttpCheckSchema>
export type TcpCheckConfig = z.output<typeof TcpCheckSchema>
export type DnsCheckConfig = z.output<typeof DnsCheckSchema>
export type TlsCheckConfig = z.output<typeof TlsCheckSchema>
export type ExtCheckConfig = z.output<typeof ExtCheckSchema>
export type CheckConfig = z.output<typeof CheckConfigSchema>
/** Configs as a user writes them (defaults optional). */
export type CheckConfigInput = z.input<typeof CheckConfigSchema>
export type CheckKind = CheckConfig['kind']

/** One line per issue, each naming its field, e.g. "url: must be an http(s) URL". */
export function describeConfigError(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .replace(/^\./, '')
      const head = String(issue.path[0] ?? '')
      return path === '' || issue.message.startsWith(`${head}:`) ? issue.message : `${path}: ${issue.message}`
    })
    .join('; ')
}

// ---- outcomes ----

export type CheckStatus = 'UP' | 'DEGRADED' | 'DOWN'

export type ErrorKind =
  | 'timeout'
  | 'refused'
  | 'reset'
  | 'dns'
  | 'tls'
  | 'redirects'
  | 'body_too_large'
  | 'status'
  | 'keyword'
  | 'condition'
  | 'invalid_json'
  | 'protocol'
  /** The endpoint's own health report said warn/fail. */
  | 'health'
  /** The config did not validate (only from runCheck). */
  | 'config'
  /** The caller's AbortSignal fired. */
  | 'cancelled'

export type HealthStatus = 'pass' | 'warn' | 'fail'

export interface HealthComponent {
  /** "cassandra:responseTime", "db", nested Spring components as "db/primary"; "cpu:utilization[1]" when a check lists several. */
  key: string
  name: string
  measurement?: string
  componentId?: string
  componentType?: string
  status: HealthStatus
  observedValue?: number | string | boolean
  observedUnit?: string
  time?: string
  output?: string
  affectedEndpoints?: string[]
  /** Scalar extras reported beside the status (Spring `details`, e.g. free/threshold). */
  details?: Record<string, string | number | boolean | null>
}

export interface ConditionResult {
  condition: string
  ok: boolean
  actual?: string
}

export interface CheckOutcome {
  status: CheckStatus
  latencyMs: number
  statusCode?: number
  error?: string
  errorKind?: ErrorKind
  /** First 2 KB of the body as text (DNS: the answers). */
  snippet?: string
  certExpiresAt?: number
  certDaysLeft?: number
  components?: HealthComponent[]
  conditionResults?: ConditionResult[]
  bodyBytes?: number
}
