/** Tokens of PromQL: identifiers, numbers, durations, strings and operators, each with its position for errors. */

export type TokenKind = 'ident' | 'number' | 'duration' | 'string' | 'op' | 'eof'

export interface Token {
  kind: TokenKind
  text: string
  /** number: its value; duration: milliseconds. */
  value: number
  pos: number
}

export class PromQLError extends Error {
  constructor(
    message: string,
    readonly pos: number | null = null
  ) {
    super(pos === null ? message : `${message} (at character ${pos + 1})`)
    this.name = 'PromQLError'
  }
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 }
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/
const DURATION_PART = /(\d+)(ms|s|m|h|d|w|y)/g

/** "1h30m" → ms; throws on anything else. */
export function parseDuration(text: string): number {
  if (text === '0') return 0
  if (!DURATION.test(text)) throw new PromQLError(`not a duration: "${text}" (use e.g. 30s, 5m, 1h30m)`)
  let ms = 0
  for (const m of text.matchAll(DURATION_PART)) ms += Number(m[1]) * UNITS[m[2]!]!
  return ms
}

const OPS = ['==', '!=', '=~', '!~', '>=', '<=', '(', ')', '{', '}', '[', ']', ',', '=', '+', '-', '*', '/', '%', '^', '>', '<', '@', ':']

const isIdentStart = (c: string): boolean => /[A-Za-z_:]/.test(c)
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_:]/.test(c)

function readString(src: string, start: number): { text: string; end: number } {
  const quote = src[start]!
  let i = start + 1
  let out = ''
  while (i < src.length) {
    const c = src[i]!
    if (c === quote) return { text: out, end: i + 1 }
    if (c === '\\' && quote !== '`') {
      const n = src[i + 1]
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        '\\': '\\',
        '"': '"',
        "'": "'",
        a: '\x07',
        b: '\b',
        f: '\f',
        v: '\v'
      }
      if (n !== undefined && n in simple) {
        out += simple[n]
        i += 2
        continue
      }
      if (n === 'u' || n === 'x') {
        const len = n === 'u' ? 4 : 2
        const hex = src.slice(i + 2, i + 2 + len)
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new PromQLError('bad escape in string', i)
        out += String.fromCharCode(parseInt(hex, 16))
        i += 2 + len
        continue
      }
      throw new PromQLError(`unknown escape \\${n ?? ''} in string`, i)
    }
    out += c
    i++
  }
  throw new PromQLError('unterminated string', start)
}

const NUMBER = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/

export function tokenize(src: string): Token[] {
  const out: Token[] = []
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
    if (c === '"' || c === "'" || c === '`') {
      const s = readString(src, i)
      out.push({ kind: 'string', text: s.text, value: 0, pos: i })
      i = s.end
      continue
    }
    if (/[0-9.]/.test(c)) {
      // a duration (5m, 1h30m) or a number (1, 1.5, .5, 1e3, 0x1f)
      const dur = /^(?:\d+(?:ms|s|m|h|d|w|y))+/.exec(src.slice(i))
      const after = src[i + (dur?.[0].length ?? 0)] ?? ' '
      if (dur && (after === ':' || !isIdentPart(after))) {
        // "5m:" is a subquery's range, not the start of a name
        out.push({ kind: 'duration', text: dur[0], value: parseDuration(dur[0]), pos: i })
        i += dur[0].length
        continue
      }
      const num = NUMBER.exec(src.slice(i))
      if (num) {
        const text = num[0]
        out.push({ kind: 'number', text, value: /^0[xX]/.test(text) ? parseInt(text, 16) : Number(text), pos: i })
        i += text.length
        continue
      }
    }
    if (c === ':' && /[0-9\]]/.test(src[i + 1] ?? '')) {
      // a subquery's step separator ([5m:30s], [5m:]), not a name starting with ':'
      out.push({ kind: 'op', text: ':', value: 0, pos: i })
      i++
      continue
    }
    if (isIdentStart(c)) {
      let j = i + 1
      while (j < src.length && isIdentPart(src[j]!)) j++
      const text = src.slice(i, j)
      const lower = text.toLowerCase()
      if (lower === 'inf' || lower === 'nan') out.push({ kind: 'number', text, value: lower === 'inf' ? Infinity : NaN, pos: i })
      else out.push({ kind: 'ident', text, value: 0, pos: i })
      i = j
      continue
    }
    const op = OPS.find((o) => src.startsWith(o, i))
    if (!op) throw new PromQLError(`unexpected character "${c}"`, i)
    out.push({ kind: 'op', text: op, value: 0, pos: i })
    i += op.length
  }
  out.push({ kind: 'eof', text: '', value: 0, pos: src.length })
  return out
}
