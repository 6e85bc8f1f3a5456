/**
 * MLflow-style search over runs and versions: `metrics.accuracy > 0.9 and params.max_depth = "6"`.
 * Clauses joined by AND (any case); an identifier is `metrics.<key>`, `params.<key>`, `tags.<key>` or an attribute
 * (`name`, `status`, `stage`, `experiment`); keys with spaces or dots in backticks: metrics.`val loss`.
 * Operators: > >= < <= = != and LIKE / ILIKE (% any run of characters, _ one character) for text.
 */
export type SearchField = { kind: 'metrics' | 'params' | 'tags'; key: string } | { kind: 'attribute'; key: Attribute }
export type SearchOp = '>' | '>=' | '<' | '<=' | '=' | '!=' | 'like' | 'ilike'
export interface SearchClause {
  field: SearchField
  op: SearchOp
  value: number | string
}
export const ATTRIBUTES = ['name', 'status', 'stage', 'experiment'] as const
type Attribute = (typeof ATTRIBUTES)[number]

/** What a search is checked against: latest metric values, params, tags and the attributes. */
export interface Searchable {
  metrics: Record<string, number | null>
  params: Record<string, string>
  tags: Record<string, string>
  attributes: Partial<Record<Attribute, string>>
}

export class SearchSyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SearchSyntaxError'
  }
}

