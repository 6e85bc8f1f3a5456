/** The LogQL subset the console understands, as a syntax tree (see docs/logs.md for the grammar). */

export type MatchOp = '=' | '!=' | '=~' | '!~'
export type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<='

export interface Matcher {
  label: string
  op: MatchOp
  value: string
}

export type LineFilterOp = '|=' | '!=' | '|~' | '!~'

export type Stage =
  | { kind: 'line'; op: LineFilterOp; value: string }
  | { kind: 'parser'; parser: 'json' | 'logfmt' }
  | { kind: 'label'; filter: LabelFilterExpr }

export type LabelFilterExpr =
  | { kind: 'match'; matcher: Matcher }
  | { kind: 'number'; label: string; op: CompareOp; value: number }
  /** A duration in seconds, compared with the label's value read as a Go duration ("1.5s", "300ms"). */
  | { kind: 'duration'; label: string; op: CompareOp; seconds: number }
  | { kind: 'and' | 'or'; left: LabelFilterExpr; right: LabelFilterExpr }

export interface LogQuery {
  type: 'log'
  matchers: Matcher[]
  stages: Stage[]
}

export interface RangeQuery {
  type: 'range'
  fn: 'count_over_time' | 'rate'
  query: LogQuery
  rangeMs: number
}

export interface SumQuery {
  type: 'sum'
  /** 'by': keep only these labels; 'without': drop them. */
  grouping: { mode: 'by' | 'without'; labels: string[] } | null
  inner: MetricQuery
}

export type MetricQuery = RangeQuery | SumQuery
export type Query = LogQuery | MetricQuery

/** The innermost log query of any query. */
export const logQueryOf = (q: Query): LogQuery => (q.type === 'log' ? q : q.type === 'range' ? q.query : logQueryOf(q.inner))
