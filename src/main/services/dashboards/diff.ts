/** What changed between two versions of a dashboard: panels added, removed and changed, and a line diff of the JSON. */
import type { DashboardModel, DashboardDiff } from '../../../shared/contract/dashboards'
import { lineDiff } from '../../../shared/jsonDiff'
import { canonicalJson } from './model'

export { lineDiff }

export function diffModels(a: DashboardModel, b: DashboardModel, versions: { a: number; b: number }): DashboardDiff {
  const before = new Map(a.panels.map((p) => [p.id, p]))
  const after = new Map(b.panels.map((p) => [p.id, p]))
  const label = (p: { id: string; title: string }) => ({ id: p.id, title: p.title })
  const changed = []
  for (const [id, p] of after) {
    const old = before.get(id)
    if (!old) continue
    const fields = (Object.keys({ ...old, ...p }) as (keyof typeof p)[]).filter((k) => canonicalJson(old[k]) !== canonicalJson(p[k]))
    if (fields.length) changed.push({ id, title: p.title, fields: fields.sort() })
  }
  const settings = (Object.keys({ ...a, ...b }) as (keyof DashboardModel)[])
    .filter((k) => k !== 'panels' && canonicalJson(a[k]) !== canonicalJson(b[k]))
    .sort()
  return {
    a: versions.a,
    b: versions.b,
    added: b.panels.filter((p) => !before.has(p.id)).map(label),
    removed: a.panels.filter((p) => !after.has(p.id)).map(label),
    changed,
    settings,
    lines: lineDiff(canonicalJson(a).trimEnd().split('\n'), canonicalJson(b).trimEnd().split('\n'))
  }
}
