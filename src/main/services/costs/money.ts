/** Money as integer nano-units (1e-9): exact sums for any bill, and safe JS numbers up to ~9 million per row. */
export const NANO = 1_000_000_000

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?$/

/**
 * Parse a decimal string ("0.00001605990", "-12", "1.5E-7", "1,234.50" is refused) into nano-units, rounding
 * half away from zero at the 9th decimal. Returns null for text that is not a decimal number.
 */
export function parseNano(text: string | number): number | null {
  let s = typeof text === 'number' ? numberToPlain(text) : text.trim()
  if (s === null) return null
  if (/e/i.test(s)) {
    const n = Number(s)
    if (!Number.isFinite(n)) return null
    s = numberToPlain(n)
    if (s === null) return null
  }
  const m = DECIMAL.exec(s)
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return null
  const negative = m[1] === '-'
  const intPart = m[2] || '0'
  const frac = (m[3] ?? '').padEnd(10, '0')
  let value = Number(intPart) * NANO + Number(frac.slice(0, 9))
  if (frac.charCodeAt(9) - 48 >= 5) value += 1
  if (!Number.isSafeInteger(value)) return null
  return negative ? -value : value
}

function numberToPlain(n: number): string | null {
  if (!Number.isFinite(n)) return null
  return n.toFixed(12)
}

/** nano-units -> a plain number in currency units (for charts and arithmetic that need not be exact). */
export const fromNano = (nano: number | bigint): number => Number(nano) / NANO

/** nano-units -> a decimal string with `digits` decimals, rounded half away from zero (exact, via BigInt). */
export function formatNano(nano: number | bigint, digits = 2): string {
  const v = BigInt(nano)
  const neg = v < 0n
  const abs = neg ? -v : v
  const scale = 10n ** BigInt(9 - digits)
  const rounded = (abs + scale / 2n) / scale
  const unit = 10n ** BigInt(digits)
  const int = rounded / unit
  const frac = (rounded % unit).toString().padStart(digits, '0')
  return `${neg && rounded !== 0n ? '-' : ''}${int}${digits > 0 ? '.' + frac : ''}`
}

/** Currency units (a number) -> nano-units. */
export const toNano = (units: number): number => Math.round(units * NANO)

/** A plain number rounded to `digits` decimals (for views: charts, percentages, amounts that need not be exact). */
export const round = (v: number, digits = 6): number => {
  const f = 10 ** digits
  return Math.round(v * f) / f
}
