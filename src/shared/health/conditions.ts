// Gatus-style conditions, e.g. "[STATUS] == 200", "[BODY].services.db.status == pass",
// "len([BODY].items) > 0", "[CERTIFICATE_EXPIRATION] > 72h", "[BODY] == pat(*ok*)", "[STATUS] == any(200, 204)".
// Pure: parsing and evaluation only (no Node imports).
import type { ConditionResult } from './types'
import { formatDuration, parseDuration } from './format'

export const PLACEHOLDERS = ['STATUS', 'RESPONSE_TIME', 'BODY', 'CERTIFICATE_EXPIRATION', 'CONNECTED'] as const
type Placeholder = (typeof PLACEHOLDERS)[number]
const OPERATORS = ['==', '!=', '<=', '>=', '<', '>'] as const
type Operator = (typeof OPERATORS)[number]
type PathSegment = string | number

interface Scalar {
  text: string
  num?: number
  durationMs?: number
}
type RightSide = { kind: 'scalar'; value: Scalar } | { kind: 'pattern'; regex: RegExp } | { kind: 'any'; values: Scalar[] }

export interface ParsedCondition {
  source: string
  fn?: 'len' | 'has'
  placeholder: Placeholder
  path: PathSegment[]
  op: Operator
  right: RightSide
}

export class ConditionSyntaxError extends Error {
  override name = 'ConditionSyntaxError'
}

/** Parses all conditions; throws ConditionSyntaxError("condition 2: unknown placeholder [FOO]"). */
export function parseConditions(list: readonly string[]): ParsedCondition[] {
  return list.map((text, i) => parseCondition(text, i + 1))
}

export function parseCondition(source: string, number = 1): ParsedCondition {
  const fail = (msg: string): never => {
    throw new ConditionSyntaxError(`condition ${number}: ${msg}`)
  }
  const text = source.trim()
  if (text === '') fail('is empty')
  const found = findOperator(text)
  if (!found) return fail(`missing operator (one of ${OPERATORS.join(' ')}) in "${text}"`)
  const leftText = text.slice(0, found.at).trim()
  const rightText = text.slice(found.at + found.op.length).trim()
  if (leftText === '') fail(`missing placeholder before '${found.op}'`)
  if (rightText === '') fail(`missing value after '${found.op}'`)

  const left = parseLeft(leftText, fail)
  const right = parseRight(rightText, fail)
  const ordering = found.op !== '==' && found.op !== '!='
  if (ordering && (right.kind !== 'scalar' || (right.value.num === undefined && right.value.durationMs === undefined))) {
    fail(`'${found.op}' needs a number or duration on the right, got ${rightText}`)
  }
  return { source, ...left, op: found.op, right }
}

/** True when a condition reads a JSON path of the body (so the body must parse as JSON). */
export const conditionsNeedJson = (parsed: readonly ParsedCondition[]): boolean =>
  parsed.some((c) => c.placeholder === 'BODY' && c.path.length > 0)

export const conditionsUse = (parsed: readonly ParsedCondition[], placeholder: Placeholder): boolean =>
  parsed.some((c) => c.placeholder === placeholder)

// ---- evaluation ----

export type JsonBody = { ok: true; value: unknown } | { ok: false; error: string }

export interface ConditionContext {
  statusCode?: number
  responseTimeMs: number
  bodyText?: string
  json?: JsonBody
  certExpiresAt?: number
  connected: boolean
  /** Wall clock (epoch ms) for [CERTIFICATE_EXPIRATION]. */
  now: number
}

type Resolved = { missing: string } | { value: unknown; duration?: boolean }

export function evaluateConditions(parsed: readonly ParsedCondition[], ctx: ConditionContext): ConditionResult[] {
  return parsed.map((c) => {
    const resolved = resolveLeft(c, ctx)
    if ('missing' in resolved) return { condition: c.source, ok: false, actual: resolved.missing }
    return { condition: c.source, ok: compare(c.op, resolved, c.right), actual: display(resolved) }
  })
}

function resolveLeft(c: ParsedCondition, ctx: ConditionContext): Resolved {
  const base = resolvePlaceholder(c, ctx)
  if (c.fn === 'has') return { value: !('missing' in base) }
  if (c.fn === 'len') {
    if ('missing' in base) return base
    const v = base.value
    if (typeof v === 'string' || Array.isArray(v)) return { value: v.length }
    if (v !== null && typeof v === 'object') return { value: Object.keys(v).length }
    return { missing: `(len of ${typeof v})` }
  }
  return base
}

function resolvePlaceholder(c: ParsedCondition, ctx: ConditionContext): Resolved {
  switch (c.placeholder) {
    case 'STATUS':
      return ctx.statusCode === undefined ? { missing: '(no response)' } : { value: ctx.statusCode }
    case 'RESPONSE_TIME':
      return { value: Math.round(ctx.responseTimeMs), duration: true }
    case 'CONNECTED':
      return { value: ctx.connected }
    case 'CERTIFICATE_EXPIRATION':
      return ctx.certExpiresAt === undefined ? { missing: '(no certificate)' } : { value: ctx.certExpiresAt - ctx.now, duration: true }
    case 'BODY':
      if (c.path.length === 0) return ctx.bodyText === undefined ? { missing: '(no body)' } : { value: ctx.bodyText }
      if (!ctx.json) return { missing: '(no body)' }
      if (!ctx.json.ok) return { missing: '(body is not valid JSON)' }
      return walkPath(ctx.json.value, c.path)
  }
}

