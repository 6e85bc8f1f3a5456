/** A line cut into plain and marked pieces by [start, end) ranges (sorted, merged, clipped to the line). */
export interface Piece {
  text: string
  marked: boolean
}

export function pieces(line: string, marks: [number, number][]): Piece[] {
  const out: Piece[] = []
  let at = 0
  for (const [a0, b0] of [...marks].sort((x, y) => x[0] - y[0])) {
    const a = Math.max(at, Math.min(a0, line.length))
    const b = Math.max(a, Math.min(b0, line.length))
    if (a > at) out.push({ text: line.slice(at, a), marked: false })
    if (b > a) out.push({ text: line.slice(a, b), marked: true })
    at = Math.max(at, b)
  }
  if (at < line.length || out.length === 0) out.push({ text: line.slice(at), marked: false })
  return out
}

export const LEVEL_COLORS: Record<string, string> = {
  fatal: '#8b0000',
  error: '#cf222e',
  warn: '#bf8700',
  info: '#1f6feb',
  debug: '#6e7781',
  trace: '#8c959f',
  unknown: '#b1bac4',
  matches: '#1f6feb'
}

export const LEVEL_ORDER = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'unknown']
