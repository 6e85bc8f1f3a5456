import { isMap, isSeq, LineCounter, parseDocument, stringify } from 'yaml'
import type { z } from 'zod'
import { AppError } from '../../../shared/errors'
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

/** Services and checks as config-as-code; check fields sit beside `type`, like Gatus endpoints. */
export function toYaml(services: ExportService[]): string {
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
  return `# Control Console services: import with Services → Import, or health:import\n${stringify(doc, { lineWidth: 0 })}`
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

const show = (p: (string | number)[]): string => p.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i ? '.' : ''}${s}`)).join('')

/** Parse and validate; every error names its line and path. Throws VALIDATION listing all problems. */
export function parseServicesYaml(text: string): ParsedService[] {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lines.linePos(offset).line)
  const errors: string[] = []
  for (const e of doc.errors) errors.push(`line ${lineOf(e.pos[0])}: ${e.message.split('\n')[0]}`)
  if (errors.length) throw new AppError('VALIDATION', `yaml: ${errors.slice(0, 10).join('; ')}`, 'yaml')
  const root = doc.contents
  if (!isMap(root) || !isSeq(root.get('services', true))) {
    throw new AppError('VALIDATION', `yaml: line ${lineOf(root?.range?.[0])}: expected a top-level "services:" list`, 'yaml')
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
        let p = yamlPath(s, [...issue.path, ...(keys[0] ? [keys[0]] : [])])
        let node = doc.getIn(p, true) as { range?: [number, number] } | undefined
        while (!node?.range && p.length > 2) {
          p = p.slice(0, -1)
          node = doc.getIn(p, true) as { range?: [number, number] } | undefined
        }
        const field = show(yamlPath(s, [...issue.path, ...(keys[0] ? [keys[0]] : [])]))
        if (reported.has(field)) continue
        reported.add(field)
        const msg = keys.length ? `unknown field` : issue.message.replace(/^[\w.[\]]+: /, '')
        errors.push(`line ${lineOf(node?.range?.[0])}: ${field}: ${msg}`)
      }
      return
    }
    const key = `${parsed.data.environment}/${parsed.data.name}`
    if (seen.has(key)) {
      const node = doc.getIn(['services', s, 'name'], true) as { range?: [number, number] } | undefined
      errors.push(
        `line ${lineOf(node?.range?.[0])}: services[${s}].name: "${parsed.data.name}" appears twice in ${parsed.data.environment}`
      )
    }
    seen.set(key, s)
    const names = new Set<string>()
    parsed.data.checks.forEach((c, i) => {
      if (names.has(c.name)) {
        const node = doc.getIn(['services', s, 'checks', i, 'name'], true) as { range?: [number, number] } | undefined
        errors.push(`line ${lineOf(node?.range?.[0])}: services[${s}].checks[${i}].name: "${c.name}" appears twice`)
      }
      names.add(c.name)
    })
    out.push(parsed.data)
  })
  if (errors.length)
    throw new AppError(
      'VALIDATION',
      `yaml: ${errors.slice(0, 20).join('; ')}${errors.length > 20 ? `; and ${errors.length - 20} more` : ''}`,
      'yaml'
    )
  return out
}
