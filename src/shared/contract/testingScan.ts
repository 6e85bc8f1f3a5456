/** Security scans: targets (a base URL, a schedule, polite limits) and the report a scan produces. */
import { z } from 'zod'
import { httpUrl as sharedHttpUrl } from './paths'

export const SCAN_SEVERITIES = ['high', 'medium', 'low', 'info'] as const
export const ScanSeverity = z.enum(SCAN_SEVERITIES)
export type ScanSeverity = z.infer<typeof ScanSeverity>
export const SCAN_CATEGORIES = ['transport', 'certificate', 'headers', 'cookies', 'cors', 'exposure', 'redirect', 'methods'] as const

const httpUrl = sharedHttpUrl()

export const ScanOptions = z.strictObject({
  /** Paths tried with the open-redirect parameters. */
  redirectPaths: z.array(z.string().regex(/^\//, 'starts with /').max(200)).max(10).default(['/', '/login', '/logout', '/redirect']),
  /** Pause between two requests (ms): the scan sends one request at a time. */
  delayMs: z.int().min(0).max(5000).default(50),
  /** At most this many requests and TLS handshakes in one scan. */
  maxRequests: z.int().min(20).max(1000).default(300),
  timeoutMs: z.int().min(500).max(30_000).default(5000),
  /** An extra CA (PEM) to trust for the certificate chain, e.g. a company CA. */
  trustedCa: z.string().max(20_000).nullable().default(null)
})
export type ScanOptions = z.output<typeof ScanOptions>

export const ScanTargetInput = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(120),
  serviceId: z.int().positive().nullable().default(null),
  url: httpUrl,
  /** Cron expression (5 fields) or null for manual scans only. */
  schedule: z.string().trim().max(100).nullable().default(null),
  timeZone: z.string().trim().max(60).default('UTC'),
  options: ScanOptions.default(ScanOptions.parse({}))
})
export type ScanTargetInput = z.input<typeof ScanTargetInput>

export const Finding = z.object({
  /** Stable across scans (used to compare them), e.g. `headers.hsts.missing`. */
  id: z.string(),
  category: z.enum(SCAN_CATEGORIES),
  severity: ScanSeverity,
  title: z.string(),
  /** What was sent and what came back that shows it. */
  evidence: z.string(),
  fix: z.string(),
  url: z.string()
})
export type Finding = z.infer<typeof Finding>

export const HeaderGrade = z.object({
  header: z.string(),
  value: z.string().nullable(),
  grade: z.enum(['pass', 'warn', 'fail', 'n/a']),
  note: z.string()
})
export type HeaderGrade = z.infer<typeof HeaderGrade>

export const TlsSummary = z.object({
  protocols: z.array(z.object({ version: z.string(), offered: z.boolean().nullable() })),
  ciphers: z.array(
    z.object({ name: z.string(), protocol: z.string(), strength: z.enum(['strong', 'weak', 'insecure']), note: z.string() })
  ),
  certificate: z
    .object({
      subject: z.string(),
      issuer: z.string(),
      validFrom: z.number(),
      validTo: z.number(),
      daysLeft: z.number(),
      altNames: z.array(z.string()),
      keyBits: z.number().nullable(),
      hostnameMatches: z.boolean(),
      trusted: z.boolean(),
      trustError: z.string().nullable(),
      chain: z.array(z.object({ subject: z.string(), issuer: z.string(), validTo: z.number() }))
    })
    .nullable()
})
export type TlsSummary = z.infer<typeof TlsSummary>

export const ScanReport = z.object({
  url: z.string(),
  startedAt: z.number(),
  durationMs: z.number(),
  requests: z.number(),
  /** 0–100, Mozilla Observatory style: 100 minus 25 per high, 10 per medium, 5 per low finding. */
  score: z.number(),
  grade: z.string(),
  counts: z.object({ high: z.number(), medium: z.number(), low: z.number(), info: z.number() }),
  tls: TlsSummary.nullable(),
  headers: z.array(HeaderGrade),
  methods: z.array(z.string()),
  findings: z.array(Finding),
  /** Steps that could not finish (a timeout, the request budget), so a clean report is not mistaken for a full one. */
  incomplete: z.array(z.string())
})
export type ScanReport = z.infer<typeof ScanReport>

export const ScanComparison = z.object({
  previousScanId: z.number(),
  previousAt: z.number(),
  added: z.array(Finding),
  fixed: z.array(Finding.pick({ id: true, title: true, severity: true })),
  unchanged: z.number()
})
export type ScanComparison = z.infer<typeof ScanComparison>
