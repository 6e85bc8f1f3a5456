/** Timestamps as logs write them. A time without a zone is read as UTC. */

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 }

/** `2024-01-02T03:04:05.123Z`, `2024-01-02 03:04:05,123+02:00`, `2024/01/02 03:04:05` at the start of a text. */
export const ISO_PREFIX = /^\[?(\d{4})[-/](\d\d)[-/](\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?\s?(Z|[+-]\d\d:?\d\d|UTC|GMT)?\]?/
/** Syslog's `Jan  2 03:04:05` (no year). */
export const BSD_PREFIX = /^([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):(\d\d)/
/** Common Log Format `[10/Oct/2000:13:55:36 -0700]`, anywhere in the first part of the line. */
const CLF = /\[(\d\d)\/([A-Z][a-z]{2})\/(\d{4}):(\d\d):(\d\d):(\d\d)(?: ([+-]\d{4}))?\]/

const zoneMs = (z: string | undefined): number => {
  if (!z || z === 'Z' || z === 'UTC' || z === 'GMT') return 0
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(z)
  if (!m) return 0
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000
}

const fraction = (f: string | undefined): number => (f ? Math.floor(Number(`0.${f}`) * 1000) : 0)

/** Epoch ms from an ISO-like match of ISO_PREFIX. */
export function isoMatchMs(m: RegExpExecArray): number {
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
  return utc + fraction(m[7]) - zoneMs(m[8])
}

/** A year-less syslog time: this year, or last year when that would be more than a day ahead of `now`. */
export function bsdMatchMs(m: RegExpExecArray, now: number): number | null {
  const month = MONTHS[m[1]!.toLowerCase()]
  if (month === undefined) return null
  const year = new Date(now).getUTCFullYear()
  const at = (y: number): number => Date.UTC(y, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]))
  const t = at(year)
  return t > now + 86_400_000 ? at(year - 1) : t
}

/** A timestamp at the start of a text line (ISO, syslog) or in brackets (CLF); null when there is none. */
export function leadingTimestamp(text: string, now: number): { ms: number; length: number } | null {
  const iso = ISO_PREFIX.exec(text)
  if (iso) return { ms: isoMatchMs(iso), length: iso[0].length }
  const bsd = BSD_PREFIX.exec(text)
  if (bsd) {
    const ms = bsdMatchMs(bsd, now)
    if (ms !== null) return { ms, length: bsd[0].length }
  }
  const clf = CLF.exec(text.slice(0, 200))
  if (clf) {
    const month = MONTHS[clf[2]!.toLowerCase()]
    if (month !== undefined) {
      const ms = Date.UTC(Number(clf[3]), month, Number(clf[1]), Number(clf[4]), Number(clf[5]), Number(clf[6])) - zoneMs(clf[7])
      return { ms, length: 0 }
    }
  }
  return null
}

/** A timestamp field's value: RFC 3339 text, or epoch seconds / ms / µs / ns by magnitude (numbers or digit strings). */
export function timestampValue(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return epochByMagnitude(v)
  if (typeof v !== 'string' || v === '') return null
  if (/^\d+(\.\d+)?$/.test(v)) return epochByMagnitude(Number(v), v)
  const iso = ISO_PREFIX.exec(v)
  if (iso) return isoMatchMs(iso)
  const t = Date.parse(v)
  return Number.isFinite(t) ? t : null
}

function epochByMagnitude(n: number, digits?: string): number {
  if (n >= 1e17) return digits && digits.length >= 16 ? Number(BigInt(digits.split('.')[0]!) / 1_000_000n) : Math.floor(n / 1e6) // ns
  if (n >= 1e14) return Math.floor(n / 1000) // µs
  if (n >= 1e11) return Math.floor(n) // ms
  return Math.floor(n * 1000) // s
}

/** Nanoseconds as a decimal string (OTLP, Loki) to epoch ms, exactly. */
export function nanosToMs(ns: string | number): number | null {
  if (typeof ns === 'number') return Number.isFinite(ns) ? Math.floor(ns / 1e6) : null
  if (!/^\d{1,20}$/.test(ns)) return null
  return Number(BigInt(ns) / 1_000_000n)
}
