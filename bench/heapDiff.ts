// Compares two V8 heap snapshots (.heapsnapshot, e.g. from `npm run bench soak` with BENCH_SOAK_SNAPSHOTS=10,60):
// objects grouped by constructor (type + name), what grew in count and self size between them, and for the top
// growers who holds them (the retaining object's constructor and the edge name), which names the structure.
//
//   node --import tsx bench/heapDiff.ts before.heapsnapshot after.heapsnapshot [top]
import fs from 'node:fs'

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } }
  nodes: number[]
  edges: number[]
  strings: string[]
}

interface Group {
  count: number
  self: number
}

export interface HeapSummary {
  groups: Map<string, Group>
  /** For each group key: "retainer constructor .edge" → count. */
  retainers(keys: Set<string>): Map<string, Map<string, number>>
  total: number
}

export function summarize(file: string): HeapSummary {
  const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot
  const nf = s.snapshot.meta.node_fields
  const ef = s.snapshot.meta.edge_fields
  const nodeTypes = s.snapshot.meta.node_types[0]
  const edgeTypes = s.snapshot.meta.edge_types[0]
  const N = nf.length
  const E = ef.length
  const [iType, iName, iSize, iEdges] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f)) as [
    number,
    number,
    number,
    number
  ]
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f)) as [number, number, number]
  const keyOf = (n: number): string => {
    const type = nodeTypes[s.nodes[n + iType]!]!
    const name = s.strings[s.nodes[n + iName]!]!
    return type === 'object' || type === 'closure'
      ? `${type} ${name}`
      : type === 'string' || type === 'concatenated string'
        ? `(${type})`
        : `${type} ${name.slice(0, 60)}`
  }
  const groups = new Map<string, Group>()
  let total = 0
  for (let n = 0; n < s.nodes.length; n += N) {
    const k = keyOf(n)
    const g = groups.get(k) ?? { count: 0, self: 0 }
    g.count++
    g.self += s.nodes[n + iSize]!
    total += s.nodes[n + iSize]!
    groups.set(k, g)
  }
  return {
    groups,
    total,
    retainers(keys) {
      const out = new Map<string, Map<string, number>>()
      let e = 0
      for (let n = 0; n < s.nodes.length; n += N) {
        const count = s.nodes[n + iEdges]!
        const from = keyOf(n)
        for (let i = 0; i < count; i++, e += E) {
          const to = s.edges[e + eTo]!
          const toKey = keyOf(to)
          if (!keys.has(toKey)) continue
          const type = edgeTypes[s.edges[e + eType]!]!
          if (type === 'weak') continue
          const nameOrIndex = s.edges[e + eName]!
          const edge = type === 'element' || type === 'hidden' ? `[${type}]` : `.${s.strings[nameOrIndex]}`
          const m = out.get(toKey) ?? new Map<string, number>()
          const r = `${from} ${edge}`
          m.set(r, (m.get(r) ?? 0) + 1)
          out.set(toKey, m)
        }
      }
      return out
    }
  }
}

export function diff(a: HeapSummary, b: HeapSummary, top: number): string[] {
  const rows = [...b.groups].map(([k, g]) => {
    const before = a.groups.get(k) ?? { count: 0, self: 0 }
    return { k, dCount: g.count - before.count, dSelf: g.self - before.self, count: g.count, self: g.self }
  })
  const bySelf = rows.sort((x, y) => y.dSelf - x.dSelf).slice(0, top)
  const lines = [
    `total self size ${(a.total / 1e6).toFixed(2)} MB → ${(b.total / 1e6).toFixed(2)} MB`,
    'Δ self KB   Δ count   count   constructor'
  ]
  for (const r of bySelf)
    lines.push(`${(r.dSelf / 1024).toFixed(1).padStart(9)} ${String(r.dCount).padStart(9)} ${String(r.count).padStart(7)}   ${r.k}`)
  const ret = b.retainers(
    new Set(
      bySelf
        .slice(0, 10)
        .filter((r) => r.dCount > 0)
        .map((r) => r.k)
    )
  )
  for (const r of bySelf.slice(0, 10)) {
    const m = ret.get(r.k)
    if (!m) continue
    const best = [...m].sort((x, y) => y[1] - x[1]).slice(0, 3)
    lines.push(`  ${r.k} held by: ${best.map(([h, n]) => `${h} ×${n}`).join('; ')}`)
  }
  return lines
}

if (process.argv[1]?.endsWith('heapDiff.ts')) {
  const files = process.argv.slice(2)
  const [before, after, top] = files
  if (!before || !after) {
    console.error('usage: node --import tsx bench/heapDiff.ts before.heapsnapshot after.heapsnapshot [top]')
    process.exit(1)
  }
  for (const line of diff(summarize(before), summarize(after), Number(top ?? 30))) console.log(line)
}
