// Small pure formatters shared by the runners (no Node imports).

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const
const DURATION_RE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/
const DURATION_PART_RE = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g

/** "72h", "30d", "48h30m", "1.5s", "250ms" → milliseconds; undefined if not a duration. */
export function parseDuration(text: string): number | undefined {
  if (!DURATION_RE.test(text)) return undefined
  let total = 0
  for (const [, amount, unit] of text.matchAll(DURATION_PART_RE)) total += Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS]
  return total
}

/** 93_784_000 → "1d 2h 3m 4s"; negative values keep their sign; sub-second values in ms. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : ''
  let rest = Math.abs(ms)
  if (rest < 1000) return `${sign}${Math.round(rest)}ms`
  const parts: string[] = []
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit]
    const amount = Math.floor(rest / size)
    rest -= amount * size
    if (amount > 0) parts.push(`${amount}${unit}`)
  }
  return sign + parts.join(' ')
}

/** 1048576 → "1 MiB", 1536 → "1.5 KiB", 10 → "10 bytes". */
export function formatBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB'] as const
  if (bytes < 1024) return `${bytes} bytes`
  let value = bytes
  let unit: string = 'bytes'
  for (const next of units) {
    if (value < 1024) break
    value /= 1024
    unit = next
  }
  return `${Number(value.toFixed(1))} ${unit}`
}

/** Round to 0.01 ms so outcomes stay readable. */
export const roundMs = (ms: number): number => Math.round(ms * 100) / 100
