/** Date helpers for cost data. Days are UTC calendar dates 'YYYY-MM-DD'. */
export const DAY_MS = 86_400_000

export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
export const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`)
export const addDays = (day: string, n: number): string => dayOf(dayMs(day) + n * DAY_MS)
export const daysBetween = (a: string, b: string): number => Math.round((dayMs(b) - dayMs(a)) / DAY_MS)
export const monthOf = (day: string): string => day.slice(0, 7)
export const monthStart = (day: string): string => `${day.slice(0, 7)}-01`

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const d = new Date(Date.UTC(y, m - 1 + n, 1))
  return d.toISOString().slice(0, 7)
}

export function monthEnd(day: string): string {
  return addDays(`${addMonths(monthOf(day), 1)}-01`, -1)
}

export const daysInMonth = (month: string): number => daysBetween(`${month}-01`, `${addMonths(month, 1)}-01`)

/** ISO week start (Monday) of a day. */
export function weekStart(day: string): string {
  const dow = (new Date(dayMs(day)).getUTCDay() + 6) % 7
  return addDays(day, -dow)
}

/** Calendar quarter of a day: start day and label '2024-Q3'. */
export function quarterOf(day: string): { start: string; end: string; label: string } {
  const y = Number(day.slice(0, 4))
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3)
  const start = `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`
  return { start, end: addDays(`${addMonths(start.slice(0, 7), 3)}-01`, -1), label: `${y}-Q${q + 1}` }
}

export function periodOf(kind: 'monthly' | 'quarterly', day: string): { start: string; end: string; label: string } {
  if (kind === 'quarterly') return quarterOf(day)
  return { start: monthStart(day), end: monthEnd(day), label: monthOf(day) }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/

/** Parse the date-times found in bills: ISO 8601, 'YYYY-MM-DD HH:MM:SS' (UTC), M/D/YY. Null if unreadable. */
export function parseDateTime(text: string): number | null {
  const s = text.trim()
  let m = ISO.exec(s)
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', sec = '0', tz] = m
    let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec))
    if (tz && tz !== 'Z') {
      const sign = tz.startsWith('-') ? -1 : 1
      const digits = tz.slice(1).replace(':', '')
      t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000
    }
    return validDate(t, Number(mo), Number(d))
  }
  m = US.exec(s)
  if (m) {
    const [, mo, d, yy, h = '0', mi = '0', sec = '0'] = m
    const y = yy!.length === 2 ? 2000 + Number(yy) : Number(yy)
    return validDate(Date.UTC(y, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)), Number(mo), Number(d))
  }
  return null
}

function validDate(t: number, month: number, day: number): number | null {
  if (!Number.isFinite(t)) return null
  const d = new Date(t)
  // refuse 2024-02-31 and the like (Date.UTC would roll over silently)
  if (month < 1 || month > 12 || day < 1 || day > 31) return null
  return d.getTime()
}
