/** Minimal 5-field cron (minute hour day-of-month month day-of-week), evaluated in UTC. */
const RANGES: [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7]
]

function parseField(field: string, [min, max]: [number, number]): Set<number> | null {
  const out = new Set<number>()
  for (const part of field.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part)
    if (!m) return null
    const step = m[4] ? Number(m[4]) : 1
    const lo = m[1] === '*' ? min : Number(m[2])
    const hi = m[1] === '*' ? max : m[3] ? Number(m[3]) : m[4] ? max : lo
    if (lo < min || hi > max || lo > hi || step < 1) return null
    for (let v = lo; v <= hi; v += step) out.add(v === 7 && max === 7 ? 0 : v)
  }
  return out
}

export function parseCron(expr: string): Set<number>[] | null {
  const fields = expr.trim().split(/\s+/)
  if (fields.length !== 5) return null
  const sets = fields.map((f, i) => parseField(f, RANGES[i]!))
  return sets.every(Boolean) ? (sets as Set<number>[]) : null
}

/** The first minute strictly after `after` matching the expression (null if none within ~2 years). */
export function nextCron(expr: string, after: number): number | null {
  const sets = parseCron(expr)
  if (!sets) return null
  const [min, hour, dom, mon, dow] = sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>]
  const domAny = dom.size === 31
  const dowAny = dow.size === 7
  let t = Math.floor(after / 60_000) * 60_000 + 60_000
  const limit = after + 2 * 366 * 86_400_000
  while (t < limit) {
    const d = new Date(t)
    if (!mon.has(d.getUTCMonth() + 1)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
      continue
    }
    const dayOk =
      domAny && dowAny
        ? true
        : domAny
          ? dow.has(d.getUTCDay())
          : dowAny
            ? dom.has(d.getUTCDate())
            : dom.has(d.getUTCDate()) || dow.has(d.getUTCDay())
    if (!dayOk) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)
      continue
    }
    if (!hour.has(d.getUTCHours())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1)
      continue
    }
    if (!min.has(d.getUTCMinutes())) {
      t += 60_000
      continue
    }
    return t
  }
  return null
}
