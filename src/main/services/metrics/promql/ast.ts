/** The syntax tree of the PromQL subset the built-in store answers (see parser.ts for what it accepts). */

export type MatchOp = '=' | '!=' | '=~' | '!~'

export interface LabelMatcher {
  name: string
  op: MatchOp
  value: string
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | '==' | '!=' | '>' | '<' | '>=' | '<=' | 'and' | 'or' | 'unless' | 'atan2'

export const AGGREGATIONS = ['sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile'] as const
export type AggregateOp = (typeof AGGREGATIONS)[number]

export interface VectorMatching {
  /** on(...) when true, ignoring(...) when false. */
  on: boolean
  labels: string[]
  /** group_left / group_right: which side may have many series per match; set operators match many to many. */
  card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many'
  /** Extra labels copied from the "one" side (group_left(a, b)). */
  include: string[]
}

export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'vector'; name: string | null; matchers: LabelMatcher[]; offsetMs: number }
  | { kind: 'matrix'; vector: Extract<Expr, { kind: 'vector' }>; rangeMs: number }
  /** expr[range:step] offset: the expression at every multiple of step in [t − offset − range, t − offset]. */
  | { kind: 'subquery'; expr: Expr; rangeMs: number; stepMs: number; offsetMs: number }
  | { kind: 'call'; func: string; args: Expr[] }
  | { kind: 'aggregate'; op: AggregateOp; by: boolean; labels: string[]; param: Expr | null; expr: Expr }
  | { kind: 'binary'; op: BinaryOp; lhs: Expr; rhs: Expr; bool: boolean; matching: VectorMatching | null }
  | { kind: 'unary'; op: '-' | '+'; expr: Expr }
  | { kind: 'paren'; expr: Expr }

export type VectorSelector = Extract<Expr, { kind: 'vector' }>

/** A range vector: a range selector or a subquery. */
export const isRange = (e: Expr): boolean => e.kind === 'matrix' || e.kind === 'subquery'

/** Prometheus' default subquery step (its default evaluation interval) when `[range:]` gives none. */
export const DEFAULT_SUBQUERY_STEP_MS = 60_000

/** Every vector selector in an expression (to fetch their series once per query). */
export function selectorsOf(e: Expr, out: VectorSelector[] = []): VectorSelector[] {
  switch (e.kind) {
    case 'vector':
      out.push(e)
      break
    case 'matrix':
      out.push(e.vector)
      break
    case 'call':
      e.args.forEach((a) => selectorsOf(a, out))
      break
    case 'aggregate':
      if (e.param) selectorsOf(e.param, out)
      selectorsOf(e.expr, out)
      break
    case 'binary':
      selectorsOf(e.lhs, out)
      selectorsOf(e.rhs, out)
      break
    case 'unary':
    case 'paren':
    case 'subquery':
      selectorsOf(e.expr, out)
      break
  }
  return out
}

/** The longest look back an expression needs at one evaluation time (range + offset), in ms. */
export function lookbackOf(e: Expr, lookbackMs: number): number {
  switch (e.kind) {
    case 'vector':
      return lookbackMs + Math.max(0, e.offsetMs)
    case 'matrix':
      return e.rangeMs + Math.max(0, e.vector.offsetMs)
    case 'call':
      return Math.max(0, ...e.args.map((a) => lookbackOf(a, lookbackMs)))
    case 'aggregate':
      return Math.max(lookbackOf(e.expr, lookbackMs), e.param ? lookbackOf(e.param, lookbackMs) : 0)
    case 'binary':
      return Math.max(lookbackOf(e.lhs, lookbackMs), lookbackOf(e.rhs, lookbackMs))
    case 'unary':
    case 'paren':
      return lookbackOf(e.expr, lookbackMs)
    case 'subquery':
      return e.rangeMs + Math.max(0, e.offsetMs) + lookbackOf(e.expr, lookbackMs)
    default:
      return 0
  }
}
