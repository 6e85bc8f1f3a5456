/**
 * The logs area's facade on the main thread: sources and saved queries (small writes here), searches on the query
 * worker, pushes and issue decisions through the ingest worker (which owns lines, issues and retention), Loki
 * connectors over HTTP, and the bus: `logs:ingested`, `logs:issue`, `logs:sources`.
 */
import type { z } from 'zod'
import type { ChannelOutput, SearchInput, SourceInput, SourceUpdate } from '../../../shared/contract'
import type { IssueState } from '../../../shared/contract/logs'
import { AppError, notFound } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import type { SecretBox } from '../../core/secrets'
import type { Db } from '../../db/open'
import type { Resident } from '../../workers/resident'
import type { HealthReader } from '../health/api'
import type { LogsReader } from './api'
import { LokiClient, lokiHistogram, lokiSearch } from './loki/client'
import { LogsRepo, type IssueRow } from './repo'
import { defaultStep, type LogSearch } from './search/engine'
import type { Histogram } from './search/types'
import { LogSources, PUSH_PATHS } from './sources'
import type { Committed } from './store/entry'
import type { LogIngest, PushProtocol } from './store/ingest'

export interface LogsDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  secrets: SecretBox
  health: HealthReader
  ingest: Resident<LogIngest>
  search: Resident<LogSearch>
}

type IssueView = ChannelOutput<'logs:issues'>[number]

export class LogsService {
  readonly repo: LogsRepo
  readonly sources: LogSources
  private offs: (() => void)[] = []
  private tailing = false
  private pending = { lines: 0, lastId: 0 }
  private flushTimer: NodeJS.Timeout | null = null

  constructor(private deps: LogsDeps) {
    this.repo = new LogsRepo(deps.db)
    this.sources = new LogSources(this.repo, deps)
    this.sources.ensureBuiltin()
    this.offs.push(deps.ingest.onEvent((e) => this.onCommit(e as Committed)))
  }

  /** Tailing and retention run in the writer from here on (not in unit tests unless asked). */
  start(tail: boolean): void {
    this.offs.push(this.deps.bus.on('health:config', () => this.reconfigure()))
    if (tail) {
      this.tailing = true
      this.reconfigure()
    }
  }

  async stop(): Promise<void> {
    for (const off of this.offs) off()
    if (this.flushTimer) clearTimeout(this.flushTimer)
    await Promise.all([this.deps.ingest.close(), this.deps.search.close()])
  }

  /** Hands the writer the current sources (it starts on the first push or when tailing is on). */
  configure(): Promise<void> {
    return this.deps.ingest.call('configure', this.sources.specs())
  }

  private reconfigure(): void {
    if (!this.tailing && !this.deps.ingest.started) return
    this.configure().catch((err: unknown) => this.deps.logger.error('logs: configuring the writer failed', { error: String(err) }))
  }

