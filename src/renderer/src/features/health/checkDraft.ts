import {
  ServiceInput as ServiceSchema,
  type ChannelOutput,
  type CheckInput,
  type ServiceInput,
  type ServiceReplaceInput
} from '../../../../shared/contract'
import { DNS_RECORD_TYPES, HTTP_METHODS } from '../../../../shared/health/types'
import { fieldIssues } from '../../../../shared/issues'
import { fallbackLabel, placeIssues, type FieldErrors } from '../../lib/formErrors'

export { DNS_RECORD_TYPES, HTTP_METHODS }
export const CHECK_KINDS = ['http', 'tcp', 'dns', 'tls'] as const
export type CheckKindId = (typeof CHECK_KINDS)[number]
type HttpMethod = (typeof HTTP_METHODS)[number]
type DnsRecordType = (typeof DNS_RECORD_TYPES)[number]

/** What the add-service form holds for one check: strings as typed, converted on submit. */
export interface CheckDraft {
  name: string
  kind: CheckKindId
  intervalS: string
  retries: string
  timeoutMs: string
  url: string
  method: HttpMethod
  acceptedStatus: string
  keyword: string
  keywordMode: 'present' | 'absent'
  conditions: string
  ignoreTlsErrors: boolean
  host: string
  port: string
  hostname: string
  recordType: DnsRecordType
  expected: string
  server: string
  warnDays: string
  /** Set when the check already exists (edit form): it is updated, not created. */
  id?: number
  paused: boolean
  /** Config keys the form does not show (headers, body, maxRedirects…), sent back unchanged on save. */
  extra: Record<string, unknown>
}

export interface ServiceDraft {
  name: string
  environment: string
  region: string
  description: string
  /** One "key=value" a line. */
  tags: string
  checks: CheckDraft[]
}

export const emptyCheck = (kind: CheckKindId = 'http'): CheckDraft => ({
  name: '',
  kind,
  intervalS: '60',
  retries: '0',
  timeoutMs: '',
  url: '',
  method: 'GET',
  acceptedStatus: '200-299',
  keyword: '',
  keywordMode: 'present',
  conditions: '',
  ignoreTlsErrors: false,
  host: '',
  port: kind === 'tls' ? '443' : '',
  hostname: '',
  recordType: 'A',
  expected: '',
  server: '',
  warnDays: '14',
  paused: false,
  extra: {}
})

export const emptyService = (): ServiceDraft => ({
  name: '',
  environment: 'production',
  region: 'default',
  description: '',
  tags: '',
  checks: [emptyCheck()]
})

/** '' → undefined (the contract's default applies); anything else → a number, which the contract validates. */
const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s.trim()))
const opt = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim())
const list = (s: string, sep: RegExp): string[] =>
  s
    .split(sep)
    .map((x) => x.trim())
    .filter(Boolean)

/** A readable default name when the user leaves it empty: "GET api.example.com/health", "TCP db:5432". */
export function defaultCheckName(d: CheckDraft): string {
  const short = (u: string): string => u.replace(/^https?:\/\//, '')
  const target = d.kind === 'http' ? d.url : d.kind === 'dns' ? d.hostname : d.host
  if (!target.trim()) return ''
  const name =
    d.kind === 'http'
      ? `${d.method} ${short(d.url.trim())}`
      : d.kind === 'dns'
        ? `DNS ${d.recordType} ${d.hostname.trim()}`
        : `${d.kind.toUpperCase()} ${d.host.trim()}${d.port.trim() ? `:${d.port.trim()}` : ''}`
  return name.trim().slice(0, 120)
}

function configOf(d: CheckDraft): CheckInput['config'] {
  const timeoutMs = num(d.timeoutMs)
  switch (d.kind) {
    case 'http':
      return {
        kind: 'http',
        url: d.url.trim(),
        method: d.method,
        acceptedStatus: list(d.acceptedStatus, /[,\s]+/).length ? list(d.acceptedStatus, /[,\s]+/) : undefined,
        keyword: opt(d.keyword),
        keywordMode: d.keywordMode,
        conditions: list(d.conditions, /\r?\n/),
        ignoreTlsErrors: d.ignoreTlsErrors,
        timeoutMs
      }
    case 'tcp':
      return { kind: 'tcp', host: d.host.trim(), port: num(d.port), timeoutMs }
    case 'dns':
      return {
        kind: 'dns',
        hostname: d.hostname.trim(),
        recordType: d.recordType,
        expected: list(d.expected, /[,\s]+/),
        server: opt(d.server),
        timeoutMs
      }
    case 'tls':
      return {
        kind: 'tls',
        host: d.host.trim(),
        port: num(d.port),
        warnDays: num(d.warnDays),
        ignoreTlsErrors: d.ignoreTlsErrors,
        timeoutMs
      }
  }
}

/** Drop undefined keys so the JSON sent is exactly what the user chose. */
const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

export function checkInputOf(d: CheckDraft): CheckInput {
  return clean({
    name: d.name.trim() || defaultCheckName(d),
    intervalS: num(d.intervalS),
    retries: num(d.retries),
    paused: d.paused || undefined,
    config: clean({ ...d.extra, ...configOf(d) } as object) as CheckInput['config']
  })
}

/** "team=payments\ntier = 1" → { team: 'payments', tier: '1' }; a line without "=" is a tag with an empty value. */
export function tagsOf(text: string): Record<string, string> {
  const tags: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue
    const at = line.indexOf('=')
    if (at < 0) tags[line.trim()] = ''
    else tags[line.slice(0, at).trim()] = line.slice(at + 1).trim()
  }
  return tags
}

