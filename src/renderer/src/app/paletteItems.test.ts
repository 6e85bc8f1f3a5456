import { describe, expect, it, vi } from 'vitest'
import { PALETTE_ACTIONS } from './modules'
import { pageEntries, paletteItems, themeCommands } from './paletteItems'

const fixed = (setTheme = vi.fn()) => [...pageEntries(PALETTE_ACTIONS), ...themeCommands(setTheme)]
const titles = (q: string) => paletteItems(q, fixed(), []).map((i) => `${i.kind}: ${i.title} → ${i.route}`)

describe('palette: sub-pages and the theme command', () => {
  it('offers the sub-pages the areas declare, found by title or subtitle', () => {
    expect(titles('maintenance')).toContain('action: Maintenance windows → /services/maintenance')
    expect(titles('compare')).toContain('action: Compare runs and versions → /models/compare')
    expect(titles('budgets')).toContain('action: Budgets → /costs/budgets')
    expect(titles('reports')).toContain('action: Cost reports → /costs/reports')
    expect(titles('recommendations')).toContain('action: Savings recommendations → /costs/savings')
    expect(titles('drift datasets')).toEqual(['action: Drift datasets → /drift/datasets'])
  })

  it('lists every area page when the query is empty, and nothing for a query nothing matches', () => {
    const all = paletteItems('', fixed(), [])
    expect(all.filter((i) => i.kind === 'page').map((i) => i.route)).toEqual(
      expect.arrayContaining(['/services', '/alerts', '/costs', '/drift'])
    )
    expect(paletteItems('zzzz-nothing', fixed(), [])).toEqual([])
  })

  it('has a theme command per choice that switches the theme in place', () => {
    const setTheme = vi.fn()
    const found = paletteItems('theme', fixed(setTheme), [])
    expect(found.map((i) => i.title)).toEqual(['Theme: Light', 'Theme: Dark', 'Theme: Follow the system'])
    expect(found.every((i) => i.kind === 'command' && i.run)).toBe(true)
    found.find((i) => i.title === 'Theme: Dark')!.run!()
    expect(setTheme).toHaveBeenCalledWith('dark')
    expect(paletteItems('colour', fixed(setTheme), [])).toHaveLength(3)
  })

  it('puts the objects main found after the pages, keyed by kind and id', () => {
    const items = paletteItems('cloud', fixed(), [
      { kind: 'budget', id: '3', title: 'Cloud', subtitle: 'monthly budget', route: '/costs/budgets' },
      { kind: 'channel', id: '2', title: 'Cloud ops', route: '/integrations/2' }
    ])
    expect(items.slice(-2)).toEqual([
      { key: 'budget:3', kind: 'budget', title: 'Cloud', subtitle: 'monthly budget', route: '/costs/budgets' },
      { key: 'channel:2', kind: 'channel', title: 'Cloud ops', route: '/integrations/2' }
    ])
    expect(items.findIndex((i) => i.kind === 'budget')).toBeGreaterThanOrEqual(
      items.filter((i) => i.kind !== 'budget' && i.kind !== 'channel').length
    )
  })
})
