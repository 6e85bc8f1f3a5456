/**
 * Money, exact at 1e-9 of a currency unit, for any size of bill.
 *
 * In SQLite an amount is three INTEGER columns `<name>_giga`, `<name>_units`, `<name>_nano` with the sign of the
 * amount: giga × 10^9 units + units + nano × 10^-9 units. A row holds up to ±10^18 units, so each of its limbs
 * is below 10^9 and SQLite's native SUM of any limb over 9 billion rows still fits in 64 bits; sums are carried
 * back into limbs (or into a BigInt of nano-units) in JS. One 64-bit nano column would stop at ±9.2 × 10^9 units.
 */
export const NANO = 1_000_000_000
const E9 = 1_000_000_000
const E9n = 1_000_000_000n
const E18n = E9n * E9n

/** An amount as [giga, units, nano], all with the amount's sign; units and nano below 10^9 in magnitude. */
export type Money = readonly [giga: number, units: number, nano: number]

export const ZERO: Money = [0, 0, 0]

/** Integer digits a row amount may have: up to ±999,999,999,999,999,999.999999999. */
export const MAX_INTEGER_DIGITS = 18

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/

/**
 * Parse a decimal ("0.00001605990", "-12", "1.5E-7", "999999999999999.99"; "1,234.50" is refused) into limbs,
 * rounding half away from zero at the 10th decimal. Null for text that is not a decimal number or is beyond
 * ±10^18 (moneyProblem says which).
 */
export function parseMoney(text: string | number): Money | null {
  const d = splitDecimal(text, MAX_INTEGER_DIGITS)
  if (d === null) return null
  const { int, frac } = d
  let giga = int.length > 9 ? Number(int.slice(0, -9)) : 0
  let units = int.length ? Number(int.slice(-9)) : 0
  let nano = frac.length ? Number(frac.length > 9 ? frac.slice(0, 9) : frac.padEnd(9, '0')) : 0
  if (frac.length > 9 && frac.charCodeAt(9) >= 53 /* '5' */) {
    if (++nano === E9) {
      nano = 0
      if (++units === E9) {
        units = 0
        if (++giga === E9) return null
      }
    }
  }
  return d.negative ? [neg(giga), neg(units), neg(nano)] : [giga, units, nano]
}

/** Parse a decimal of any size straight to exact nano-units (totals, inputs), rounding the 10th decimal as parseMoney. */
export function parseNano(text: string | number): bigint | null {
  const d = splitDecimal(text, Infinity)
  if (d === null) return null
  let v = BigInt(d.int || '0') * E9n + BigInt((d.frac.length > 9 ? d.frac.slice(0, 9) : d.frac.padEnd(9, '0')) || '0')
  if (d.frac.length > 9 && d.frac.charCodeAt(9) >= 53) v++
  return d.negative ? -v : v
}

/** Sign, integer digits (no leading zeros) and fraction digits of a decimal; null if not one or too long. */
function splitDecimal(text: string | number, maxIntegerDigits: number): { negative: boolean; int: string; frac: string } | null {
  const s = typeof text === 'number' ? numberToPlain(text) : text.trim()
  if (s === null) return null
  const m = DECIMAL.exec(s)
  if (!m) return null
  let int = m[2] ?? ''
  let frac = m[3] ?? ''
  if (int === '' && frac === '') return null
  if (m[4] !== undefined) {
    const shifted = shift(int, frac, Number(m[4]), maxIntegerDigits)
    if (shifted === null) return null
    ;[int, frac] = shifted
  }
  int = int.replace(/^0+/, '')
  return int.length > maxIntegerDigits ? null : { negative: m[1] === '-', int, frac }
}

/** Why parseMoney refused a text, for error messages. */
export function moneyProblem(text: string): string {
  const m = DECIMAL.exec(text.trim())
  if (!m || (!m[2] && !m[3])) return 'is not a decimal number'
  return `is beyond ±10^${MAX_INTEGER_DIGITS}, the largest amount one row can hold`
}

const neg = (v: number): number => (v === 0 ? 0 : -v)

/** Move the decimal point of int.frac by exp places. */
function shift(int: string, frac: string, exp: number, maxIntegerDigits: number): [string, string] | null {
  const digits = int + frac
  const significant = digits.replace(/^0+/, '')
  if (significant === '') return ['0', '']
  const point = int.length + exp
  if (point - (digits.length - significant.length) > Math.min(maxIntegerDigits, 400)) return null
  if (point < -10) return ['0', ''] // below 1e-10: rounds to zero
  if (point <= 0) return ['0', '0'.repeat(-point) + digits]
  if (point >= digits.length) return [digits + '0'.repeat(point - digits.length), '']
  return [digits.slice(0, point), digits.slice(point)]
}

function numberToPlain(n: number): string | null {
  if (!Number.isFinite(n)) return null
  // toFixed switches to exponent notation from 1e21, where a double is an integer anyway
  return Math.abs(n) >= 1e21 ? BigInt(n).toString() : n.toFixed(12)
}

/** Limbs -> exact nano-units. */
export const moneyToNano = (m: Money): bigint => BigInt(m[0]) * E18n + BigInt(m[1]) * E9n + BigInt(m[2])

