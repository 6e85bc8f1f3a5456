import { isMap, isSeq, LineCounter, parseDocument, stringify } from 'yaml'
import type { z } from 'zod'
import { issueText, posAt, positionOf, showPath, YamlError, type YamlIssue } from '../../core/yamlIssues'
import { ServiceInput } from '../../../shared/contract'
import type { CheckConfig } from '../../../shared/health/types'

export type ParsedService = z.output<typeof ServiceInput>

interface ExportService {
  name: string
  environment: string
  region: string
  description: string
  tags: Record<string, string>
  checks: { name: string; intervalS: number; retries: number; paused: boolean; config: CheckConfig }[]
}

/** Services and checks as config-as-code; check fields sit beside `type`, like Gatus endpoints. `sorted`: keys sorted (files kept in git). */
export function toYaml(services: ExportService[], sorted = false): string {
  const doc = {
    services: services.map((s) => ({
      name: s.name,
      environment: s.environment,
      region: s.region,
      ...(s.description ? { description: s.description } : {}),
      ...(Object.keys(s.tags).length ? { tags: s.tags } : {}),
      checks: s.checks.map((c) => {
        const { kind, ...rest } = c.config
        return {
          name: c.name,
          type: kind,
          interval: c.intervalS,
          ...(c.retries ? { retries: c.retries } : {}),
          ...(c.paused ? { paused: true } : {}),
          ...rest
        }
      })
    }))
  }
  return `# Control Console services: import with Services → Import, or health:import\n${stringify(doc, { lineWidth: 0, sortMapEntries: sorted })}`
}

const DURATION = /^(\d+)\s*(s|m|h)$/

/** Map the YAML check layout onto the contract's CheckInput (type → config.kind, interval → intervalS). */
function toCheckInput(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw
  const { name, type, interval, retries, paused, ...config } = raw as Record<string, unknown>
  let intervalS = interval
  if (typeof interval === 'string') {
    const m = DURATION.exec(interval.trim())
    if (m) intervalS = Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h']
  }
  return {
    name,
    ...(intervalS === undefined ? {} : { intervalS }),
    ...(retries === undefined ? {} : { retries }),
    ...(paused === undefined ? {} : { paused }),
    config: { kind: type, ...config }
  }
}

/** The YAML path of a contract path inside one service. */
function yamlPath(serviceIndex: number, path: PropertyKey[]): (string | number)[] {
  const out: (string | number)[] = ['services', serviceIndex]
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!
    if (path[i - 1] === 'checks' || typeof seg === 'number') out.push(seg as number)
    else if (seg === 'config') continue
    else if (seg === 'kind' && path[i - 1] === 'config') out.push('type')
    else if (seg === 'intervalS') out.push('interval')
    else out.push(String(seg))
  }
  return out
}

const fail = (issues: YamlIssue[]): never => {
  const text = issues.slice(0, 20).map(issueText)
  throw new YamlError('yaml', `yaml: ${text.join('; ')}${issues.length > 20 ? `; and ${issues.length - 20} more` : ''}`, issues)
}

/** Parse and validate; every error names its line, column and path. Throws a YamlError (VALIDATION) listing all problems. */
export function parseServicesYaml(text: string): ParsedService[] {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const errors: YamlIssue[] = []
  const at = (p: (string | number)[], field: string, message: string): void => {
    errors.push({ ...positionOf(doc, lines, p), field, message })
  }
  for (const e of doc.errors.slice(0, 10)) errors.push({ ...posAt(lines, e.pos[0]), field: '', message: e.message.split('\n')[0]! })
  if (errors.length) fail(errors)
  const root = doc.contents
  if (!isMap(root) || !isSeq(root.get('services', true))) {
    fail([{ ...posAt(lines, root?.range?.[0]), field: 'services', message: 'expected a top-level "services:" list' }])
  }
  const js = doc.toJS() as { services: unknown[] }
  const out: ParsedService[] = []
  const seen = new Map<string, number>()
  js.services.forEach((raw, s) => {
    const candidate = raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : raw
    if (candidate && typeof candidate === 'object' && Array.isArray((candidate as { checks?: unknown }).checks)) {
      ;(candidate as { checks: unknown[] }).checks = (candidate as { checks: unknown[] }).checks.map(toCheckInput)
    }
    const parsed = ServiceInput.safeParse(candidate)
    if (!parsed.success) {
      const reported = new Set<string>()
      for (const issue of parsed.error.issues.slice(0, 10)) {
        const keys = issue.code === 'unrecognized_keys' ? ((issue as { keys?: string[] }).keys ?? []) : []
        const p = yamlPath(s, [...issue.path, ...(keys[0] ? [keys[0]] : [])])
        const field = showPath(p)
        if (reported.has(field)) continue
        reported.add(field)
        at(p, field, keys.length ? `unknown field` : issue.message.replace(/^[\w.[\]]+: /, ''))
      }
      return
    }
    const key = `${parsed.data.environment}/${parsed.data.name}`
    if (seen.has(key))
      at(['services', s, 'name'], `services[${s}].name`, `"${parsed.data.name}" appears twice in ${parsed.data.environment}`)
    seen.set(key, s)
    const names = new Set<string>()
    parsed.data.checks.forEach((c, i) => {
      if (names.has(c.name)) at(['services', s, 'checks', i, 'name'], `services[${s}].checks[${i}].name`, `"${c.name}" appears twice`)
      names.add(c.name)
    })
    out.push(parsed.data)
  })
  if (errors.length) fail(errors)
  return out
}
