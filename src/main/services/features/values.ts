/**
 * How raw cells become timestamps, join keys and typed feature values. The DuckDB engine states the same rules in SQL
 * (engine/sql.ts: `tsExpr`, `keyExpr`, `valueExpr`); tests run both engines on the same files.
 *
 * - timestamps: ISO 8601 text (`2021-09-17 01:15:30`, `…T…Z`, `±hh:mm`, date only; no zone = UTC), Parquet timestamps, or
 *   numbers: Unix seconds, or milliseconds when the absolute value is above 1e11. Kept as whole milliseconds (floor).
 * - int64: integers only (text `42`, `-7`); anything else is null. float64: finite decimal numbers. bool: true/false/1/0.
 * - string: the text as it is; an empty CSV cell is null.
 */
import type { FeatureType, KeyType } from '../../../shared/contract/features'

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const INTEGER = /^[+-]?\d+$/
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

/** Milliseconds from a Unix time in seconds, or in milliseconds when |v| > 1e11. */
export const epochMs = (v: number): number => (Math.abs(v) > 1e11 ? Math.floor(v) : Math.floor(v * 1000))

function isoMs(s: string): number | null {
  const m = ISO.exec(s)
  if (!m) return null
  const [y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone] = m.slice(1) as string[]
  const Y = Number(y)
  const M = Number(mo)
  const D = Number(d)
  const H = Number(h)
  const Mi = Number(mi)
  const S = Number(sec)
  if (M < 1 || M > 12 || D < 1 || H > 23 || Mi > 59 || S > 59) return null
  const days = new Date(Date.UTC(Y, M, 0)).getUTCDate()
  if (D > days) return null
  let ms = Date.UTC(Y, M - 1, D, H, Mi, S) + (frac ? Math.floor(Number(`0.${frac}`) * 1000 + 1e-9) : 0)
  if (Y < 100) ms = new Date(ms).setUTCFullYear(Y)
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    const off = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')
    ms -= sign * off * 60_000
  }
  return ms
}

/** A cell as an instant in ms, or null. */
export function toInstant(v: unknown): number | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return Number.isFinite(v) ? epochMs(v) : null
  if (typeof v === 'bigint') return epochMs(Number(v))
  if (v instanceof Date) {
    const t = v.getTime()
    return Number.isFinite(t) ? t : null
  }
  if (typeof v !== 'string') return null
  const s = v.trim()
  if (!s) return null
  if (NUMBER.test(s)) return epochMs(Number(s))
  return isoMs(s)
}

/** A join key cell as its canonical text (int64: the integer's digits), or null. */
export function toKey(v: unknown, type: KeyType): string | null {
  if (v === null || v === undefined) return null
  if (type === 'string') {
    if (typeof v === 'string') return v === '' ? null : v
    if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v)
    return null
  }
  if (typeof v === 'bigint') return String(v)
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : null
  if (typeof v !== 'string') return null
  const s = v.trim()
  if (!INTEGER.test(s)) return null
  return String(BigInt(s))
}

export const KEY_SEPARATOR = '\u0001'

/** The canonical text of an entity's key (parts joined by U+0001), or null when a part is missing. */
export function entityKey(parts: ArrayLike<unknown>, keys: readonly { type: KeyType }[]): string | null {
  let key = ''
  for (let j = 0; j < keys.length; j++) {
    const part = toKey(parts[j], keys[j]!.type)
    if (part === null) return null
    key = j === 0 ? part : `${key}${KEY_SEPARATOR}${part}`
  }
  return key
}

/** A numeric or bool feature cell as a number (bool: 1/0); NaN = null. */
export function toNumber(v: unknown, type: Exclude<FeatureType, 'string'>): number {
  if (v === null || v === undefined) return Number.NaN
  if (type === 'bool') {
    if (typeof v === 'boolean') return v ? 1 : 0
    if (typeof v === 'number' || typeof v === 'bigint') return Number(v) === 1 ? 1 : Number(v) === 0 ? 0 : Number.NaN
    if (typeof v !== 'string') return Number.NaN
    const s = v.trim().toLowerCase()
    return s === 'true' || s === '1' ? 1 : s === 'false' || s === '0' ? 0 : Number.NaN
  }
  let n: number
  if (typeof v === 'number') n = v
  else if (typeof v === 'bigint') n = Number(v)
  else if (typeof v === 'string') {
    const s = v.trim()
    if (!(type === 'int64' ? INTEGER : NUMBER).test(s)) return Number.NaN
    n = Number(s)
  } else return Number.NaN
  if (!Number.isFinite(n)) return Number.NaN
  return type === 'int64' && !Number.isInteger(n) ? Number.NaN : n
}

/** A string feature cell as text, or null. */
export function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'string') return v === '' ? null : v
  if (v instanceof Date) return v.toISOString()
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v)
  return null
}

/** Dictionary for one string column: codes ≥ 0, −1 = null. */
export class Dictionary {
  readonly values: string[] = []
  private codes = new Map<string, number>()
  code(s: string | null): number {
    if (s === null) return -1
    let c = this.codes.get(s)
    if (c === undefined) {
      c = this.values.length
      this.values.push(s)
      this.codes.set(s, c)
    }
    return c
  }
}