/** Exact nano-units -> limbs; giga is a BigInt only beyond 2^53 (sums past 9 × 10^24 units). */
export function nanoToLimbs(v: bigint): [giga: number | bigint, units: number, nano: number] {
  const g = v / E18n
  const rest = v - g * E18n
  const u = rest / E9n
  return [Number.isSafeInteger(Number(g)) ? Number(g) : g, Number(u), Number(rest - u * E9n)]
}

/** Limb values as SQLite returns them (numbers, or BigInts from safeIntegers statements) -> exact nano-units. */
export const limbsToNano = (g: unknown, u: unknown, n: unknown): bigint =>
  BigInt((g as number | bigint | null) ?? 0) * E18n +
  BigInt((u as number | bigint | null) ?? 0) * E9n +
  BigInt((n as number | bigint | null) ?? 0)

/** Nano-units -> a plain number in currency units (for charts and arithmetic that need not be exact). */
export const fromNano = (nano: number | bigint): number =>
  typeof nano === 'bigint' ? Number(nano / E9n) + Number(nano % E9n) / NANO : nano / NANO

/** The exact total of rows carrying nano-units. */
export const sumNano = (rows: readonly { nano: bigint }[]): bigint => rows.reduce((s, r) => s + r.nano, 0n)

/** A plain number of currency units (a float from a view) -> nano-units, as exact as the float is. */
export const toNanoApprox = (units: number): bigint => (Number.isFinite(units) ? BigInt(Math.round(units * NANO)) : 0n)

/** Nano-units -> a decimal string with `digits` decimals, rounded half away from zero (exact, via BigInt). */
export function formatNano(nano: number | bigint, digits = 2): string {
  const v = BigInt(nano)
  const negative = v < 0n
  const abs = negative ? -v : v
  const scale = 10n ** BigInt(9 - digits)
  const rounded = (abs + scale / 2n) / scale
  const unit = 10n ** BigInt(digits)
  const int = rounded / unit
  const frac = (rounded % unit).toString().padStart(digits, '0')
  return `${negative && rounded !== 0n ? '-' : ''}${int}${digits > 0 ? '.' + frac : ''}`
}

/** Nano-units × a rate (currency conversion), rounded half away from zero to the nano-unit. */
export function convertNano(nano: bigint, rate: number): bigint {
  const r = parseNano(rate)
  if (r === null) throw new Error(`exchange rate ${rate} is not a decimal number`)
  const product = nano * r
  const half = product < 0n ? -(E9n / 2n) : E9n / 2n
  return (product + half) / E9n
}

/** A row amount × an exchange rate; null when the result is beyond a row's ±10^18 units. */
export function convertMoney(m: Money, rate: number): Money | null {
  const [g, u, n] = nanoToLimbs(convertNano(moneyToNano(m), rate))
  return typeof g === 'number' && Math.abs(g) < E9 ? [g, u, n] : null
}

/**
 * A running sum of limbs in plain numbers (the import's hot loop): carries keep units and nano below 10^9, so it
 * stays exact up to ±9 × 10^24 units, past which it refuses rather than round.
 */
export class MoneySum {
  giga = 0
  units = 0
  nano = 0

  add(m: Money | null): void {
    if (m !== null) this.addLimbs(m[0], m[1], m[2])
  }

  /** Adds the limbs at row[at], row[at + 1], row[at + 2] (a staged row); nulls there are no amount. */
  addAt(row: readonly unknown[], at: number): void {
    if (row[at] !== null) this.addLimbs(row[at] as number, row[at + 1] as number, row[at + 2] as number)
  }

  addLimbs(giga: number, units: number, nano: number): void {
    this.nano += nano
    this.units += units
    this.giga += giga
    if (this.nano >= E9 || this.nano <= -E9) {
      const c = Math.trunc(this.nano / E9)
      this.nano -= c * E9
      this.units += c
    }
    if (this.units >= E9 || this.units <= -E9) {
      const c = Math.trunc(this.units / E9)
      this.units -= c * E9
      this.giga += c
      if (!Number.isSafeInteger(this.giga)) throw new RangeError('a sum of costs passed ±9 × 10^24 units')
    }
  }

  get limbs(): Money {
    return [this.giga, this.units, this.nano]
  }
}

/** The three columns of an amount. */
export const moneyColumns = (name: string): [string, string, string] => [`${name}_giga`, `${name}_units`, `${name}_nano`]

/** `SUM(<name>_giga) AS <as>_giga, …`: native sums of each limb (read them with a safeIntegers statement). */
export const sumMoneySql = (name: string, as = name, wrap = (col: string): string => col): string =>
  moneyColumns(name)
    .map((col, i) => `SUM(${wrap(col)}) AS ${moneyColumns(as)[i]}`)
    .join(', ')

/** An amount as a REAL in SQL, for ordering and thresholds only (not exact). */
export const moneyRealSql = (name: string, agg = ''): string => {
  const [g, u, n] = moneyColumns(name)
  return `(${agg}(${g}) * 1e9 + ${agg}(${u}) + ${agg}(${n}) * 1e-9)`
}

/** The exact amount `<name>` of a row read with its three columns. */
export const readMoney = (row: Record<string, unknown>, name: string): bigint =>
  limbsToNano(row[`${name}_giga`], row[`${name}_units`], row[`${name}_nano`])

/** A plain number rounded to `digits` decimals (for views: charts, percentages, amounts that need not be exact). */
export const round = (v: number, digits = 6): number => {
  const f = 10 ** digits
  return Math.round(v * f) / f
}
