/** Day ranges (YYYY-MM-DD, inclusive) compared by "movers": like for like, never a partial month against a full one. */
export interface DayRange {
  from: string
  to: string
}

const DAY = 86_400_000
const ms = (d: string): number => Date.parse(`${d}T00:00:00Z`)
const day = (t: number): string => new Date(t).toISOString().slice(0, 10)

/**
 * The periods to compare when costs are known up to `lastDay`: the later period `b` stops at the last day with data,
 * and when it was cut the earlier period `a` is cut to as many days (month-to-date against the same days of the month
 * before). `partial` says a cut was made.
 */
export function likeForLike(a: DayRange, b: DayRange, lastDay: string | null): { a: DayRange; b: DayRange; partial: boolean } {
  if (!lastDay || lastDay >= b.to || lastDay < b.from) return { a, b, partial: false }
  const days = Math.round((ms(lastDay) - ms(b.from)) / DAY)
  const aTo = day(Math.min(ms(a.to), ms(a.from) + days * DAY))
  return { a: { from: a.from, to: aTo }, b: { from: b.from, to: lastDay }, partial: true }
}
