/**
 * A parser for the PromQL subset the built-in store answers: selectors with matchers and offset, range selectors,
 * function calls, aggregations with by/without (before or after the arguments), binary operators with PromQL's
 * precedence, bool, on/ignoring and group_left/group_right, parentheses, unary signs and subqueries ([5m:1m]).
 * Anything else (@, unknown functions) is refused with a message naming it.
 */
import {
  AGGREGATIONS,
  DEFAULT_SUBQUERY_STEP_MS,
  isRange,
  type AggregateOp,
  type BinaryOp,
  type Expr,
  type LabelMatcher,
  type VectorMatching,
  type VectorSelector
} from './ast'
import { FUNCTIONS } from './functions'
import { parseDuration, PromQLError, tokenize, type Token } from './lexer'

const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '>': 3,
  '<': 3,
  '>=': 3,
  '<=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  atan2: 5,
  '^': 6
}
const COMPARISON = new Set(['==', '!=', '>', '<', '>=', '<='])
const SET_OPS = new Set(['and', 'or', 'unless'])
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'and', 'or', 'unless', 'atan2'])

export function parse(query: string): Expr {
  const p = new Parser(tokenize(query))
  const e = p.expr(0)
  p.expectEnd()
  return e
}

class Parser {
  private i = 0
  constructor(private tokens: Token[]) {}

  private peek(o = 0): Token {
    return this.tokens[Math.min(this.i + o, this.tokens.length - 1)]!
  }
  private next(): Token {
    return this.tokens[this.i++]!
  }
  private isOp(text: string, o = 0): boolean {
    const t = this.peek(o)
    return t.kind === 'op' && t.text === text
  }
  private isWord(word: string, o = 0): boolean {
    const t = this.peek(o)
    return t.kind === 'ident' && t.text.toLowerCase() === word
  }
  private expectOp(text: string): Token {
    const t = this.next()
    if (t.kind !== 'op' || t.text !== text) throw new PromQLError(`expected "${text}" but found ${describe(t)}`, t.pos)
    return t
  }
  expectEnd(): void {
    const t = this.peek()
    if (t.kind !== 'eof') throw new PromQLError(`unexpected ${describe(t)}`, t.pos)
  }

  private binaryOp(): string | null {
    const t = this.peek()
    if (t.kind === 'op' && t.text in PRECEDENCE) return t.text
    if (t.kind === 'ident' && ['and', 'or', 'unless', 'atan2'].includes(t.text.toLowerCase())) return t.text.toLowerCase()
    return null
  }

  expr(minPrec: number): Expr {
    let lhs = this.unary()
    for (;;) {
      const op = this.binaryOp()
      if (!op) return lhs
      const prec = PRECEDENCE[op]!
      if (prec < minPrec) return lhs
      this.next()
      let bool = false
      if (this.isWord('bool')) {
        if (!COMPARISON.has(op)) throw new PromQLError('bool is only for comparison operators', this.peek().pos)
        this.next()
        bool = true
      }
      const matching = this.matching(op)
      // ^ is right-associative, the others left-associative
      const rhs = this.expr(op === '^' ? prec : prec + 1)
      lhs = this.binary(op as BinaryOp, lhs, rhs, bool, matching)
    }
  }

  private binary(op: BinaryOp, lhs: Expr, rhs: Expr, bool: boolean, matching: VectorMatching | null): Expr {
    const scalarL = isScalarExpr(lhs)
    const scalarR = isScalarExpr(rhs)
    if (COMPARISON.has(op) && scalarL && scalarR && !bool) throw new PromQLError('comparisons between scalars must use bool')
    if (SET_OPS.has(op) && (scalarL || scalarR)) throw new PromQLError(`set operator ${op} needs instant vectors on both sides`)
    if (matching && (scalarL || scalarR)) throw new PromQLError('vector matching (on/ignoring) needs instant vectors on both sides')
    return { kind: 'binary', op, lhs, rhs, bool, matching }
  }

  private matching(op: string): VectorMatching | null {
    if (!this.isWord('on') && !this.isWord('ignoring')) {
      return SET_OPS.has(op) ? { on: false, labels: [], card: 'many-to-many', include: [] } : null
    }
    const on = this.next().text.toLowerCase() === 'on'
    const labels = this.labelList()
    let card: VectorMatching['card'] = 'one-to-one'
    let include: string[] = []
    if (this.isWord('group_left') || this.isWord('group_right')) {
      if (SET_OPS.has(op)) throw new PromQLError(`no grouping allowed for ${op}`, this.peek().pos)
      card = this.next().text.toLowerCase() === 'group_left' ? 'many-to-one' : 'one-to-many'
      if (this.isOp('(')) include = this.labelList()
    }
    return { on, labels, card: SET_OPS.has(op) ? 'many-to-many' : card, include }
  }

