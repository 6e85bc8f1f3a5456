/**
 * A connector to an existing Loki: the same LogQL runs there through its query and query_range APIs, and the
 * answers (streams, matrix, vector) come back in the shapes local searches use, so the views do not care where the
 * logs live. Tenants go in X-Scope-OrgID; credentials (basic or bearer) are kept sealed and sent only to Loki.
 */
import { AppError } from '../../../../shared/errors'
import type { Query } from '../../../../shared/logs/logql/ast'
import { logQueryOf } from '../../../../shared/logs/logql/ast'
import { parseLogQL } from '../../../../shared/logs/logql/parse'
import { printLogQL, printLogQuery } from '../../../../shared/logs/logql/print'
import { formatRange } from '../../../../shared/logs/logql/durations'
import { logqlMarker } from '../search/highlight'
import type { Histogram, LineHit, LinesPage, MatrixResult } from '../search/types'

export interface LokiConfig {
  url: string
  tenant: string
  auth: 'none' | 'basic' | 'bearer'
  secret: string | null
}

type Streams = { stream: Record<string, string>; values: [string, string, Record<string, string>?][] }[]
type Matrix = { metric: Record<string, string>; values: [number, string][] }[]
type Vector = { metric: Record<string, string>; value: [number, string] }[]
interface LokiAnswer {
  status: string
  data: { resultType: 'streams'; result: Streams } | { resultType: 'matrix'; result: Matrix } | { resultType: 'vector'; result: Vector }
}

const ns = (ms: number): string => `${BigInt(Math.floor(ms)) * 1_000_000n}`
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

export class LokiClient {
  constructor(
    private cfg: LokiConfig,
    private timeoutMs = 15_000
  ) {}

  private headers(): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json' }
    if (this.cfg.tenant) h['x-scope-orgid'] = this.cfg.tenant
    if (this.cfg.auth === 'basic' && this.cfg.secret) h.authorization = `Basic ${Buffer.from(this.cfg.secret).toString('base64')}`
    if (this.cfg.auth === 'bearer' && this.cfg.secret) h.authorization = `Bearer ${this.cfg.secret}`
    return h
  }

  private async get(path: string, params: Record<string, string>): Promise<unknown> {
    const url = new URL(path, this.cfg.url.endsWith('/') ? this.cfg.url : `${this.cfg.url}/`)
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
    let res: Response
    try {
      res = await fetch(url, { headers: this.headers(), signal: AbortSignal.timeout(this.timeoutMs) })
    } catch (err) {
      throw new AppError('UNAVAILABLE', `Loki at ${this.cfg.url} did not answer: ${(err as Error).message}`)
    }
    const text = await res.text()
    if (!res.ok) {
      const msg = text.trim().slice(0, 500) || res.statusText
      throw new AppError(
        res.status === 400 ? 'VALIDATION' : 'UNAVAILABLE',
        `Loki answered ${res.status}: ${msg}`,
        res.status === 400 ? 'query' : undefined
      )
    }
    try {
      return JSON.parse(text) as unknown
    } catch {
      throw new AppError('UNAVAILABLE', `Loki answered with something that is not JSON: ${text.slice(0, 120)}`)
    }
  }

  private async answer(path: string, params: Record<string, string>): Promise<LokiAnswer> {
    const v = await this.get(path, params)
    if (!isObj(v) || v.status !== 'success' || !isObj(v.data) || !Array.isArray((v.data as { result?: unknown }).result))
      throw new AppError('UNAVAILABLE', 'Loki answered without {"status":"success","data":{"result":[…]}}')
    return v as unknown as LokiAnswer
  }

  queryRange(
    query: string,
    from: number,
    to: number,
    o: { limit: number; direction: 'backward' | 'forward'; stepMs?: number }
  ): Promise<LokiAnswer> {
    return this.answer('loki/api/v1/query_range', {
      query,
      start: ns(from),
      end: ns(to),
      limit: String(o.limit),
      direction: o.direction,
      ...(o.stepMs ? { step: `${o.stepMs / 1000}s` } : {})
    })
  }

  query(query: string, at: number, limit: number): Promise<LokiAnswer> {
    return this.answer('loki/api/v1/query', { query, time: ns(at), limit: String(limit), direction: 'backward' })
  }

  async labels(): Promise<string[]> {
    const v = await this.get('loki/api/v1/labels', {})
    return isObj(v) && Array.isArray(v.data) ? (v.data as unknown[]).map(String) : []
  }
}

