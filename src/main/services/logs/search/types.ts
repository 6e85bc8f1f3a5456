/** What searches return (the contract in src/shared/contract/logs.ts describes the same shapes). */
import type { Labels } from '../../../../shared/logs/logql/pipeline'
import type { Ranges } from './highlight'

export interface LineHit {
  id: number
  ts: number
  streamId: number
  sourceId: number
  labels: Labels
  line: string
  attrs: Record<string, string> | null
  marks: Ranges
  /** bm25 relevance (lower is better), for word searches. */
  score: number | null
}

export interface LinesPage {
  kind: 'lines'
  mode: 'logql' | 'terms' | 'substring'
  lines: LineHit[]
  /** Opaque: pass back as `cursor` for the next page; null when there is none. */
  next: string | null
  /** Lines read to find these (a scan), or candidates ranked (an index search). */
  scanned: number
  /** True when the search stopped at a limit (see `note`). */
  capped: boolean
  note: string | null
}

export interface Series {
  labels: Labels
  /** Step times (ms) and values; null where the window held no line. */
  t: number[]
  v: (number | null)[]
}

export interface MatrixResult {
  kind: 'matrix'
  stepMs: number
  series: Series[]
  capped: boolean
  note: string | null
}

export interface Histogram {
  bucketMs: number
  /** Bucket start times. */
  t: number[]
  /** Lines per bucket by level. */
  levels: Record<string, number[]>
  total: number
  capped: boolean
  /** Estimated from samples of each bucket (many matches); otherwise every count is exact. */
  approximate: boolean
}

export interface SearchInput {
  query: string
  mode: 'auto' | 'terms' | 'substring'
  from: number
  to: number
  limit: number
  cursor?: string | undefined
  order: 'relevance' | 'newest'
  stepMs?: number | undefined
}

export interface Row {
  id: number
  ts: number
  stream_id: number
  line: string
  attrs: string | null
}
