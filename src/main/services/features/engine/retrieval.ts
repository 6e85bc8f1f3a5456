/** What a historical retrieval needs, for either engine: resolved view versions, the entity file, the output. */
import type { FeatureType, KeyType } from '../../../../shared/contract/features'
import type { SourceFiles } from '../files'

export interface RetrievalView {
  name: string
  version: number
  keys: { name: string; type: KeyType }[]
  timestampField: string
  createdTimestampField: string | null
  ttlSeconds: number
  source: SourceFiles
  /** `column` is the output column name (feature name, or view__feature). */
  features: { name: string; type: FeatureType; column: string }[]
}

export interface RetrievalRequest {
  entity: { source: SourceFiles; timestampColumn: string }
  views: RetrievalView[]
  filterByCreatedTimestamp: boolean
  output: { path: string; format: 'csv' | 'parquet' }
  /** TypeScript engine: feature rows per chunk (memory bound). */
  chunkRows?: number
  /** DuckDB engine: memory limit, spill folder (removed afterwards), threads. */
  memoryLimitMb?: number
  tempDir?: string
  threads?: number
}

export interface RetrievalResult {
  engine: 'duckdb' | 'typescript'
  rows: number
  /** Null count per output feature column. */
  nulls: Record<string, number>
  warnings: string[]
  durationMs: number
}

/** A timestamp problem in the entity file, named by its lines (CSV: header is line 1) or rows (Parquet). */
export function badTimestampMessage(column: string, rows: number[], count: number, format: 'csv' | 'parquet'): string {
  const where =
    format === 'csv'
      ? `line${rows.length > 1 ? 's' : ''} ${rows.map((r) => r + 2).join(', ')}`
      : `row${rows.length > 1 ? 's' : ''} ${rows.map((r) => r + 1).join(', ')}`
  return `the entity file's “${column}” is missing or not a timestamp in ${count.toLocaleString('en-US')} row${count === 1 ? '' : 's'} (${where}${count > rows.length ? ', …' : ''}); use ISO 8601 (2021-09-17 01:15:30, …Z, ±hh:mm) or Unix seconds`
}
