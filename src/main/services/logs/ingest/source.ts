/** What the ingest side knows of a source: its labels and, for tailed files, its patterns. */
export interface SourceSpec {
  id: number
  name: string
  kind: 'file' | 'push' | 'loki'
  /** The linked service's name, or ''. */
  service: string
  environment: string
  host: string
  enabled: boolean
  deleting: boolean
  retentionDays: number
  maxBytes: number | null
  /** file: glob patterns and where to start in files present when the source is created. */
  paths: string[]
  startAt: 'end' | 'beginning'
  /** Join stack traces and continuation lines into one entry. */
  multiline: boolean
  /** A release label given on the source (errors record it). */
  release: string
}