const toMs = (nsText: string): number => Number(BigInt(nsText) / 1_000_000n)

function linesOf(a: LokiAnswer, sourceId: number, mark: (l: string) => [number, number][]): LineHit[] {
  if (a.data.resultType !== 'streams') return []
  const out: LineHit[] = []
  let n = 0
  for (const s of a.data.result)
    for (const [t, line, meta] of s.values)
      out.push({
        id: -++n,
        ts: toMs(t),
        streamId: 0,
        sourceId,
        labels: s.stream,
        line,
        attrs: meta ?? null,
        marks: mark(line),
        score: null
      })
  return out.sort((x, y) => y.ts - x.ts)
}

function matrixOf(a: LokiAnswer, stepMs: number): MatrixResult {
  const series =
    a.data.resultType === 'matrix'
      ? a.data.result.map((s) => ({
          labels: s.metric,
          t: s.values.map(([t]) => Math.round(t * 1000)),
          v: s.values.map(([, v]) => Number(v))
        }))
      : a.data.resultType === 'vector'
        ? a.data.result.map((s) => ({ labels: s.metric, t: [Math.round(s.value[0] * 1000)], v: [Number(s.value[1])] }))
        : []
  return { kind: 'matrix', stepMs, series, capped: false, note: null }
}

/** A search run on a Loki connector (LogQL only); pages go back in time from the oldest line seen. */
export async function lokiSearch(
  client: LokiClient,
  sourceId: number,
  src: string,
  from: number,
  to: number,
  limit: number,
  cursor: string | undefined,
  stepMs: number
): Promise<LinesPage | MatrixResult> {
  let q: Query
  try {
    q = parseLogQL(src)
  } catch (err) {
    throw new AppError('VALIDATION', `${(err as Error).message} — a Loki connector takes LogQL`, 'query')
  }
  if (q.type !== 'log') {
    const start = Math.ceil(from / stepMs) * stepMs
    return matrixOf(
      from === to
        ? await client.query(printLogQL(q), to, limit)
        : await client.queryRange(printLogQL(q), start, to, { limit, direction: 'backward', stepMs }),
      stepMs
    )
  }
  const end = cursor && /^\d+$/.test(cursor) ? Number(cursor) : to
  const mark = logqlMarker(q)
  const lines = linesOf(await client.queryRange(printLogQL(q), from, end, { limit, direction: 'backward' }), sourceId, mark).slice(0, limit)
  const oldest = lines[lines.length - 1]
  return {
    kind: 'lines',
    mode: 'logql',
    lines,
    next: lines.length >= limit && oldest ? String(oldest.ts) : null,
    scanned: lines.length,
    capped: false,
    note: null
  }
}

/** The histogram of a log query on Loki: `sum by (level) (count_over_time(q [bucket]))` over the range. */
export async function lokiHistogram(client: LokiClient, src: string, from: number, to: number): Promise<Histogram> {
  const q = logQueryOf(parseLogQL(src))
  const bucketMs = Math.max(60_000, Math.ceil((to - from) / 120 / 60_000) * 60_000)
  const start = Math.ceil(from / bucketMs) * bucketMs
  const a = await client.queryRange(`sum by (level) (count_over_time(${printLogQuery(q)} [${formatRange(bucketMs)}]))`, start, to, {
    limit: 1000,
    direction: 'forward',
    stepMs: bucketMs
  })
  const t: number[] = []
  for (let x = start; x <= to; x += bucketMs) t.push(x - bucketMs)
  const levels: Record<string, number[]> = {}
  let total = 0
  if (a.data.resultType === 'matrix')
    for (const s of a.data.result) {
      const level = s.metric.level || 'unknown'
      const arr = (levels[level] ??= new Array<number>(t.length).fill(0))
      for (const [sec, v] of s.values) {
        const i = Math.round((sec * 1000 - start) / bucketMs)
        if (i >= 0 && i < t.length) {
          arr[i]! += Number(v)
          total += Number(v)
        }
      }
    }
  return { bucketMs, t, levels, total, capped: false, approximate: false }
}
