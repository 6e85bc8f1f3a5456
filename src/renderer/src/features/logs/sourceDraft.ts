/** The source form's draft: strings as typed, turned into the contract's input on save; pure, so it is tested. */
import type { SourceInput, SourceView } from '../../../../shared/contract/logs'

export interface SourceDraft {
  kind: 'file' | 'push' | 'loki'
  name: string
  serviceId: string
  environment: string
  host: string
  paths: string
  startAt: 'end' | 'beginning'
  multiline: boolean
  release: string
  retentionDays: string
  maxMb: string
  url: string
  tenant: string
  auth: 'none' | 'basic' | 'bearer'
  secret: string
  enabled: boolean
}

export const emptySource = (kind: SourceDraft['kind'] = 'file'): SourceDraft => ({
  kind,
  name: '',
  serviceId: '',
  environment: '',
  host: '',
  paths: '',
  startAt: 'end',
  multiline: true,
  release: '',
  retentionDays: '14',
  maxMb: '',
  url: '',
  tenant: '',
  auth: 'none',
  secret: '',
  enabled: true
})

export function draftOfSource(s: SourceView): SourceDraft {
  return {
    kind: s.kind,
    name: s.name,
    serviceId: s.serviceId === null ? '' : String(s.serviceId),
    environment: s.environment,
    host: s.host,
    paths: s.paths.join('\n'),
    startAt: s.startAt,
    multiline: s.multiline,
    release: s.release,
    retentionDays: String(s.retentionDays),
    maxMb: s.maxBytes === null ? '' : String(Math.round(s.maxBytes / 1024 / 1024)),
    url: s.url,
    tenant: s.tenant,
    auth: s.auth,
    secret: '',
    enabled: s.enabled
  }
}

/** Numbers as typed (NaN when not one: the contract names the field). */
const num = (s: string): number => (s.trim() === '' ? NaN : Number(s.trim()))

export function sourceInputOf(d: SourceDraft): SourceInput {
  const serviceId = d.serviceId ? Number(d.serviceId) : null
  if (d.kind === 'loki')
    return {
      kind: 'loki',
      name: d.name,
      serviceId,
      url: d.url,
      tenant: d.tenant,
      auth: d.auth,
      ...(d.secret ? { secret: d.secret } : {}),
      enabled: d.enabled
    }
  const common = {
    name: d.name,
    serviceId,
    environment: d.environment,
    host: d.host,
    retentionDays: num(d.retentionDays),
    maxBytes: d.maxMb.trim() === '' ? null : Math.round(num(d.maxMb) * 1024 * 1024),
    enabled: d.enabled,
    release: d.release
  }
  if (d.kind === 'push') return { kind: 'push', ...common }
  return {
    kind: 'file',
    ...common,
    paths: d.paths
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean),
    startAt: d.startAt,
    multiline: d.multiline
  }
}

/** Input keys the form shows, as contract field paths (server errors land beside their input). */
export const SOURCE_FIELDS = [
  'name',
  'serviceId',
  'environment',
  'host',
  'paths',
  'startAt',
  'retentionDays',
  'maxBytes',
  'url',
  'tenant',
  'auth',
  'secret',
  'release'
] as const
