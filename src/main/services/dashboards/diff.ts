/** What changed between two versions of a dashboard: panels added, removed and changed, and a line diff of the JSON. */
import type { DashboardModel, DashboardDiff } from '../../../shared/contract/dashboards'
import { canonicalJson } from './model'

type Line = DashboardDiff['lines'][number]

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

/** A longest-common-subsequence line diff (dashboards are small: a few thousand lines at most). */
export function lineDiff(a: string[], b: string[]): Line[] {
  // trim the common head and tail so the table stays small
  let head = 0
  while (head < a.length && head < b.length && a[head] === b[head]) head++
  let tail = 0
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++
  const x = a.slice(head, a.length - tail)
  const y = b.slice(head, b.length - tail)
  const n = x.length
  const m = y.length
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
  const mid: Line[] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      mid.push({ op: ' ', text: x[i]! })
      i++
      j++
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) mid.push({ op: '+', text: y[j++]! })
    else mid.push({ op: '-', text: x[i++]! })
  }
  const same = (t: string): Line => ({ op: ' ', text: t })
  return [...a.slice(0, head).map(same), ...mid, ...a.slice(a.length - tail).map(same)]
}
