/** One security scan of a base URL: transport and certificate, headers and cookies, CORS, exposed paths, redirects, methods. */
import type { Finding, HeaderGrade, ScanOptions, ScanReport, TlsSummary } from '../../../../shared/contract/testingScan'
import { gradeHeaders } from './headers'
import { BudgetExceeded, PoliteClient } from './politeHttp'
import { corsFindings, exposureFindings, methodFindings, redirectFindings } from './probes'
import { probeTls } from './tls'

const PENALTY: Record<Finding['severity'], number> = { high: 25, medium: 10, low: 5, info: 0 }
const RANK: Record<Finding['severity'], number> = { high: 0, medium: 1, low: 2, info: 3 }

export function gradeOf(findings: Finding[]): { score: number; grade: string } {
  const score = Math.max(0, 100 - findings.reduce((s, f) => s + PENALTY[f.severity], 0))
  const serious = findings.some((f) => f.severity !== 'info')
  const grade = !serious ? 'A+' : score >= 90 ? 'A' : score >= 75 ? 'B' : score >= 60 ? 'C' : score >= 40 ? 'D' : 'F'
  return { score, grade }
}

export type ScanStep = (done: number, total: number, message: string) => void

export async function scan(target: string, options: ScanOptions, step: ScanStep = () => {}, signal?: AbortSignal): Promise<ScanReport> {
  const startedAt = Date.now()
  const base = new URL(target)
  const client = new PoliteClient({ ...options, signal })
  const findings: Finding[] = []
  const incomplete: string[] = []
  let tls: TlsSummary | null = null
  let headers: HeaderGrade[] = []
  let methods: string[] = []
  const steps: [string, () => Promise<void>][] = [
    [
      'transport',
      async () => {
        if (base.protocol === 'https:') {
          const t = await probeTls(base, client, options.trustedCa)
          tls = t.summary
          findings.push(...t.findings)
          incomplete.push(...t.incomplete)
        } else
          findings.push({
            id: 'transport.plaintext',
            category: 'transport',
            severity: 'medium',
            title: 'Served over plain HTTP',
            evidence: `${base.href} has no TLS: anyone on the path can read and change the traffic`,
            fix: 'Serve over HTTPS only and redirect HTTP to it; then send HSTS.',
            url: base.href
          })
      }
    ],
    [
      'headers and cookies',
      async () => {
        const a = await client.request(base.href)
        const g = gradeHeaders(base.href, a)
        headers = g.grades
        findings.push(...g.findings)
        if (a.status >= 500) incomplete.push(`headers: the page answered ${a.status}; its headers may not be the usual ones`)
      }
    ],
    ['CORS', async () => void findings.push(...(await corsFindings(client, base.href)))],
    ['exposed paths', async () => void findings.push(...(await exposureFindings(client, base)))],
    ['open redirects', async () => void findings.push(...(await redirectFindings(client, base, options.redirectPaths)))],
    [
      'HTTP methods',
      async () => {
        const m = await methodFindings(client, base.href)
        methods = m.methods
        findings.push(...m.findings)
      }
    ]
  ]
  for (const [i, [name, run]] of steps.entries()) {
    step(i, steps.length, `${name} (${client.requests} requests so far)`)
    try {
      await run()
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err
      incomplete.push(err instanceof BudgetExceeded ? `${name}: ${err.message}` : `${name}: ${(err as Error).message}`)
    }
  }
  findings.sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.id.localeCompare(b.id))
  const counts = { high: 0, medium: 0, low: 0, info: 0 }
  for (const f of findings) counts[f.severity]++
  return {
    url: base.href,
    startedAt,
    durationMs: Date.now() - startedAt,
    requests: client.requests,
    ...gradeOf(findings),
    counts,
    tls,
    headers,
    methods,
    findings,
    incomplete
  }
}
