/** What the command palette lists for a query: pages and sub-pages, the theme commands, then the objects main found. */
import { AREAS } from '../../../shared/areas'
import type { PaletteAction } from './module'

export interface PaletteEntry {
  key: string
  title: string
  subtitle?: string
  route: string
  kind: string
  /** A command run in place (the theme) instead of a page to open. */
  run?: () => void
}

export type ThemeChoice = 'light' | 'dark' | 'system'

const THEMES: [ThemeChoice, string][] = [
  ['light', 'Light'],
  ['dark', 'Dark'],
  ['system', 'Follow the system']
]

/** The theme commands; choosing one calls `setTheme`. */
export const themeCommands = (setTheme: (t: ThemeChoice) => void): PaletteEntry[] =>
  THEMES.map(([id, label]) => ({
    key: `theme:${id}`,
    title: `Theme: ${label}`,
    subtitle: 'Switch the colour theme',
    route: '',
    kind: 'command',
    run: () => setTheme(id)
  }))

/** Every area's page and the sub-pages the areas offer as actions (maintenance, compare, budgets, reports …). */
export const pageEntries = (actions: PaletteAction[]): PaletteEntry[] => [
  ...AREAS.map((a) => ({ key: `page:${a.id}`, title: a.label, subtitle: a.blurb, route: `/${a.id}`, kind: 'page' })),
  ...actions.map((a) => ({ key: `action:${a.route}`, ...a, kind: 'action' }))
]

/** Pages and commands whose title or subtitle contain the query (all when it is empty), then the found objects. */
export function paletteItems(
  query: string,
  fixed: PaletteEntry[],
  objects: { kind: string; id: string; title: string; subtitle?: string | undefined; route: string }[]
): PaletteEntry[] {
  const q = query.trim().toLowerCase()
  const pages = fixed.filter((p) => !q || p.title.toLowerCase().includes(q) || p.subtitle?.toLowerCase().includes(q))
  const found = objects.map((o) => ({
    key: `${o.kind}:${o.id}`,
    title: o.title,
    ...(o.subtitle ? { subtitle: o.subtitle } : {}),
    route: o.route,
    kind: o.kind
  }))
  return [...pages, ...found]
}
