/** Places a lineage graph's versions in columns by generation (parent → child left to right), rows in version order. */
import type { LineageNode } from '../../../../shared/contract/mlops'

export interface Placed extends LineageNode {
  x: number
  y: number
}

export function layoutLineage(nodes: LineageNode[], colW = 200, rowH = 70): { nodes: Placed[]; width: number; height: number } {
  const byId = new Map(nodes.map((n) => [n.versionId, n]))
  const depth = new Map<number, number>()
  const depthOf = (n: LineageNode, seen = new Set<number>()): number => {
    if (depth.has(n.versionId)) return depth.get(n.versionId)!
    const p = n.parentVersionId !== null ? byId.get(n.parentVersionId) : undefined
    const d = p && !seen.has(p.versionId) ? depthOf(p, seen.add(n.versionId)) + 1 : 0
    depth.set(n.versionId, d)
    return d
  }
  const rowsPerCol = new Map<number, number>()
  const placed = nodes.map((n) => {
    const d = depthOf(n)
    const row = rowsPerCol.get(d) ?? 0
    rowsPerCol.set(d, row + 1)
    return { ...n, x: 20 + d * colW, y: 20 + row * rowH }
  })
  const cols = Math.max(1, ...[...rowsPerCol.keys()].map((k) => k + 1))
  const rows = Math.max(1, ...rowsPerCol.values())
  return { nodes: placed, width: 40 + cols * colW, height: 40 + rows * rowH }
}
