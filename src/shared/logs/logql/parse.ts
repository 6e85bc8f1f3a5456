/**
 * A parser for the LogQL subset: stream selectors (`=`, `!=`, `=~`, `!~`), line filters (`|=`, `!=`, `|~`, `!~`),
 * `| json`, `| logfmt`, label filters (strings, numbers, durations; `and`, `or`, `,`, parentheses),
 * `count_over_time` and `rate` over a range, and `sum` with `by`/`without`. Errors name the position.
 */
import { AppError } from '../../errors'
import type { CompareOp, LabelFilterExpr, LogQuery, Matcher, MetricQuery, Query, Stage } from './ast'
import { parseDurationMs } from './durations'

type Tok =
  | { t: 'ident'; v: string; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'num'; v: string; at: number }
  | { t: 'dur'; v: string; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'end'; v: ''; at: number }

const OPS = ['|=', '|~', '!=', '!~', '=~', '==', '>=', '<=', '=', '>', '<', '|', '{', '}', '(', ')', '[', ']', ',']

export class LogQLError extends AppError {
  constructor(message: string, at: number) {
    super('VALIDATION', `query: ${message} (at character ${at + 1})`, 'query')
  }
}

function lex(src: string): Tok[] {
  const out: Tok[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++
      continue
    }
    if (c === '"') {
      let v = ''
      let j = i + 1
      for (; j < src.length && src[j] !== '"'; j++) {
        if (src[j] === '\\') {
          const n = src[++j]
          if (n === undefined) break
          v += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n
        } else v += src[j]
      }
      if (j >= src.length) throw new LogQLError('a string is not closed with "', i)
      out.push({ t: 'str', v, at: i })
      i = j + 1
      continue
    }
    if (c === '`') {
      const j = src.indexOf('`', i + 1)
      if (j < 0) throw new LogQLError('a string is not closed with `', i)
      out.push({ t: 'str', v: src.slice(i + 1, j), at: i })
      i = j + 1
      continue
    }
    const num = /^-?(\d+(\.\d+)?|\.\d+)((ns|us|µs|ms|s|m|h|d|w|y)(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d|w|y))*)?(?![\w.])/.exec(src.slice(i))
    if (num && (c !== '-' || /[\d.]/.test(src[i + 1] ?? ''))) {
      out.push({ t: num[3] ? 'dur' : 'num', v: num[0], at: i })
      i += num[0].length
      continue
    }
    const ident = /^[A-Za-z_][\w.]*/.exec(src.slice(i))
    if (ident) {
      out.push({ t: 'ident', v: ident[0], at: i })
      i += ident[0].length
      continue
    }
    const op = OPS.find((o) => src.startsWith(o, i))
    if (!op) throw new LogQLError(`unexpected ${JSON.stringify(c)}`, i)
    out.push({ t: 'op', v: op, at: i })
    i += op.length
  }
  out.push({ t: 'end', v: '', at: src.length })
  return out
}

const describe = (t: Tok): string => (t.t === 'end' ? 'the end of the query' : t.t === 'str' ? `the string "${t.v}"` : `"${t.v}"`)

class Parser {
  private i = 0
  constructor(private toks: Tok[]) {}

