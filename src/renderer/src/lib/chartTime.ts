const pad = (n: number): string => String(n).padStart(2, '0')

/** Axis label for a bucket start: time of day on short spans, day and time on longer ones, day only beyond a week. */
export function axisTimeLabel(t: number, spanMs: number): string {
  const d = new Date(t)
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  const day = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  if (spanMs <= 36 * 3_600_000) return hm
  if (spanMs <= 8 * 86_400_000) return `${day} ${hm}`
  return day
}

/** Full date and time for tooltips (local time). */
export function tooltipTime(t: number): string {
  const d = new Date(t)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Span a series covers, from first bucket start to the end of the last bucket. */
export const spanOf = (t: number[], bucketMs: number): number => (t.length ? t[t.length - 1]! - t[0]! + bucketMs : 0)

/** A value with no neighbour on either side draws no line; give it a dot so a lone point stays visible. */
export function withIsolatedDots<T>(
  values: (number | null)[],
  item: (i: number, v: number | null) => T
): (T | { value: T; symbol: string; symbolSize: number })[] {
  return values.map((v, i) => {
    const lone = v !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null
    return lone ? { value: item(i, v), symbol: 'circle', symbolSize: 5 } : item(i, v)
  })
}