export const tagsText = (tags: Record<string, string>): string =>
  Object.entries(tags)
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join('\n')

export function serviceInputOf(d: ServiceDraft): ServiceInput {
  const tags = tagsOf(d.tags)
  return clean({
    name: d.name.trim(),
    environment: opt(d.environment),
    region: opt(d.region),
    description: d.description.trim(),
    tags: Object.keys(tags).length ? tags : undefined,
    checks: d.checks.map(checkInputOf)
  })
}

/** The edit form's save: every field, tags included (so clearing them clears them), and the id of each existing check. */
export function replaceInputOf(id: number, d: ServiceDraft): ServiceReplaceInput {
  return {
    ...serviceInputOf(d),
    id,
    tags: tagsOf(d.tags),
    checks: d.checks.map((c) => (c.id === undefined ? checkInputOf(c) : { ...checkInputOf(c), id: c.id }))
  }
}

type ServiceView = ChannelOutput<'services:get'>
type CheckView = ServiceView['checks'][number]

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v))
const strs = (v: unknown, sep: string): string => (Array.isArray(v) ? v.map(String).join(sep) : '')

/** An existing check as the form holds it: its config spread over the fields, the keys the form has no field for kept aside. */
export function checkDraftOf(c: CheckView): CheckDraft {
  const cfg = c.config
  const kind = (CHECK_KINDS as readonly string[]).includes(String(cfg.kind)) ? (cfg.kind as CheckKindId) : 'http'
  const shown = new Set(['kind', ...CONFIG_KEYS[kind]])
  const base = emptyCheck(kind)
  return {
    ...base,
    id: c.id,
    name: c.name,
    intervalS: String(c.intervalS),
    retries: String(c.retries),
    paused: c.paused,
    timeoutMs: str(cfg.timeoutMs),
    url: str(cfg.url),
    method: (cfg.method as HttpMethod | undefined) ?? base.method,
    acceptedStatus: Array.isArray(cfg.acceptedStatus) ? strs(cfg.acceptedStatus, ', ') : base.acceptedStatus,
    keyword: str(cfg.keyword),
    keywordMode: cfg.keywordMode === 'absent' ? 'absent' : 'present',
    conditions: strs(cfg.conditions, '\n'),
    ignoreTlsErrors: cfg.ignoreTlsErrors === true,
    host: str(cfg.host),
    port: cfg.port === undefined ? base.port : str(cfg.port),
    hostname: str(cfg.hostname),
    recordType: (cfg.recordType as DnsRecordType | undefined) ?? base.recordType,
    expected: strs(cfg.expected, ', '),
    server: str(cfg.server),
    warnDays: cfg.warnDays === undefined ? base.warnDays : str(cfg.warnDays),
    extra: Object.fromEntries(Object.entries(cfg).filter(([k]) => !shown.has(k)))
  }
}

