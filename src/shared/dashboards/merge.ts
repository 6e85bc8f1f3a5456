/**
 * Re-applying an edit on a newer version (a stale save): what changed from the version the editor opened (`base`) to
 * the draft (`mine`) is applied onto the version someone else saved (`theirs`), panel by panel and setting by setting.
 * Where both changed the same panel or setting, the draft wins and the item is listed, so the person can check it.
 */
import type { DashboardModel, DashboardPanel } from '../contract/dashboards'

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

export function reapply(base: DashboardModel, mine: DashboardModel, theirs: DashboardModel): { model: DashboardModel; overlaps: string[] } {
  const overlaps: string[] = []
  const out: Record<string, unknown> = { ...theirs }
  for (const k of Object.keys(mine) as (keyof DashboardModel)[]) {
    if (k === 'panels' || same(base[k], mine[k])) continue
    if (!same(base[k], theirs[k]) && !same(theirs[k], mine[k])) overlaps.push(`setting ${k}`)
    out[k] = mine[k]
  }
  const baseById = new Map(base.panels.map((p) => [p.id, p]))
  const mineById = new Map(mine.panels.map((p) => [p.id, p]))
  const panels: DashboardPanel[] = []
  for (const p of theirs.panels) {
    const b = baseById.get(p.id)
    const m = mineById.get(p.id)
    if (b && !m) {
      if (!same(b, p)) overlaps.push(`panel “${p.title || p.id}” (you removed it, they changed it)`)
      continue
    }
    if (b && m && !same(b, m)) {
      if (!same(b, p) && !same(p, m)) overlaps.push(`panel “${m.title || m.id}”`)
      panels.push(m)
    } else panels.push(p)
  }
  const taken = new Set(panels.map((p) => p.id))
  let next = Math.max(0, ...[...theirs.panels, ...mine.panels].map((p) => Number(p.id.slice(1)))) + 1
  for (const m of mine.panels)
    if (!baseById.has(m.id)) {
      // a panel added in both drafts under the same id keeps both: mine gets a fresh id
      panels.push(taken.has(m.id) ? { ...m, id: `p${next++}` } : m)
      taken.add(m.id)
    }
  return { model: { ...(out as DashboardModel), panels }, overlaps }
}