  private onCommit(c: Committed): void {
    for (const s of c.issues) this.deps.bus.publish('logs:issue', s)
    this.pending.lines += c.lines
    this.pending.lastId = Math.max(this.pending.lastId, c.lastId)
    if (this.flushTimer) return
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null
      const p = this.pending
      this.pending = { lines: 0, lastId: 0 }
      this.deps.bus.publish('logs:ingested', { at: this.deps.clock.now(), lines: p.lines, lastId: p.lastId })
    }, 500)
    this.flushTimer.unref?.()
  }

  private changed(): void {
    this.deps.bus.publish('logs:sources', { at: this.deps.clock.now() })
    this.reconfigure()
  }

  // sources

  async list(): Promise<ChannelOutput<'logs:sources'>> {
    const { sources, overhead } = await this.deps.search.call('sizes')
    const size = new Map(sources.map((s) => [s.sourceId, s]))
    return this.repo
      .sources()
      .filter((s) => !s.deleting)
      .map((s) => this.sources.view(s, size.get(s.id), overhead))
  }

  createSource(input: z.output<typeof SourceInput>): { id: number } {
    const id = this.sources.create(input)
    this.changed()
    return { id }
  }

  updateSource(input: z.output<typeof SourceUpdate>): { id: number } {
    const id = this.sources.update(input)
    this.changed()
    return { id }
  }

  deleteSource(id: number): { id: number } {
    this.sources.delete(id)
    this.changed()
    // lines go in batches on the writer
    this.deps.ingest.call('runRetention').catch(() => {})
    return { id }
  }

  async testSource(id: number): Promise<ChannelOutput<'logs:testSource'>> {
    const started = Date.now()
    try {
      const labels = await new LokiClient(this.sources.lokiConfig(id)).labels()
      return { ok: true, error: null, labels, durationMs: Date.now() - started }
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') throw err
      return { ok: false, error: (err as Error).message, labels: [], durationMs: Date.now() - started }
    }
  }

  // pushes

  async push(protocol: PushProtocol, sourceName: string | null, body: Buffer, encoding: string | undefined): Promise<{ accepted: number }> {
    const spec = this.sources.pushTarget(sourceName)
    // a private copy of the bytes travels to the writer without another copy
    const bytes = new Uint8Array(body.byteLength)
    bytes.set(body)
    return this.deps.ingest.callTransfer('push', [bytes.buffer], protocol, spec, bytes, encoding)
  }

  // search

  search(input: z.output<typeof SearchInput>): Promise<ChannelOutput<'logs:search'>> {
    if (input.sourceId !== undefined) {
      const client = new LokiClient(this.sources.lokiConfig(input.sourceId))
      return lokiSearch(
        client,
        input.sourceId,
        input.query,
        input.from,
        input.to,
        input.limit,
        input.cursor,
        input.stepMs ?? defaultStep(input.from, input.to)
      )
    }
    return this.deps.search.call('search', input)
  }

  histogram(input: {
    query: string
    mode: 'auto' | 'terms' | 'substring'
    from: number
    to: number
    sourceId?: number | undefined
  }): Promise<Histogram> {
    if (input.sourceId !== undefined)
      return lokiHistogram(new LokiClient(this.sources.lokiConfig(input.sourceId)), input.query, input.from, input.to)
    return this.deps.search.call('histogram', input.query, input.mode, input.from, input.to)
  }

  async context(id: number, before: number, after: number): Promise<ChannelOutput<'logs:context'>> {
    const c = await this.deps.search.call('context', id, before, after)
    if (!c) throw notFound(`log line ${id}`)
    return { ...c, serviceId: this.serviceIdOf(c.line.sourceId, c.line.labels.service) }
  }

  /** The monitored service a line belongs to: its source's link, else a service of the same name. */
  private serviceIdOf(sourceId: number, name: string | undefined): number | null {
    const linked = this.repo.source(sourceId)?.service_id ?? null
    if (linked !== null) return linked
    return this.deps.health.services().find((s) => s.name === name)?.id ?? null
  }

  tail(input: {
    query: string
    mode: 'auto' | 'terms' | 'substring'
    afterId: number | null
    limit: number
  }): Promise<ChannelOutput<'logs:tail'>> {
    return this.deps.search.call('tail', input.query, input.mode, input.afterId, input.limit)
  }

  labels(): Promise<Record<string, string[]>> {
    return this.deps.search.call('labels')
  }

  // saved queries

  saved(): ChannelOutput<'logs:saved'> {
    return this.repo.saved().map((r) => ({ id: r.id, name: r.name, query: r.query, rangeS: r.range_s, createdAt: r.created_at }))
  }

  saveQuery(name: string, query: string, rangeS: number): { id: number } {
    return { id: this.repo.saveQuery(name, query, rangeS, this.deps.clock.now()) }
  }

  deleteQuery(id: number): { id: number } {
    if (this.repo.deleteQuery(id) === 0) throw notFound(`saved query ${id}`)
    return { id }
  }

  // issues

  private issueViews(rows: IssueRow[]): IssueView[] {
    const nowHour = Math.floor(this.deps.clock.now() / 3_600_000)
    const counts = new Map<number, number[]>()
    for (const h of this.repo.issueHours(
      rows.map((r) => r.id),
      nowHour - 23
    )) {
      const arr = counts.get(h.issue_id) ?? new Array<number>(24).fill(0)
      const i = h.hour - (nowHour - 23)
      if (i >= 0 && i < 24) arr[i] = h.count
      counts.set(h.issue_id, arr)
    }
    return rows.map((r) => ({
      id: r.id,
      service: r.service,
      type: r.type,
      title: r.title,
      state: r.state,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
      count: r.count,
      firstRelease: r.first_release,
      lastRelease: r.last_release,
      regressedAt: r.regressed_at,
      regressedRelease: r.regressed_release,
      resolvedAt: r.resolved_at,
      last24h: counts.get(r.id) ?? new Array<number>(24).fill(0)
    }))
  }

  issues(state: IssueState | undefined, service: string | undefined, limit: number): IssueView[] {
    return this.issueViews(this.repo.issues(state, service, limit))
  }

  issue(id: number, hours: number): ChannelOutput<'logs:issue'> {
    const r = this.repo.issue(id)
    if (!r) throw notFound(`issue ${id}`)
    const nowHour = Math.floor(this.deps.clock.now() / 3_600_000)
    const from = nowHour - hours + 1
    const count = new Array<number>(hours).fill(0)
    for (const h of this.repo.issueHours([id], from)) if (h.hour - from < hours) count[h.hour - from] = h.count
    return {
      ...this.issueViews([r])[0]!,
      frames: JSON.parse(r.frames) as string[],
      sample: r.sample,
      sampleLineId: r.sample_line_id,
      hours: { t: count.map((_, i) => (from + i) * 3_600_000), count }
    }
  }

  async setIssueState(id: number, state: IssueState): Promise<IssueView> {
    if (!this.repo.issue(id)) throw notFound(`issue ${id}`)
    await this.deps.ingest.call('setIssueState', id, state)
    return this.issueViews([this.repo.issue(id)!])[0]!
  }

  // storage and status

  async storage(): Promise<ChannelOutput<'logs:storage'>> {
    return (await this.list()).map((s) => ({
      sourceId: s.id,
      name: s.name,
      kind: s.kind,
      lines: s.lines,
      rawBytes: s.rawBytes,
      estimatedBytes: s.estimatedBytes,
      oldest: s.oldest,
      retentionDays: s.retentionDays,
      maxBytes: s.maxBytes
    }))
  }

  async status(): Promise<ChannelOutput<'logs:status'>> {
    const running = this.deps.ingest.started
    const s = running ? await this.deps.ingest.call('stats') : { queued: 0, linesPerSecond: 0, committedLines: 0 }
    return {
      queued: s.queued,
      linesPerSecond: s.linesPerSecond,
      committedLines: s.committedLines,
      running,
      pushRoutes: [PUSH_PATHS.loki, PUSH_PATHS.otlp]
    }
  }

  async runRetention(): Promise<ChannelOutput<'logs:runRetention'>> {
    const r = await this.deps.ingest.call('runRetention')
    if (r.removed.length) this.deps.bus.publish('logs:sources', { at: this.deps.clock.now() })
    return { deletedLines: r.deletedLines, removedSources: r.removed.length }
  }

  /** The port alerts uses. */
  reader(): LogsReader {
    return { count: (query, from, to) => this.deps.search.call('count', query, from, to) }
  }

  palette(q: string, limit: number): { kind: string; id: string; title: string; subtitle?: string; route: string }[] {
    const saved = this.repo
      .saved()
      .filter((s) => !q || s.name.toLowerCase().includes(q))
      .slice(0, limit)
      .map((s) => ({ kind: 'saved query', id: String(s.id), title: s.name, subtitle: s.query, route: `/logs/saved/${s.id}` }))
    const issues = this.repo
      .issues(undefined, undefined, 200)
      .filter((i) => !q || i.title.toLowerCase().includes(q))
      .slice(0, limit)
      .map((i) => ({ kind: 'error issue', id: String(i.id), title: i.title, subtitle: i.service, route: `/logs/errors/${i.id}` }))
    return [...saved, ...issues].slice(0, limit)
  }
}
