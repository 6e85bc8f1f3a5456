/** Money and percentages for the costs area. */
export function formatMoney(v: number | null | undefined, currency: string, digits?: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  const d = digits ?? (Math.abs(v) >= 1000 ? 0 : Math.abs(v) >= 1 || v === 0 ? 2 : 4)
  return `${v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })} ${currency}`
}

/** Axis labels: 1.2k, 3.4M. */
export function compactMoney(v: number): string {
  const a = Math.abs(v)
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`
  if (a >= 1e3) return `${(v / 1e3).toFixed(1)}k`
  if (a >= 1 || a === 0) return v.toFixed(a >= 100 ? 0 : 2).replace(/\.00$/, '')
  return v.toPrecision(2)
}

export const formatPct = (v: number | null | undefined, digits = 0): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)} %`

export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` }
}

export function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m - 1 + n, 1)).toISOString().slice(0, 7)
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
}

export function weekStartOf(day: string): string {
  const dow = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7
  return addDays(day, -dow)
}

/** A negative amount (a manual entry, a bill line): a credit, said as such next to it. */
export const isCredit = (amount: string | number): boolean =>
  typeof amount === 'number' ? amount < 0 : /^\s*-\s*\d*\.?\d*[1-9]/.test(amount)

/** A period's cost by one dimension, ranked, with each key's share of the total ("Other" last, as the service sends it). */
export function rankedShares(series: { name: string; values: number[] }[]): { key: string; amount: number; share: number | null }[] {
  const rows = series.map((s) => ({ key: s.name, amount: s.values.reduce((a, b) => a + b, 0) }))
  const total = rows.reduce((a, r) => a + r.amount, 0)
  const ranked = rows.filter((r) => r.key !== 'Other').sort((a, b) => b.amount - a.amount || a.key.localeCompare(b.key))
  const other = rows.filter((r) => r.key === 'Other')
  return [...ranked, ...other].map((r) => ({ ...r, share: total > 0 ? r.amount / total : null }))
}
