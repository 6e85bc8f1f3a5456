import type { PresenceEntry } from '../../../shared/contract/presence'

export interface Person {
  key: string
  name: string
  initials: string
  routes: string[]
}

/** "Dana Lee" → "DL", "root" → "RO". */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/)
    .filter(Boolean)
  if (words.length === 0) return '?'
  if (words.length === 1) return words[0]!.slice(0, 2).toUpperCase()
  return (words[0]![0]! + words[words.length - 1]![0]!).toUpperCase()
}

/** The other open views (not this one), one person per user (their views' routes together), by name. */
export function otherPeople(viewers: PresenceEntry[], myClientId: string, route?: string): Person[] {
  const people = new Map<string, Person>()
  for (const v of viewers) {
    if (v.clientId === myClientId || (route !== undefined && v.route !== route)) continue
    const key = v.userId !== null ? `u${v.userId}` : `n${v.name}`
    const p = people.get(key) ?? { key, name: v.name, initials: initials(v.name), routes: [] }
    if (!p.routes.includes(v.route)) p.routes.push(v.route)
    people.set(key, p)
  }
  return [...people.values()].sort((a, b) => a.name.localeCompare(b.name))
}