function walkPath(root: unknown, path: PathSegment[]): Resolved {
  let node = root
  for (const seg of path) {
    if (typeof seg === 'number' ? !Array.isArray(node) : node === null || typeof node !== 'object' || Array.isArray(node))
      return { missing: '(missing)' }
    const container = node as Record<string | number, unknown>
    if (!Object.hasOwn(container, seg)) return { missing: '(missing)' }
    node = container[seg]
  }
  return { value: node }
}

function compare(op: Operator, left: { value: unknown; duration?: boolean }, right: RightSide): boolean {
  if (right.kind === 'pattern') return right.regex.test(asText(left.value)) === (op === '==')
  if (right.kind === 'any') return right.values.some((v) => equals(left, v)) === (op === '==')
  if (op === '==') return equals(left, right.value)
  if (op === '!=') return !equals(left, right.value)
  const a = asNumber(left.value)
  const b = rightNumber(left, right.value)
  if (a === undefined || b === undefined) return false
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b
}

function equals(left: { value: unknown; duration?: boolean }, right: Scalar): boolean {
  const a = asNumber(left.value)
  const b = rightNumber(left, right)
  if (a !== undefined && b !== undefined) return a === b
  return asText(left.value) === right.text
}

// Durations placeholders read plain numbers as ms; other values read durations as ms too.
const rightNumber = (left: { duration?: boolean }, right: Scalar): number | undefined =>
  left.duration ? (right.durationMs ?? right.num) : (right.num ?? right.durationMs)

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v === 'string' && NUMBER_RE.test(v.trim())) return Number(v)
  return undefined
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v))

function display(r: { value: unknown; duration?: boolean }): string {
  if (r.duration && typeof r.value === 'number') return r.value < 1000 && r.value >= 0 ? `${r.value}ms` : formatDuration(r.value)
  const text = asText(r.value)
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}

// ---- parsing helpers ----

const NUMBER_RE = /^-?\d+(?:\.\d+)?$/

/** First operator outside brackets, parentheses and quotes. */
function findOperator(text: string): { at: number; op: Operator } | undefined {
  let depth = 0
  let quote = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quote) {
      if (ch === quote) quote = ''
      continue
    }
    if (ch === '"' || ch === "'") quote = ch
    else if (ch === '[' || ch === '(') depth++
    else if (ch === ']' || ch === ')') depth--
    else if (depth === 0) {
      const op = OPERATORS.find((o) => text.startsWith(o, i))
      if (op) return { at: i, op }
    }
  }
  return undefined
}

function parseLeft(text: string, fail: (msg: string) => never): Pick<ParsedCondition, 'fn' | 'placeholder' | 'path'> {
  const call = /^(\w+)\((.*)\)$/s.exec(text)
  if (call) {
    const fn = call[1]!.toLowerCase()
    if (fn !== 'len' && fn !== 'has') return fail(`unknown function ${call[1]}() (use len() or has())`)
    const inner = parseLeft(call[2]!.trim(), fail)
    if (inner.fn) fail(`${fn}() cannot wrap another function`)
    return { ...inner, fn }
  }
  const ph = /^\[([A-Za-z_]+)\](.*)$/s.exec(text)
  if (!ph) return fail(`left side must be a placeholder such as [STATUS] or [BODY].path, got ${text}`)
  const name = ph[1]!.toUpperCase()
  if (!(PLACEHOLDERS as readonly string[]).includes(name)) return fail(`unknown placeholder [${ph[1]}]`)
  const placeholder = name as Placeholder
  const pathText = ph[2]!.trim()
  if (pathText !== '' && placeholder !== 'BODY') fail(`only [BODY] takes a path, got [${name}]${pathText}`)
  return { placeholder, path: parsePath(pathText, fail) }
}

/** ".a.b[0].c" → ["a", "b", 0, "c"]. */
function parsePath(text: string, fail: (msg: string) => never): PathSegment[] {
  const path: PathSegment[] = []
  const re = /\.([^.[\]\s]+)|\[(\d+)\]/y
  while (re.lastIndex < text.length) {
    const at = re.lastIndex
    const m = re.exec(text)
    if (!m) return fail(`cannot read path ${text} at "${text.slice(at)}" (use .name or [index])`)
    path.push(m[1] !== undefined ? m[1] : Number(m[2]))
  }
  return path
}

function parseRight(text: string, fail: (msg: string) => never): RightSide {
  const call = /^(pat|any)\((.*)\)$/is.exec(text)
  if (call) {
    const body = call[2]!.trim()
    if (call[1]!.toLowerCase() === 'pat') return { kind: 'pattern', regex: wildcard(unquote(body)) }
    const items = splitList(body).map((s) => s.trim())
    if (items.length === 0 || items.some((s) => s === '')) fail(`any() needs comma-separated values, got ${text}`)
    return { kind: 'any', values: items.map(parseScalar) }
  }
  return { kind: 'scalar', value: parseScalar(text) }
}

function parseScalar(text: string): Scalar {
  if (/^(["']).*\1$/s.test(text) && text.length >= 2) return { text: text.slice(1, -1) }
  if (NUMBER_RE.test(text)) return { text, num: Number(text) }
  const durationMs = parseDuration(text)
  return durationMs === undefined ? { text } : { text, durationMs }
}

const unquote = (s: string): string => (/^(["']).*\1$/s.test(s) && s.length >= 2 ? s.slice(1, -1) : s)

function splitList(text: string): string[] {
  if (text === '') return []
  const out: string[] = []
  let quote = ''
  let current = ''
  for (const ch of text) {
    if (quote) quote = ch === quote ? '' : quote
    else if (ch === '"' || ch === "'") quote = ch
    else if (ch === ',') {
      out.push(current)
      current = ''
      continue
    }
    current += ch
  }
  out.push(current)
  return out
}

/** "*ok*" → /^.*ok.*$/s (only * is special). */
const wildcard = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's'
  )
