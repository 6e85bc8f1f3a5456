/** Pure helpers on the dashboard model: canonical JSON, relative times, variables. */
import type { DashboardModel, PanelQuery } from '../../../shared/contract/dashboards'
import { invalid } from '../../../shared/errors'
import { canonicalJson } from '../../../shared/jsonDiff'

export { canonicalJson }

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }

/** `now-6h` → epoch ms, relative to `now`. */
export function resolveTime(expr: string, now: number): number {
  const m = /^now(?:-(\d+)([smhdw]))?$/.exec(expr)
  if (!m) throw invalid('time', `“${expr}” is not a time: use now or now-<number><s|m|h|d|w>`)
  return m[1] ? now - Number(m[1]) * UNIT_MS[m[2]!]! : now
}

const VAR_RE = /\$\{(\w+)\}|\$(\w+)/g

/** Names of the variables a query's text fields use. */
export function variablesUsed(query: PanelQuery): string[] {
  const names = new Set<string>()
  for (const v of Object.values(query)) if (typeof v === 'string') for (const m of v.matchAll(VAR_RE)) names.add((m[1] ?? m[2])!)
  return [...names]
}

/** The query with `$name` / `${name}` replaced in its text fields; an unknown variable is an error naming it. */
export function substitute<Q extends PanelQuery>(query: Q, vars: Record<string, string>): Q {
  const text = (k: string, v: string): string =>
    v.replace(VAR_RE, (_all, a: string | undefined, b: string | undefined) => {
      const name = (a ?? b)!
      if (!(name in vars)) throw invalid(`query.${k}`, `uses $${name}, which is not a variable of this dashboard`)
      return vars[name]!
    })
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(query))
    out[k] =
      typeof v === 'string' && k !== 'source'
        ? text(k, v)
        : k === 'params' && v && typeof v === 'object' // an extension panel's parameters
          ? Object.fromEntries(Object.entries(v as Record<string, string>).map(([pk, pv]) => [pk, text(`params.${pk}`, pv)]))
          : v
  return out as Q
}

/** Problems a model has beyond its schema: duplicate ids, overlapping panels, variables used but not defined. */
export function modelProblems(model: DashboardModel): string[] {
  const problems: string[] = []
  const ids = new Set<string>()
  const names = new Set(model.variables.map((v) => v.name))
  if (names.size !== model.variables.length) problems.push('variables: two variables have the same name')
  for (const p of model.panels) {
    if (ids.has(p.id)) problems.push(`panels: the id ${p.id} is used twice`)
    ids.add(p.id)
    if (p.x + p.w > 12) problems.push(`panel “${p.title || p.id}”: it is wider than the 12 grid columns (x ${p.x} + w ${p.w})`)
    for (const n of variablesUsed(p.query))
      if (!names.has(n)) problems.push(`panel “${p.title || p.id}”: it uses $${n}, which is not a variable of this dashboard`)
  }
  return problems
}
