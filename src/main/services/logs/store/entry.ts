import type { Labels } from '../labels'

/** One log entry on its way to the database. */
export interface Entry {
  sourceId: number
  ts: number
  line: string
  labels: Labels
  attrs: Record<string, string> | null
  /** The message detection read (error grouping). */
  message: string
  release: string | null
  /** A tailed file's position after this entry: committed with it. */
  file?: FileMark
}

export interface FileMark {
  key: string
  path: string
  offset: number
  head: string
}

/** What the writer tells the rest of the console after a commit. */
export interface IssueSignal {
  kind: 'new' | 'regressed'
  issueId: number
  service: string
  title: string
  release: string | null
  at: number
}

export interface Committed {
  lines: number
  bytes: number
  lastId: number
  bySource: Record<number, number>
  issues: IssueSignal[]
}
