// Reads health reports into one shape:
//  - IETF draft-inadarei-api-health-check (application/health+json): `checks` (drafts 03+) or
//    `details` (drafts 00–02) keyed "component:measurement", each value an ARRAY of objects.
//  - Spring Boot Actuator: 2.2+ `components`, 2.0/2.1 `details` (both may nest), 1.x flat keys.
import type { CheckStatus, HealthComponent, HealthStatus } from '../../../../shared/health/types'

export interface HealthReport {
  format: 'health+json' | 'spring-boot'
  status: HealthStatus
  components: HealthComponent[]
  output?: string
}

const STATUS_ALIASES: Record<string, HealthStatus> = {
  pass: 'pass',
  ok: 'pass',
  up: 'pass',
  warn: 'warn',
  warning: 'warn',
  degraded: 'warn',
  unknown: 'warn', // Spring: state could not be determined
  fail: 'fail',
  error: 'fail',
  down: 'fail',
  out_of_service: 'fail' // Spring
}

/** pass/ok/up → pass, warn → warn, fail/error/down/OUT_OF_SERVICE → fail (case-insensitive). */
export function normalizeHealthStatus(value: unknown): HealthStatus | undefined {
  return typeof value === 'string' ? STATUS_ALIASES[value.trim().toLowerCase()] : undefined
}

/** The report, or undefined when the document has no recognised top-level `status`. */
export function parseHealthReport(doc: unknown): HealthReport | undefined {
  if (!isObject(doc)) return undefined
  const status = normalizeHealthStatus(doc.status)
  if (!status) return undefined
  const output = nonEmptyString(doc.output)
  const draftChecks = [doc.checks, doc.details].find(isDraftChecks)
  if (draftChecks) return { format: 'health+json', status, components: readDraftChecks(draftChecks), ...(output && { output }) }
  return { format: 'spring-boot', status, components: readSpringChildren(doc, ''), ...(output && { output }) }
}

/** fail → DOWN; warn overall, or any component not passing → DEGRADED; else UP. */
export function healthCheckStatus(report: HealthReport): CheckStatus {
  if (report.status === 'fail') return 'DOWN'
  if (report.status === 'warn' || report.components.some((c) => c.status !== 'pass')) return 'DEGRADED'
  return 'UP'
}

/** "fail: db, sub-1" style summary of what is not passing. */
export function describeHealth(report: HealthReport): string {
  const bad = report.components.filter((c) => c.status !== 'pass').map((c) => `${c.key} (${c.status})`)
  return `health ${report.status}${bad.length ? `: ${bad.join(', ')}` : ''}`
}

// ---- draft-inadarei health+json ----

function isDraftChecks(value: unknown): value is Record<string, unknown[]> {
  return isObject(value) && Object.values(value).length > 0 && Object.values(value).every(Array.isArray)
}

function readDraftChecks(checks: Record<string, unknown[]>): HealthComponent[] {
  const out: HealthComponent[] = []
  for (const [key, entries] of Object.entries(checks)) {
    const items = entries.filter(isObject)
    const [name = key, ...rest] = key.split(':')
    const measurement = rest.join(':') || undefined
    items.forEach((item, i) => {
      const component: HealthComponent = {
        key: items.length > 1 ? `${key}[${i}]` : key,
        name,
        status: normalizeHealthStatus(item.status) ?? 'warn'
      }
      if (measurement) component.measurement = measurement
      assignString(component, 'componentId', item.componentId)
      assignString(component, 'componentType', item.componentType ?? item.type) // draft 03 example uses `type`
      const observed = item.observedValue ?? item.metricValue // drafts 00–01 call it metricValue
      if (observed !== undefined && observed !== null) component.observedValue = scalarOrJson(observed)
      assignString(component, 'observedUnit', item.observedUnit ?? item.metricUnit)
      assignString(component, 'time', item.time)
      assignString(component, 'output', nonEmptyString(item.output))
      if (Array.isArray(item.affectedEndpoints)) component.affectedEndpoints = item.affectedEndpoints.filter((e) => typeof e === 'string')
      out.push(component)
    })
  }
  return out
}

// ---- Spring Boot Actuator ----

/** Children of a Spring node: 2.2+ `components`, 2.0/2.1 `details`, or (1.x) the node's own keys. */
function readSpringChildren(node: Record<string, unknown>, prefix: string): HealthComponent[] {
  const container = isObject(node.components) ? node.components : isObject(node.details) ? node.details : node
  const out: HealthComponent[] = []
  for (const [name, child] of Object.entries(container)) {
    if (!isObject(child) || normalizeHealthStatus(child.status) === undefined) continue
    const key = prefix ? `${prefix}/${name}` : name
    const component: HealthComponent = { key, name, status: normalizeHealthStatus(child.status)! }
    const info = springInfo(child)
    const output = nonEmptyString(info.error) ?? nonEmptyString(child.description)
    if (output) component.output = output
    if (Object.keys(info).length) component.details = info
    out.push(component, ...readSpringChildren(child, key))
  }
  return out
}

/** Scalar fields beside `status` (1.x inline, 2.x under `details`). */
function springInfo(node: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const source = isObject(node.details) ? node.details : node
  const info: Record<string, string | number | boolean | null> = {}
  for (const [k, v] of Object.entries(source)) {
    if (k === 'status' || k === 'components' || k === 'details') continue
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') info[k] = v
  }
  return info
}

// ---- helpers ----

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

const nonEmptyString = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined)

function scalarOrJson(v: unknown): string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v)
}

function assignString<K extends 'componentId' | 'componentType' | 'observedUnit' | 'time' | 'output'>(
  target: HealthComponent,
  key: K,
  value: unknown
): void {
  if (typeof value === 'string') target[key] = value
}
