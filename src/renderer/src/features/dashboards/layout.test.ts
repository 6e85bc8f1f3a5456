import { describe, expect, it } from 'vitest'
import { bottomRow, firstFit, moved, nextPanelId, resized, settle } from './layout'

// a 1192 px grid: 12 columns of 92 px with 8 px gaps (100 px a column), rows of 40 px with 8 px gaps (48 px a row)
const W = 1192

describe('dashboard grid', () => {
  it('snaps a drag to whole cells and keeps the panel inside the columns', () => {
    const box = { x: 2, y: 1, w: 4, h: 3 }
    expect(moved(box, 149, 30, W)).toEqual({ x: 3, y: 2, w: 4, h: 3 })
    expect(moved(box, 151, 0, W)).toEqual({ x: 4, y: 1, w: 4, h: 3 })
    expect(moved(box, 5000, -500, W)).toEqual({ x: 8, y: 0, w: 4, h: 3 })
  })

  it('resizes by cells, at least one, never past the last column', () => {
    const box = { x: 6, y: 0, w: 3, h: 2 }
    expect(resized(box, 260, 100, W)).toEqual({ x: 6, y: 0, w: 6, h: 4 })
    expect(resized(box, -900, -900, W)).toEqual({ x: 6, y: 0, w: 1, h: 1 })
  })

  it('pushes overlapped panels down below the one placed', () => {
    const panels = [
      { id: 'p1', x: 0, y: 0, w: 6, h: 3 },
      { id: 'p2', x: 6, y: 0, w: 6, h: 3 },
      { id: 'p3', x: 0, y: 3, w: 12, h: 2 }
    ]
    const dropped = settle([{ ...panels[0]!, w: 8 }, panels[1]!, panels[2]!], 'p1')
    expect(dropped.map((p) => [p.id, p.x, p.y])).toEqual([
      ['p1', 0, 0],
      ['p2', 6, 3],
      ['p3', 0, 6]
    ])
    expect(nextPanelId(panels)).toBe('p4')
    expect(nextPanelId([])).toBe('p1')
    expect(bottomRow(panels)).toBe(5)
    expect(firstFit([panels[0]!], 6, 3)).toEqual({ x: 6, y: 0 })
    expect(firstFit(panels, 6, 3)).toEqual({ x: 0, y: 5 })
  })
})