  private peek(k = 0): Tok {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)]!
  }
  private next(): Tok {
    return this.toks[Math.min(this.i++, this.toks.length - 1)]!
  }
  private isOp(v: string, k = 0): boolean {
    const t = this.peek(k)
    return t.t === 'op' && t.v === v
  }
  private isIdent(v: string, k = 0): boolean {
    const t = this.peek(k)
    return t.t === 'ident' && t.v === v
  }
  private expectOp(v: string, what = `"${v}"`): void {
    const t = this.next()
    if (t.t !== 'op' || t.v !== v) throw new LogQLError(`expected ${what}, found ${describe(t)}`, t.at)
  }
  private expectStr(what: string): string {
    const t = this.next()
    if (t.t !== 'str') throw new LogQLError(`expected ${what} in quotes, found ${describe(t)}`, t.at)
    return t.v
  }
  private expectIdent(what: string): string {
    const t = this.next()
    if (t.t !== 'ident') throw new LogQLError(`expected ${what}, found ${describe(t)}`, t.at)
    return t.v
  }

  query(): Query {
    const q = this.isOp('{') ? this.logQuery() : this.metric()
    const t = this.peek()
    if (t.t !== 'end') throw new LogQLError(`unexpected ${describe(t)}`, t.at)
    return q
  }

  private metric(): MetricQuery {
    const t = this.peek()
    if (t.t !== 'ident') throw new LogQLError(`a query starts with a stream selector {…} or a function, found ${describe(t)}`, t.at)
    if (t.v === 'sum') return this.sum()
    if (t.v === 'count_over_time' || t.v === 'rate') {
      this.next()
      this.expectOp('(')
      const query = this.logQuery()
      const open = this.peek()
      this.expectOp('[', `a range such as [5m] after the log query of ${t.v}`)
      const d = this.next()
      const ms = d.t === 'dur' ? parseDurationMs(d.v, 'range') : null
      if (ms === null || ms <= 0) throw new LogQLError(`expected a range such as 5m, found ${describe(d)}`, d.at)
      this.expectOp(']')
      this.expectOp(')')
      void open
      return { type: 'range', fn: t.v, query, rangeMs: ms }
    }
    throw new LogQLError(`unknown function ${t.v} (supported: count_over_time, rate, sum)`, t.at)
  }

  private grouping(): { mode: 'by' | 'without'; labels: string[] } | null {
    const t = this.peek()
    if (t.t !== 'ident' || (t.v !== 'by' && t.v !== 'without')) return null
    this.next()
    this.expectOp('(')
    const labels: string[] = []
    while (!this.isOp(')')) {
      labels.push(this.expectIdent('a label name'))
      if (!this.isOp(')')) this.expectOp(',', '"," or ")"')
    }
    this.expectOp(')')
    return { mode: t.v, labels }
  }

  private sum(): MetricQuery {
    this.next()
    let grouping = this.grouping()
    this.expectOp('(')
    const inner = this.metric()
    this.expectOp(')')
    const after = this.grouping()
    if (after) {
      if (grouping) throw new LogQLError('by/without is given twice', this.peek().at)
      grouping = after
    }
    return { type: 'sum', grouping, inner }
  }

  logQuery(): LogQuery {
    const matchers = this.selector()
    const stages: Stage[] = []
    for (;;) {
      const t = this.peek()
      if (t.t !== 'op') break
      if (t.v === '|=' || t.v === '!=' || t.v === '|~' || t.v === '!~') {
        this.next()
        const value = this.expectStr('the text to filter lines by')
        if (t.v === '|~' || t.v === '!~') checkRegex(value, t.at)
        stages.push({ kind: 'line', op: t.v, value })
        continue
      }
      if (t.v !== '|') break
      this.next()
      if (this.isIdent('json') || this.isIdent('logfmt')) {
        const p = this.next().v as 'json' | 'logfmt'
        stages.push({ kind: 'parser', parser: p })
        continue
      }
      stages.push({ kind: 'label', filter: this.labelOr() })
    }
    return { type: 'log', matchers, stages }
  }

  private selector(): Matcher[] {
    const open = this.peek()
    this.expectOp('{', 'a stream selector such as {service="api"}')
    const matchers: Matcher[] = []
    while (!this.isOp('}')) {
      matchers.push(this.matcher())
      if (!this.isOp('}')) this.expectOp(',', '"," or "}"')
    }
    this.expectOp('}')
    if (matchers.length === 0) throw new LogQLError('a stream selector needs at least one label matcher', open.at)
    if (matchers.every((m) => matchesEmpty(m)))
      throw new LogQLError('the stream selector must have at least one matcher that does not match the empty value', open.at)
    return matchers
  }

  private matcher(): Matcher {
    const label = this.expectIdent('a label name')
    const t = this.next()
    if (t.t !== 'op' || !['=', '!=', '=~', '!~'].includes(t.v)) throw new LogQLError(`expected =, !=, =~ or !~ after ${label}`, t.at)
    const value = this.expectStr(`the value of ${label}`)
    if (t.v === '=~' || t.v === '!~') checkRegex(value, t.at)
    return { label, op: t.v as Matcher['op'], value }
  }

  private labelOr(): LabelFilterExpr {
    let left = this.labelAnd()
    while (this.isIdent('or')) {
      this.next()
      left = { kind: 'or', left, right: this.labelAnd() }
    }
    return left
  }

  private labelAnd(): LabelFilterExpr {
    let left = this.labelAtom()
    while (this.isIdent('and') || this.isOp(',')) {
      this.next()
      left = { kind: 'and', left, right: this.labelAtom() }
    }
    return left
  }

  private labelAtom(): LabelFilterExpr {
    if (this.isOp('(')) {
      this.next()
      const e = this.labelOr()
      this.expectOp(')')
      return e
    }
    const label = this.expectIdent('a label filter such as status >= 500, a parser (json, logfmt) or a line filter')
    const opTok = this.next()
    if (opTok.t !== 'op') throw new LogQLError(`expected a comparison after ${label}`, opTok.at)
    const op = opTok.v
    const value = this.next()
    if (value.t === 'str') {
      if (op !== '=' && op !== '!=' && op !== '=~' && op !== '!~')
        throw new LogQLError(`${op} compares numbers or durations; use =, !=, =~ or !~ with a string`, opTok.at)
      if (op === '=~' || op === '!~') checkRegex(value.v, value.at)
      return { kind: 'match', matcher: { label, op, value: value.v } }
    }
    if (!['==', '!=', '>', '>=', '<', '<=', '='].includes(op)) throw new LogQLError(`expected a comparison after ${label}`, opTok.at)
    const cmp = (op === '=' ? '==' : op) as CompareOp
    if (value.t === 'num') return { kind: 'number', label, op: cmp, value: Number(value.v) }
    if (value.t === 'dur') return { kind: 'duration', label, op: cmp, seconds: parseDurationMs(value.v, 'go')! / 1000 }
    throw new LogQLError(`expected a string, number or duration after ${label} ${op}, found ${describe(value)}`, value.at)
  }
}

