/** The dashboard grid: 12 columns of rows ROW_PX high; moving and resizing panels by whole cells. */
import { GRID_COLUMNS, type DashboardPanel } from '../../../../shared/contract/dashboards'

export const ROW_PX = 40
export const GAP_PX = 8

type Box = Pick<DashboardPanel, 'x' | 'y' | 'w' | 'h'>

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))

/** The box after a drag of (dx, dy) pixels on a grid `width` pixels wide, snapped to cells and kept inside the columns. */
export function moved(box: Box, dx: number, dy: number, width: number): Box {
  const [cx, cy] = cells(dx, dy, width)
  return { ...box, x: clamp(box.x + cx, 0, GRID_COLUMNS - box.w), y: clamp(box.y + cy, 0, 1000) }
}

/** Pixels dragged on a grid `width` pixels wide → whole columns and rows. */
function cells(dx: number, dy: number, width: number): [number, number] {
  return [Math.round(dx / ((width + GAP_PX) / GRID_COLUMNS)), Math.round(dy / (ROW_PX + GAP_PX))]
}

/** The box after its corner is dragged by (dx, dy) pixels: at least one cell, never past the last column. */
export function resized(box: Box, dx: number, dy: number, width: number): Box {
  const [cx, cy] = cells(dx, dy, width)
  return { ...box, w: clamp(box.w + cx, 1, GRID_COLUMNS - box.x), h: clamp(box.h + cy, 1, 40) }
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

/** Panels pushed down, in order of their rows, until none overlaps the one that was just placed (`fixedId`) or another. */
export function settle<P extends Box & { id: string }>(panels: P[], fixedId: string): P[] {
  const fixed = panels.find((p) => p.id === fixedId)
  const rest = panels.filter((p) => p.id !== fixedId).sort((a, b) => a.y - b.y || a.x - b.x)
  const placed: P[] = fixed ? [fixed] : []
  for (const p of rest) {
    let y = p.y
    while (placed.some((q) => overlaps({ ...p, y }, q))) y++
    placed.push({ ...p, y })
  }
  return panels.map((p) => placed.find((q) => q.id === p.id)!)
}

/** The next free panel id (p1, p2 …). */
export const nextPanelId = (panels: { id: string }[]): string => `p${Math.max(0, ...panels.map((p) => Number(p.id.slice(1)) || 0)) + 1}`

/** The first row under every panel. */
export const bottomRow = (panels: Box[]): number => Math.max(0, ...panels.map((p) => p.y + p.h))

/** The top-most, then left-most, place where a w × h panel overlaps none of the others. */
export function firstFit(panels: Box[], w: number, h: number): { x: number; y: number } {
  for (let y = 0; ; y++) for (let x = 0; x + w <= GRID_COLUMNS; x++) if (!panels.some((p) => overlaps({ x, y, w, h }, p))) return { x, y }
}