export function serviceDraftOf(s: ServiceView): ServiceDraft {
  return {
    name: s.name,
    environment: s.environment,
    region: s.region,
    description: s.description,
    tags: tagsText(s.tags),
    checks: [...s.checks].sort((a, b) => a.id - b.id).map(checkDraftOf)
  }
}

/** "Clone service": the same settings and checks as new (no ids), named "<name> (copy)" — or "(copy 2)"… when taken. */
export function cloneDraftOf(s: ServiceView, taken: readonly { name: string; environment: string }[] = []): ServiceDraft {
  const draft = serviceDraftOf(s)
  const used = new Set(taken.filter((t) => t.environment === s.environment).map((t) => t.name))
  let name = `${s.name} (copy)`
  for (let n = 2; used.has(name); n++) name = `${s.name} (copy ${n})`
  return { ...draft, name, checks: draft.checks.map(({ id: _id, ...c }) => ({ ...c, paused: c.paused })) }
}

const CONFIG_KEYS: Record<CheckKindId, string[]> = {
  http: ['url', 'method', 'acceptedStatus', 'keyword', 'keywordMode', 'conditions', 'ignoreTlsErrors', 'timeoutMs'],
  tcp: ['host', 'port', 'timeoutMs'],
  dns: ['hostname', 'recordType', 'expected', 'server', 'timeoutMs'],
  tls: ['host', 'port', 'warnDays', 'ignoreTlsErrors', 'timeoutMs']
}

/** Every input key the form renders, named like the service's error fields ("checks[0].config.url"). */
export function formFieldKeys(d: ServiceDraft): string[] {
  return [
    'name',
    'environment',
    'region',
    'description',
    'tags',
    'checks',
    ...d.checks.flatMap((c, i) => {
      const p = `checks[${i}]`
      return [p, `${p}.name`, `${p}.intervalS`, `${p}.retries`, `${p}.config`, ...CONFIG_KEYS[c.kind].map((k) => `${p}.config.${k}`)]
    })
  ]
}

/** The input a check's target is typed in, and what to say when it is empty. */
const TARGET: Record<CheckKindId, { key: string; missing: string }> = {
  http: { key: 'url', missing: 'enter the URL to check, e.g. https://api.example.com/health' },
  tcp: { key: 'host', missing: 'enter the host to connect to' },
  tls: { key: 'host', missing: 'enter the host whose certificate to check' },
  dns: { key: 'hostname', missing: 'enter the name to resolve' }
}

/**
 * Every problem of the form at once, by the contract's own rules, each on its input. An empty target is said on the
 * target (not on the check name that would have been made from it).
 */
export function serviceDraftErrors(d: ServiceDraft): FieldErrors {
  const parsed = ServiceSchema.safeParse(serviceInputOf(d))
  const found: FieldErrors = parsed.success ? {} : placeIssues(fieldIssues(parsed.error), formFieldKeys(d), serviceFieldLabel).placed
  d.checks.forEach((c, i) => {
    const target = TARGET[c.kind]
    const value = c[target.key as 'url' | 'host' | 'hostname']
    if (value.trim() === '') {
      found[`checks[${i}].config.${target.key}`] = target.missing
      if (!c.name.trim()) delete found[`checks[${i}].name`]
    }
  })
  return found
}

/** A changed draft key of check i → the error key of its input ("url" → "checks[0].config.url"). */
export function checkErrorKeys(i: number, draftKey: string): string[] {
  const p = `checks[${i}]`
  if (draftKey === 'kind') return [p]
  if (['name', 'intervalS', 'retries', 'paused'].includes(draftKey)) return [`${p}.${draftKey}`]
  // the default name is made from the target: a new target may settle a name error too
  const target = ['url', 'host', 'hostname', 'method', 'port', 'recordType'].includes(draftKey) ? [`${p}.name`, `${p}.config`] : []
  return [`${p}.config.${draftKey}`, ...target]
}

/** "checks[1].config.timeoutMs" → "Check 2: timeout ms"; service fields by their label. */
export function serviceFieldLabel(field: string): string {
  const m = /^checks\[(\d+)\](?:\.(.+))?$/.exec(field)
  if (!m) return fallbackLabel(field)
  return m[2] ? `Check ${Number(m[1]) + 1}: ${fallbackLabel(m[2]).toLowerCase()}` : `Check ${Number(m[1]) + 1}`
}
