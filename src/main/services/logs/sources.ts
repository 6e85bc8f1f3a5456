/** Log sources: create, change, delete (lines removed in the background), their views, and what the writer is told. */
import type { z } from 'zod'
import type { SourceInput, SourceUpdate, SourceView } from '../../../shared/contract/logs'
import { AppError, conflict, invalid, notFound } from '../../../shared/errors'
import type { Clock } from '../../core/clock'
import type { SecretBox } from '../../core/secrets'
import type { HealthReader } from '../health/api'
import type { SourceSpec } from './ingest/source'
import type { LogsRepo, SourceRow } from './repo'
import type { SourceSize } from './store/retention'

type Input = z.output<typeof SourceInput>
type Update = z.output<typeof SourceUpdate>

export const BUILTIN_PUSH = 'push'
export const PUSH_PATHS = { loki: '/loki/api/v1/push', otlp: '/v1/logs' } as const

interface Config {
  paths?: string[]
  startAt?: 'end' | 'beginning'
  multiline?: boolean
  release?: string
  url?: string
  tenant?: string
  auth?: 'none' | 'basic' | 'bearer'
}

export class LogSources {
  constructor(
    private repo: LogsRepo,
    private deps: { clock: Clock; secrets: SecretBox; health: HealthReader }
  ) {}

  /** The built-in push source every serve-mode push goes to unless `?source=` names another. */
  ensureBuiltin(): void {
    if (this.repo.sourceByName(BUILTIN_PUSH)) return
    const now = this.deps.clock.now()
    this.repo.insertSource({
      name: BUILTIN_PUSH,
      kind: 'push',
      service_id: null,
      environment: '',
      host: '',
      config: '{}',
      secret: null,
      retention_days: 14,
      max_bytes: null,
      enabled: 1,
      builtin: 1,
      created_at: now,
      updated_at: now
    })
  }

  private serviceName(id: number | null): string {
    return id === null ? '' : (this.deps.health.service(id)?.name ?? '')
  }

  private checkService(id: number | null): void {
    if (id !== null && !this.deps.health.service(id)) throw invalid('serviceId', `no service with id ${id}`)
  }

  private rowOf(input: Input, previous: SourceRow | undefined, now: number): Omit<SourceRow, 'id' | 'deleting' | 'last_error'> {
    this.checkService(input.serviceId)
    const clash = this.repo.sourceByName(input.name)
    if (clash && clash.id !== previous?.id) throw conflict(`a log source named ${input.name} exists`, 'name')
    if (previous && previous.kind !== input.kind) throw invalid('kind', `a ${previous.kind} source cannot become a ${input.kind} source`)
    let config: Config
    let secret: Buffer | null = previous?.secret ?? null
    if (input.kind === 'file') config = { paths: input.paths, startAt: input.startAt, multiline: input.multiline, release: input.release }
    else if (input.kind === 'push') config = { release: input.release }
    else {
      config = { url: input.url, tenant: input.tenant, auth: input.auth }
      if (input.secret !== undefined) secret = input.secret === '' ? null : this.deps.secrets.encrypt(input.secret)
      if (input.auth !== 'none' && !secret) throw invalid('secret', input.auth === 'basic' ? 'give user:password' : 'give the token')
    }
    return {
      name: input.name,
      kind: input.kind,
      service_id: input.serviceId,
      environment: input.kind === 'loki' ? '' : input.environment,
      host: input.kind === 'loki' ? '' : input.host,
      config: JSON.stringify(config),
      secret,
      retention_days: input.kind === 'loki' ? 14 : input.retentionDays,
      max_bytes: input.kind === 'loki' ? null : input.maxBytes,
      enabled: input.enabled ? 1 : 0,
      builtin: previous?.builtin ?? 0,
      created_at: previous?.created_at ?? now,
      updated_at: now
    }
  }

  create(input: Input): number {
    return this.repo.insertSource(this.rowOf(input, undefined, this.deps.clock.now()))
  }