  private labelList(): string[] {
    this.expectOp('(')
    const out: string[] = []
    while (!this.isOp(')')) {
      const t = this.next()
      if (t.kind !== 'ident' && t.kind !== 'string') throw new PromQLError(`expected a label name but found ${describe(t)}`, t.pos)
      out.push(t.text)
      if (!this.isOp(',')) break
      this.next()
    }
    this.expectOp(')')
    return out
  }

  /** A sign binds tighter than * but looser than ^ (-2^2 = -4). */
  private unary(): Expr {
    if (this.isOp('-') || this.isOp('+')) {
      const op = this.next().text as '-' | '+'
      const e = this.expr(PRECEDENCE['^']!)
      if (e.kind === 'number') return { kind: 'number', value: op === '-' ? -e.value : e.value }
      return { kind: 'unary', op, expr: e }
    }
    return this.postfix(this.primary())
  }

  /** Range and offset after a selector (or a parenthesised selector). */
  private postfix(e: Expr): Expr {
    let out = e
    if (this.isOp('[')) {
      const open = this.next()
      const inner = out.kind === 'paren' ? out.expr : out
      const rangeMs = this.durationOrSeconds()
      if (rangeMs <= 0) throw new PromQLError('a range must be positive', open.pos)
      if (this.isOp(':')) {
        this.next()
        const stepMs = this.isOp(']') ? DEFAULT_SUBQUERY_STEP_MS : this.durationOrSeconds()
        if (stepMs <= 0) throw new PromQLError('a subquery step must be positive', open.pos)
        this.expectOp(']')
        if (isRange(inner)) throw new PromQLError('a subquery needs an instant vector or scalar inside, not a range', open.pos)
        out = { kind: 'subquery', expr: inner, rangeMs, stepMs, offsetMs: 0 }
      } else {
        if (inner.kind !== 'vector')
          throw new PromQLError('ranges ([5m]) only follow a metric selector; use a subquery ([5m:1m]) for expressions', open.pos)
        this.expectOp(']')
        out = { kind: 'matrix', vector: { ...inner }, rangeMs }
      }
    }
    if (this.isWord('offset')) {
      this.next()
      let sign = 1
      if (this.isOp('-')) {
        this.next()
        sign = -1
      }
      const ms = sign * this.durationOrSeconds()
      if (out.kind === 'vector') out = { ...out, offsetMs: ms }
      else if (out.kind === 'matrix') out = { ...out, vector: { ...out.vector, offsetMs: ms } }
      else if (out.kind === 'subquery') out = { ...out, offsetMs: ms }
      else throw new PromQLError('offset only follows a selector or a subquery')
    }
    if (this.isOp('@')) throw new PromQLError('the @ modifier is not supported by the built-in store', this.peek().pos)
    return out
  }

  private durationOrSeconds(): number {
    const t = this.next()
    if (t.kind === 'duration') return t.value
    if (t.kind === 'number' && Number.isFinite(t.value)) return Math.round(t.value * 1000)
    throw new PromQLError(`expected a duration (e.g. 5m) but found ${describe(t)}`, t.pos)
  }

  private primary(): Expr {
    const t = this.peek()
    if (t.kind === 'number') {
      this.next()
      return { kind: 'number', value: t.value }
    }
    if (t.kind === 'string') {
      this.next()
      return { kind: 'string', value: t.text }
    }
    if (t.kind === 'op' && t.text === '(') {
      this.next()
      const e = this.expr(0)
      this.expectOp(')')
      return { kind: 'paren', expr: e }
    }
    if (t.kind === 'op' && t.text === '{') return this.selector(null, t.pos)
    if (t.kind === 'ident') {
      const word = t.text.toLowerCase()
      if ((AGGREGATIONS as readonly string[]).includes(word) && (this.isOp('(', 1) || this.isWord('by', 1) || this.isWord('without', 1)))
        return this.aggregate(word as AggregateOp)
      if (this.isOp('(', 1)) return this.call()
      if (KEYWORDS.has(word)) throw new PromQLError(`unexpected keyword "${t.text}"`, t.pos)
      this.next()
      return this.selector(t.text, t.pos)
    }
    throw new PromQLError(`unexpected ${describe(t)}`, t.pos)
  }

