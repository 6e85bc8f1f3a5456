import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { blockingAdvisories, decide, type AllowEntry } from '../../.ci/audit'

/** CI's dependency audit (.ci/audit.ts): what fails the build, what is allowed, and what an unreachable endpoint does. */

const advisory = (name: string, severity: string, ghsa: string) => ({
  source: 1100000 + ghsa.length,
  name,
  dependency: name,
  title: `${severity} issue in ${name}`,
  url: `https://github.com/advisories/${ghsa}`,
  severity,
  cwe: [],
  range: '<9.9.9'
})
const report = (...vias: ReturnType<typeof advisory>[]) => ({
  auditReportVersion: 2,
  vulnerabilities: Object.fromEntries(
    vias.map((v) => [
      v.name,
      { name: v.name, severity: v.severity, isDirect: false, via: [v], effects: [], range: v.range, nodes: [], fixAvailable: true }
    ])
  ),
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: vias.length } }
})
/** What npm 11 printed here: the registry mirror refuses the bulk advisory POST. */
const ENDPOINT_DOWN = {
  message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
  method: 'POST',
  statusCode: 405,
  body: '',
  error: { summary: '', detail: '' }
}
const entry = (over: Partial<AllowEntry> = {}): AllowEntry => ({
  id: 'GHSA-aaaa-bbbb-cccc',
  package: 'csv-parse',
  reason: 'only reachable through the CLI parser option we never set',
  reviewed: '2026-12-06',
  ...over
})

describe('dependency audit', () => {
  it('fails on a high or critical advisory, and names it', () => {
    const v = decide(report(advisory('csv-parse', 'high', 'GHSA-aaaa-bbbb-cccc')), [])
    expect(v.outcome).toBe('fail')
    expect(v.lines).toContain(
      'FAIL: high GHSA-aaaa-bbbb-cccc in csv-parse: high issue in csv-parse https://github.com/advisories/GHSA-aaaa-bbbb-cccc'
    )
    expect(decide(report(advisory('yaml', 'critical', 'GHSA-dddd-eeee-ffff')), []).outcome).toBe('fail')
  })

  it('passes moderate and low advisories', () => {
    expect(decide(report(advisory('yaml', 'moderate', 'GHSA-1'), advisory('zod', 'low', 'GHSA-2')), []).outcome).toBe('pass')
  })

  it('passes an advisory the allow-list accepts for that package, and only that one', () => {
    const r = report(advisory('csv-parse', 'high', 'GHSA-aaaa-bbbb-cccc'))
    expect(decide(r, [entry()]).outcome).toBe('pass')
    expect(decide(r, [entry({ package: 'yaml' })]).outcome).toBe('fail')
    expect(decide(r, [entry({ expires: '2026-01-01' })], new Date('2026-12-06')).outcome).toBe('fail')
  })

  it('refuses allow-list entries without a reason or review date', () => {
    const r = report()
    expect(decide(r, [entry({ reason: '' })]).lines[0]).toMatch(/entry 1 \(GHSA-aaaa-bbbb-cccc\): no reason/)
    expect(decide(r, [entry({ reviewed: 'soon' })]).outcome).toBe('fail')
    expect(decide(r, null as unknown as AllowEntry[]).outcome).toBe('fail')
  })

  it('an unreachable audit endpoint is a plain warning, not a red build and not a clean audit', () => {
    const v = decide(ENDPOINT_DOWN, [])
    expect(v.outcome).toBe('unreachable')
    expect(v.lines.join('\n')).toMatch(/could not reach .*405 Method Not Allowed[\s\S]*NOT checked/)
    expect(decide(null, [], new Date(), 'npm error code ENOTFOUND').lines[0]).toMatch(/ENOTFOUND/)
  })

  it('reads advisories from every vulnerable package, once per advisory', () => {
    const a = advisory('hyparquet', 'critical', 'GHSA-zzzz')
    const r = report(a)
    ;(r.vulnerabilities as any).wrapper = { name: 'wrapper', severity: 'critical', via: ['hyparquet', a], effects: [] }
    expect(blockingAdvisories(r).map((x) => x.id)).toEqual(['GHSA-zzzz'])
  })

  it('the script exits 1 on a blocking advisory and 0 when the endpoint is down; the checked-in allow-list is valid', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-audit-'))
    try {
      const run = (r: unknown) => {
        const file = path.join(dir, 'report.json')
        fs.writeFileSync(file, JSON.stringify(r))
        return spawnSync(process.execPath, ['--import', 'tsx', '.ci/audit.ts', '--report', file], { encoding: 'utf8' })
      }
      const bad = run(report(advisory('dns-packet', 'high', 'GHSA-9999')))
      expect(bad.status, bad.stderr).toBe(1)
      expect(bad.stdout).toMatch(/FAIL: high GHSA-9999 in dns-packet/)
      const down = run(ENDPOINT_DOWN)
      expect(down.status, down.stderr).toBe(0)
      expect(down.stdout).toMatch(/^WARNING: npm audit could not reach/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