  update(input: Update): number {
    const prev = this.live(input.id)
    const { id, ...rest } = input
    const row = this.rowOf(rest as Input, prev, this.deps.clock.now())
    if (prev.builtin && row.name !== prev.name) throw invalid('name', 'the built-in push source keeps its name')
    this.repo.updateSource(id, row)
    return id
  }

  delete(id: number): number {
    const s = this.live(id)
    if (s.builtin) throw new AppError('CONFLICT', 'the built-in push source cannot be deleted (disable it instead)')
    this.repo.markDeleting(id, this.deps.clock.now())
    return id
  }

  live(id: number): SourceRow {
    const s = this.repo.source(id)
    if (!s || s.deleting) throw notFound(`log source ${id}`)
    return s
  }

  /** The push source a request names (or the built-in one). */
  pushTarget(name: string | null): SourceSpec {
    const s = this.repo.sourceByName(name ?? BUILTIN_PUSH)
    if (!s || s.deleting) throw new AppError('NOT_FOUND', `no log source named ${name ?? BUILTIN_PUSH}`)
    if (s.kind !== 'push') throw new AppError('VALIDATION', `log source ${s.name} is a ${s.kind} source, not a push source`, 'source')
    if (!s.enabled) throw new AppError('FORBIDDEN', `log source ${s.name} is disabled`)
    return this.spec(s)
  }

  spec(s: SourceRow): SourceSpec {
    const c = JSON.parse(s.config) as Config
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      service: this.serviceName(s.service_id),
      environment: s.environment,
      host: s.host,
      enabled: s.enabled === 1,
      deleting: s.deleting === 1,
      retentionDays: s.retention_days,
      maxBytes: s.max_bytes,
      paths: c.paths ?? [],
      startAt: c.startAt ?? 'end',
      multiline: c.multiline ?? true,
      release: c.release ?? ''
    }
  }

  specs(): SourceSpec[] {
    return this.repo.sources().map((s) => this.spec(s))
  }

  lokiConfig(id: number): { url: string; tenant: string; auth: 'none' | 'basic' | 'bearer'; secret: string | null } {
    const s = this.live(id)
    if (s.kind !== 'loki') throw invalid('sourceId', `log source ${s.name} is not a Loki connector`)
    const c = JSON.parse(s.config) as Config
    return {
      url: c.url ?? '',
      tenant: c.tenant ?? '',
      auth: c.auth ?? 'none',
      secret: s.secret ? this.deps.secrets.decrypt(s.secret) : null
    }
  }

  view(s: SourceRow, size: SourceSize | undefined, overhead: number): SourceView {
    const c = JSON.parse(s.config) as Config
    const q = s.builtin ? '' : `?source=${encodeURIComponent(s.name)}`
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      serviceId: s.service_id,
      serviceName: s.service_id === null ? null : this.serviceName(s.service_id) || null,
      environment: s.environment,
      host: s.host,
      paths: c.paths ?? [],
      startAt: c.startAt ?? 'end',
      multiline: c.multiline ?? true,
      release: c.release ?? '',
      url: c.url ?? '',
      tenant: c.tenant ?? '',
      auth: c.auth ?? 'none',
      hasSecret: s.secret !== null,
      retentionDays: s.retention_days,
      maxBytes: s.max_bytes,
      enabled: s.enabled === 1,
      builtin: s.builtin === 1,
      deleting: s.deleting === 1,
      lastError: s.last_error,
      pushPaths: s.kind === 'push' ? [`${PUSH_PATHS.loki}${q}`, `${PUSH_PATHS.otlp}${q}`] : [],
      lines: size?.lines ?? 0,
      rawBytes: size?.rawBytes ?? 0,
      estimatedBytes: Math.round((size?.rawBytes ?? 0) * overhead),
      oldest: size?.oldest ?? null,
      newest: size?.newest ?? null
    }
  }
}