  private selector(name: string | null, pos: number): VectorSelector {
    const matchers: LabelMatcher[] = []
    if (this.isOp('{')) {
      this.next()
      while (!this.isOp('}')) {
        const l = this.next()
        if (l.kind !== 'ident' && l.kind !== 'string') throw new PromQLError(`expected a label name but found ${describe(l)}`, l.pos)
        const op = this.next()
        if (op.kind !== 'op' || !['=', '!=', '=~', '!~'].includes(op.text))
          throw new PromQLError(`expected =, !=, =~ or !~ after ${l.text} but found ${describe(op)}`, op.pos)
        const v = this.next()
        if (v.kind !== 'string') throw new PromQLError(`label values are quoted strings, found ${describe(v)}`, v.pos)
        if (op.text === '=~' || op.text === '!~') compileRegex(v.text, v.pos)
        matchers.push({ name: l.text, op: op.text as LabelMatcher['op'], value: v.text })
        if (!this.isOp(',')) break
        this.next()
      }
      this.expectOp('}')
    }
    if (name === null) {
      const nameMatcher = matchers.find((m) => m.name === '__name__' && m.op === '=')
      if (!matchers.some((m) => !matchesEmpty(m)))
        throw new PromQLError('a selector needs a metric name or a matcher that does not match the empty string', pos)
      return { kind: 'vector', name: nameMatcher?.value ?? null, matchers, offsetMs: 0 }
    }
    return { kind: 'vector', name, matchers, offsetMs: 0 }
  }

  private call(): Expr {
    const t = this.next()
    const name = t.text
    const def = FUNCTIONS[name]
    if (!def) throw new PromQLError(`function ${name}() is not supported by the built-in store`, t.pos)
    this.expectOp('(')
    const args: Expr[] = []
    while (!this.isOp(')')) {
      args.push(this.expr(0))
      if (!this.isOp(',')) break
      this.next()
    }
    this.expectOp(')')
    const [min, max] = def.arity
    if (args.length < min || args.length > max)
      throw new PromQLError(
        `${name}() takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, got ${args.length}`,
        t.pos
      )
    def.args.forEach((kind, i) => {
      const a = args[i]
      if (!a) return
      const inner = a.kind === 'paren' ? a.expr : a
      if (kind === 'matrix' && !isRange(inner))
        throw new PromQLError(`${name}() expects a range vector (e.g. x[5m]) as argument ${i + 1}`, t.pos)
      if (kind !== 'matrix' && isRange(inner)) throw new PromQLError(`${name}() does not take a range vector as argument ${i + 1}`, t.pos)
    })
    return { kind: 'call', func: name, args: args.map((a) => (a.kind === 'paren' && isRange(a.expr) ? a.expr : a)) }
  }

  private aggregate(op: AggregateOp): Expr {
    const t = this.next()
    let by = false
    let labels: string[] = []
    let grouped = false
    const grouping = (): void => {
      by = this.next().text.toLowerCase() === 'by'
      labels = this.labelList()
      grouped = true
    }
    if (this.isWord('by') || this.isWord('without')) grouping()
    this.expectOp('(')
    const args: Expr[] = []
    while (!this.isOp(')')) {
      args.push(this.expr(0))
      if (!this.isOp(',')) break
      this.next()
    }
    this.expectOp(')')
    if (!grouped && (this.isWord('by') || this.isWord('without'))) grouping()
    const needsParam = op === 'topk' || op === 'bottomk' || op === 'quantile'
    if (args.length !== (needsParam ? 2 : 1))
      throw new PromQLError(`${op}() takes ${needsParam ? 2 : 1} argument(s), got ${args.length}`, t.pos)
    const expr = args[args.length - 1]!
    if (isRange(expr)) throw new PromQLError(`${op}() aggregates instant vectors, not ranges`, t.pos)
    return { kind: 'aggregate', op, by: grouped ? by : true, labels: grouped ? labels : [], param: needsParam ? args[0]! : null, expr }
  }
}

function describe(t: Token): string {
  return t.kind === 'eof' ? 'the end of the query' : `"${t.text}"`
}

function matchesEmpty(m: LabelMatcher): boolean {
  switch (m.op) {
    case '=':
      return m.value === ''
    case '!=':
      return m.value !== ''
    case '=~':
      return compileRegex(m.value).test('')
    case '!~':
      return !compileRegex(m.value).test('')
  }
}

const regexCache = new Map<string, RegExp>()
/** PromQL regexes are fully anchored RE2; JavaScript's engine accepts the common subset. */
export function compileRegex(source: string, pos: number | null = null): RegExp {
  let re = regexCache.get(source)
  if (!re) {
    try {
      re = new RegExp(`^(?:${source})$`, 's')
    } catch (err) {
      throw new PromQLError(`bad regular expression "${source}": ${(err as Error).message}`, pos)
    }
    if (regexCache.size > 500) regexCache.clear()
    regexCache.set(source, re)
  }
  return re
}

/** An expression whose value is a scalar (numbers, time(), scalar(), arithmetic of those). */
export function isScalarExpr(e: Expr): boolean {
  switch (e.kind) {
    case 'number':
      return true
    case 'paren':
    case 'unary':
      return isScalarExpr(e.expr)
    case 'binary':
      return isScalarExpr(e.lhs) && isScalarExpr(e.rhs)
    case 'call':
      return FUNCTIONS[e.func]?.returns === 'scalar'
    default:
      return false
  }
}

export { parseDuration, PromQLError }