const TOKEN =
  /\s*(?:(`[^`]*`)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(>=|<=|!=|<>|==|=|>|<)|(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?(?![\w.]))|([A-Za-z_][\w-]*)|(\.)|(\S))/iy

type Token = { t: 'ident' | 'quoted' | 'string' | 'op' | 'number' | 'dot'; v: string }

function tokenize(text: string): Token[] {
  const out: Token[] = []
  TOKEN.lastIndex = 0
  let m: RegExpExecArray | null
  while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text))) {
    if (m[1] !== undefined) out.push({ t: 'quoted', v: m[1].slice(1, -1) })
    else if (m[2] !== undefined) out.push({ t: 'string', v: m[2].slice(1, -1).replace(/\\(.)/g, '$1') })
    else if (m[3] !== undefined) out.push({ t: 'op', v: m[3] === '==' ? '=' : m[3] === '<>' ? '!=' : m[3] })
    else if (m[4] !== undefined) out.push({ t: 'number', v: m[4] })
    else if (m[5] !== undefined) out.push({ t: 'ident', v: m[5] })
    else if (m[6] !== undefined) out.push({ t: 'dot', v: '.' })
    else if (m[7] !== undefined) throw new SearchSyntaxError(`unexpected “${m[7]}”`)
    if (m[0].trim() === '') break
  }
  return out
}

const KINDS: Record<string, 'metrics' | 'params' | 'tags'> = {
  metrics: 'metrics',
  metric: 'metrics',
  params: 'params',
  param: 'params',
  parameters: 'params',
  tags: 'tags',
  tag: 'tags'
}

/** Parses a search; an empty text is no filter. Throws SearchSyntaxError with a readable message. */
export function parseSearch(text: string): SearchClause[] {
  const tokens = tokenize(text.trim())
  const clauses: SearchClause[] = []
  let i = 0
  const peek = (): Token | undefined => tokens[i]
  const next = (what: string): Token => {
    const t = tokens[i++]
    if (!t) throw new SearchSyntaxError(`expected ${what} at the end`)
    return t
  }
  while (i < tokens.length) {
    if (clauses.length) {
      const and = next('AND')
      if (and.t !== 'ident' || and.v.toLowerCase() !== 'and')
        throw new SearchSyntaxError(`expected AND between conditions, found “${and.v}” (OR is not supported)`)
    }
    const head = next('a field such as metrics.accuracy')
    if (head.t !== 'ident' && head.t !== 'quoted')
      throw new SearchSyntaxError(`expected a field such as metrics.accuracy, found “${head.v}”`)
    let field: SearchField
    const kind = KINDS[head.v.toLowerCase()]
    if (kind && peek()?.t === 'dot') {
      i++
      const key = next(`a ${kind} name after “${head.v}.”`)
      if (key.t !== 'ident' && key.t !== 'quoted' && key.t !== 'number')
        throw new SearchSyntaxError(`expected a ${kind} name after “${head.v}.”`)
      // dotted keys without backticks (tags.mlflow.runName): join the parts
      let name = key.v
      while (peek()?.t === 'dot' && tokens[i + 1] && tokens[i + 1]!.t === 'ident') {
        name += `.${tokens[i + 1]!.v}`
        i += 2
      }
      field = { kind, key: name }
    } else {
      const attr = head.v.toLowerCase().replace(/^attributes?\./, '')
      const named = attr === 'run_name' ? 'name' : attr
      if (head.v.toLowerCase().startsWith('attribute') && peek()?.t === 'dot') {
        i++
        const a = next('an attribute name').v.toLowerCase()
        if (!(ATTRIBUTES as readonly string[]).includes(a === 'run_name' ? 'name' : a))
          throw new SearchSyntaxError(`unknown attribute “${a}”: use ${ATTRIBUTES.join(', ')}`)
        field = { kind: 'attribute', key: (a === 'run_name' ? 'name' : a) as Attribute }
      } else if ((ATTRIBUTES as readonly string[]).includes(named)) field = { kind: 'attribute', key: named as Attribute }
      else throw new SearchSyntaxError(`unknown field “${head.v}”: start with metrics., params. or tags. (or use ${ATTRIBUTES.join(', ')})`)
    }
    const opTok = next('an operator such as > or =')
    let op: SearchOp
    if (opTok.t === 'op') op = opTok.v as SearchOp
    else if (opTok.t === 'ident' && ['like', 'ilike'].includes(opTok.v.toLowerCase())) op = opTok.v.toLowerCase() as SearchOp
    else throw new SearchSyntaxError(`expected an operator (> >= < <= = != LIKE) after ${describe(field)}, found “${opTok.v}”`)
    const valTok = next(`a value after ${describe(field)} ${op.toUpperCase()}`)
    let value: number | string
    if (valTok.t === 'number') value = Number(valTok.v)
    else if (valTok.t === 'string') value = valTok.v
    else
      throw new SearchSyntaxError(`expected a number or a "quoted text" after ${describe(field)} ${op.toUpperCase()}, found “${valTok.v}”`)
    if (field.kind === 'metrics' && typeof value !== 'number') throw new SearchSyntaxError(`${describe(field)} is compared with a number`)
    if ((op === 'like' || op === 'ilike') && typeof value !== 'string') throw new SearchSyntaxError(`LIKE takes a "quoted pattern"`)
    clauses.push({ field, op, value })
  }
  return clauses
}

const describe = (f: SearchField): string => (f.kind === 'attribute' ? f.key : `${f.kind}.${f.key}`)

function like(text: string, pattern: string, insensitive: boolean): boolean {
  const re = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.')
  return new RegExp(`^${re}$`, insensitive ? 'is' : 's').test(text)
}

function compare(a: number | string, op: SearchOp, b: number | string): boolean {
  switch (op) {
    case '=':
      return a === b
    case '!=':
      return a !== b
    case '>':
      return a > b
    case '>=':
      return a >= b
    case '<':
      return a < b
    case '<=':
      return a <= b
    case 'like':
      return like(String(a), String(b), false)
    case 'ilike':
      return like(String(a), String(b), true)
  }
}

/** Does an item match every clause? A missing metric, param or tag never matches (as in MLflow). */
export function matchesSearch(item: Searchable, clauses: SearchClause[]): boolean {
  return clauses.every(({ field, op, value }) => {
    if (field.kind === 'metrics') {
      const v = item.metrics[field.key]
      return v !== undefined && v !== null && Number.isFinite(v) && compare(v, op, value)
    }
    const raw = field.kind === 'attribute' ? item.attributes[field.key] : item[field.kind][field.key]
    if (raw === undefined) return false
    // a number compares numerically with a param such as max_depth = 6; text compares as text
    if (typeof value === 'number') {
      const n = Number(raw)
      return raw.trim() !== '' && Number.isFinite(n) && compare(n, op, value)
    }
    return compare(raw, op, value)
  })
}

/** The metric keys a search names (the table shows them as columns). */
export const searchedMetrics = (clauses: SearchClause[]): string[] =>
  clauses.flatMap((c) => (c.field.kind === 'metrics' ? [c.field.key] : []))