function checkRegex(source: string, at: number): void {
  try {
    compileRegex(source, false)
  } catch (err) {
    throw new LogQLError(`invalid regular expression ${JSON.stringify(source)}: ${(err as Error).message}`, at)
  }
}

/** RE2 inline flags at the start (`(?i)`, `(?s)`) become JavaScript flags; `anchored` wraps it in ^(?:…)$ as label matchers are. */
export function compileRegex(source: string, anchored: boolean): RegExp {
  let flags = 'u'
  let body = source
  const m = /^\(\?([imsU]+)\)/.exec(body)
  if (m) {
    for (const f of m[1]!) if (f === 'i' || f === 's' || f === 'm') flags += f
    body = body.slice(m[0].length)
  }
  return new RegExp(anchored ? `^(?:${body})$` : body, flags)
}

/** Whether a matcher accepts a label that is absent (empty). */
export function matchesEmpty(m: Matcher): boolean {
  switch (m.op) {
    case '=':
      return m.value === ''
    case '!=':
      return m.value !== ''
    case '=~':
      return compileRegex(m.value, true).test('')
    case '!~':
      return !compileRegex(m.value, true).test('')
  }
}

export function parseLogQL(src: string): Query {
  if (src.trim() === '') throw new LogQLError('the query is empty', 0)
  return new Parser(lex(src)).query()
}

/** A query written in LogQL (a stream selector or a function call), rather than plain words to search for. */
export const looksLikeLogQL = (src: string): boolean => /^\s*(\{|(sum|count_over_time|rate)\s*(\(|by\b|without\b))/.test(src)
