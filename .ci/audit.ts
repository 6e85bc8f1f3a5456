/**
 * CI's dependency audit: `npm audit --omit=dev`, failing on high or critical advisories unless `.ci/audit-allow.json`
 * lists them (`entries`) with a reviewed reason. When the registry's audit endpoint cannot be reached, it says so and passes:
 * an outage must not turn CI red, but it must never look like a clean audit either.
 *
 *   npx tsx .ci/audit.ts                 run npm audit
 *   npx tsx .ci/audit.ts --report FILE   decide on a saved `npm audit --json` report
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const BLOCKING = ['high', 'critical']

export interface Advisory {
  id: string
  package: string
  severity: string
  title: string
  url: string
}

export interface AllowEntry {
  id: string
  package: string
  reason: string
  reviewed: string
  /** After this date the entry no longer applies, so the advisory is looked at again. */
  expires?: string
}

export interface Verdict {
  outcome: 'pass' | 'fail' | 'unreachable'
  lines: string[]
}

type Report = Record<string, any>

/** High and critical advisories in an npm 7+ audit report, one per advisory id. */
export function blockingAdvisories(report: Report): Advisory[] {
  const found = new Map<string, Advisory>()
  for (const vuln of Object.values<Report>(report.vulnerabilities ?? {})) {
    for (const via of vuln.via ?? []) {
      if (typeof via !== 'object' || !BLOCKING.includes(via.severity)) continue
      const id = /GHSA-[\w-]+/.exec(String(via.url ?? ''))?.[0] ?? String(via.source)
      found.set(id, { id, package: via.name ?? vuln.name, severity: via.severity, title: via.title ?? '', url: via.url ?? '' })
    }
  }
  return [...found.values()]
}

/** Problems with the allow-list itself: every entry needs an advisory id, its package, a reason and a review date. */
export function allowListProblems(entries: unknown): string[] {
  if (!Array.isArray(entries)) return ['the allow-list must be a JSON array of entries']
  return entries.flatMap((e: Partial<AllowEntry>, i) => {
    const where = `allow-list entry ${i + 1}${e?.id ? ` (${e.id})` : ''}`
    const out: string[] = []
    if (!e?.id) out.push(`${where}: no advisory id (GHSA-…)`)
    if (!e?.package) out.push(`${where}: no package name`)
    if (!e?.reason || e.reason.trim().length < 20) out.push(`${where}: no reason, or too short to tell why the advisory does not apply`)
    if (!e?.reviewed || Number.isNaN(Date.parse(e.reviewed))) out.push(`${where}: no review date (YYYY-MM-DD)`)
    if (e?.expires !== undefined && Number.isNaN(Date.parse(e.expires))) out.push(`${where}: expires is not a date`)
    return out
  })
}

/** Decides on a parsed report (or null when npm printed no JSON), given the allow-list, as of `today`. */
export function decide(report: Report | null, allow: AllowEntry[], today = new Date(), npmError = ''): Verdict {
  const problems = allowListProblems(allow)
  if (problems.length) return { outcome: 'fail', lines: problems }
  if (!report || !('vulnerabilities' in report)) {
    const why = report?.message ?? report?.error?.summary ?? report?.error?.code ?? (npmError.trim().split('\n').pop() || 'no report')
    return {
      outcome: 'unreachable',
      lines: [
        `WARNING: npm audit could not reach the registry's audit endpoint (${String(why).slice(0, 200)}).`,
        'WARNING: dependencies were NOT checked for advisories in this run; run `npm audit --omit=dev` where the endpoint is reachable.'
      ]
    }
  }
  const lines: string[] = []
  const live = allow.filter((e) => !e.expires || Date.parse(e.expires) >= today.getTime())
  for (const e of allow)
    if (!live.includes(e)) lines.push(`allow-list entry ${e.id} (${e.package}) expired on ${e.expires}: review it again`)
  const advisories = blockingAdvisories(report)
  const blocking = advisories.filter((a) => !live.some((e) => e.id === a.id && e.package === a.package))
  for (const a of advisories.filter((a) => !blocking.includes(a))) lines.push(`allowed: ${a.severity} ${a.id} in ${a.package} (${a.title})`)
  for (const e of live.filter((e) => !advisories.some((a) => a.id === e.id)))
    lines.push(`note: ${e.id} (${e.package}) is no longer reported: remove it from the allow-list`)
  for (const a of blocking) lines.push(`FAIL: ${a.severity} ${a.id} in ${a.package}: ${a.title} ${a.url}`)
  const counts = report.metadata?.vulnerabilities ?? {}
  lines.push(
    `npm audit --omit=dev: ${['critical', 'high', 'moderate', 'low'].map((s) => `${counts[s] ?? 0} ${s}`).join(', ')}; ${blocking.length} blocking`
  )
  return { outcome: blocking.length ? 'fail' : 'pass', lines }
}

const parse = (text: string): Report | null => {
  try {
    return JSON.parse(text) as Report
  } catch {
    return null
  }
}

function run(argv: string[]): number {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const allow = (parse(fs.readFileSync(path.join(root, '.ci/audit-allow.json'), 'utf8'))?.entries ?? null) as AllowEntry[]
  const at = argv.indexOf('--report')
  let report: Report | null
  let npmError = ''
  if (at >= 0) report = parse(fs.readFileSync(argv[at + 1]!, 'utf8'))
  else {
    const npm = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      shell: process.platform === 'win32'
    })
    report = parse(npm.stdout ?? '')
    npmError = `${npm.stderr ?? ''}${npm.error ? String(npm.error) : ''}`
  }
  const verdict = decide(report, allow, new Date(), npmError)
  for (const line of verdict.lines) process.stdout.write(line + '\n')
  return verdict.outcome === 'fail' ? 1 : 0
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(run(process.argv.slice(2)))
