/** What every search part shares: the reader, the stream cache, and how a row becomes a hit. */
import type { Labels } from '../../../../shared/logs/logql/pipeline'
import type { Ranges } from './highlight'
import type { LogReader } from './reader'
import type { StreamCache } from './streams'
import type { LineHit, Row } from './types'

export interface SearchContext {
  reader: LogReader
  streams: StreamCache
}

/** Stream labels with the line's structured metadata (OTLP attributes, trace ids) for label filters. */
export function labelsOf(ctx: SearchContext, row: Row): Labels {
  const stream = ctx.streams.get(row.stream_id)?.labels ?? {}
  if (!row.attrs) return stream
  return { ...(JSON.parse(row.attrs) as Labels), ...stream }
}

export function hitOf(ctx: SearchContext, row: Row, marks: Ranges, score: number | null = null): LineHit {
  const s = ctx.streams.get(row.stream_id)
  return {
    id: row.id,
    ts: row.ts,
    streamId: row.stream_id,
    sourceId: s?.sourceId ?? 0,
    labels: s?.labels ?? {},
    line: row.line,
    attrs: row.attrs ? (JSON.parse(row.attrs) as Record<string, string>) : null,
    marks,
    score
  }
}

/** Cursors are opaque to clients: base64url of JSON. */
export const encodeCursor = (c: unknown): string => Buffer.from(JSON.stringify(c)).toString('base64url')
export function decodeCursor<T>(s: string | undefined, check: (v: unknown) => v is T): T | undefined {
  if (!s) return undefined
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown
    return check(v) ? v : undefined
  } catch {
    return undefined
  }
}

export const isTsId = (v: unknown): v is { ts: number; id: number } =>
  typeof v === 'object' && v !== null && typeof (v as { ts?: unknown }).ts === 'number' && typeof (v as { id?: unknown }).id === 'number'
