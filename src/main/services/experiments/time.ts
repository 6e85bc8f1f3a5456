/** Timestamps in data files: ISO 8601 text (fast path), `YYYY-MM-DD HH:MM:SS`, epoch seconds or milliseconds, Dates. */

export const DAY_MS = 86_400_000

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48

function twoDigits(s: string, i: number): number {
  const a = digit(s, i)
  const b = digit(s, i + 1)
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN
}

/** `2024-05-01`, `2024-05-01T10:20:30(.123)(Z|+02:00)`, `2024-05-01 10:20:30`: epoch ms, or NaN. */
function parseIso(s: string): number {
  if (s.length < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN
  const year = twoDigits(s, 0) * 100 + twoDigits(s, 2)
  const month = twoDigits(s, 5)
  const day = twoDigits(s, 8)
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return NaN
  if (s.length === 10) return Date.UTC(year, month - 1, day)
  const sep = s.charCodeAt(10)
  if ((sep !== 84 && sep !== 32) || s.length < 16) return NaN
  const hour = twoDigits(s, 11)
  const minute = twoDigits(s, 14)
  let i = 16
  let second = 0
  let ms = 0
  if (s.charCodeAt(i) === 58) {
    second = twoDigits(s, 17)
    i = 19
    if (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44) {
      i++
      let scale = 100
      while (i < s.length) {
        const d = digit(s, i)
        if (d < 0 || d > 9) break
        ms += d * scale
        scale /= 10
        i++
      }
    }
  }
  if (!(hour <= 24 && minute <= 59 && second <= 60)) return NaN
  let offset = 0
  if (i < s.length) {
    const c = s.charCodeAt(i)
    if (c === 90 || c === 122) i++
    else if (c === 43 || c === 45) {
      const oh = twoDigits(s, i + 1)
      const om = s.charCodeAt(i + 3) === 58 ? twoDigits(s, i + 4) : twoDigits(s, i + 3)
      if (Number.isNaN(oh) || Number.isNaN(om)) return NaN
      offset = (c === 43 ? 1 : -1) * (oh * 60 + om) * 60_000
      i += s.charCodeAt(i + 3) === 58 ? 6 : 5
    } else return NaN
  }
  if (i !== s.length) return NaN
  return Date.UTC(year, month - 1, day, hour, minute, second) + Math.round(ms) - offset
}

/** Epoch ms of a cell, or NaN when it is no time. Numbers below 10¹¹ are seconds, larger ones milliseconds. */
export function parseTime(v: unknown): number {
  if (v instanceof Date) return v.getTime()
  if (typeof v === 'bigint') v = Number(v)
  if (typeof v === 'number') return Number.isFinite(v) ? (Math.abs(v) < 1e11 ? v * 1000 : v) : NaN
  if (typeof v !== 'string') return NaN
  const s = v.trim()
  if (!s) return NaN
  const c = s.charCodeAt(0)
  if ((c >= 48 && c <= 57) || c === 45) {
    const iso = parseIso(s)
    if (!Number.isNaN(iso)) return iso
    if (/^-?\d+(\.\d+)?$/.test(s)) return parseTime(Number(s))
  }
  const t = Date.parse(s)
  return Number.isNaN(t) ? NaN : t
}

/** UTC day number (days since 1970-01-01). */
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS)
