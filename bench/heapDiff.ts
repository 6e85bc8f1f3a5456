// Compares two V8 heap snapshots of one process (e.g. from `npm run bench soak` with BENCH_SOAK_SNAPSHOTS=10,60):
//  1. objects grouped by constructor: what grew in count and self size between them;
//  2. the objects allocated after the first snapshot that are still alive in the second (heap ids only increase), by
//     constructor, with who holds them (the retaining object's constructor and the edge). In a steady state these are
//     replacements (the current minute's aggregates, the newest result of each check); a leak shows as a group whose
//     holder keeps adding (a Map's table, an array's elements, a listener list).
//
//   node --import tsx bench/heapDiff.ts before.heapsnapshot after.heapsnapshot [top]
import fs from 'node:fs'

interface Raw {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } }
  nodes: number[]
  edges: number[]
  strings: string[]
}

/** One snapshot with named accessors over its flat arrays. */
class Heap {
  readonly count: number
  private N: number
  private E: number
  private f: Record<'type' | 'name' | 'id' | 'size' | 'edges' | 'eType' | 'eName' | 'eTo', number>
  constructor(private s: Raw) {
    const nf = s.snapshot.meta.node_fields
    const ef = s.snapshot.meta.edge_fields
    this.N = nf.length
    this.E = ef.length
    this.count = s.nodes.length / this.N
    this.f = {
      type: nf.indexOf('type'),
      name: nf.indexOf('name'),
      id: nf.indexOf('id'),
      size: nf.indexOf('self_size'),
      edges: nf.indexOf('edge_count'),
      eType: ef.indexOf('type'),
      eName: ef.indexOf('name_or_index'),
      eTo: ef.indexOf('to_node')
    }
  }
  type = (n: number): string => this.s.snapshot.meta.node_types[0][this.s.nodes[n * this.N + this.f.type]!]!
  id = (n: number): number => this.s.nodes[n * this.N + this.f.id]!
  size = (n: number): number => this.s.nodes[n * this.N + this.f.size]!
  /** Constructor-like key: `object Map`, `closure handler`, `(string)`. */
  key = (n: number): string => {
    const type = this.type(n)
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return `(${type})`
    return `${type} ${String(this.s.strings[this.s.nodes[n * this.N + this.f.name]!]).slice(0, 60)}`
  }
  /** Calls fn(from, to, edgeLabel) for every non-weak edge. */
  edges(fn: (from: number, to: number, label: string) => void): void {
    const types = this.s.snapshot.meta.edge_types[0]
    let e = 0
    for (let n = 0; n < this.count; n++) {
      const k = this.s.nodes[n * this.N + this.f.edges]!
      for (let i = 0; i < k; i++, e += this.E) {
        const t = types[this.s.edges[e + this.f.eType]!]!
        if (t === 'weak') continue
        const name = this.s.edges[e + this.f.eName]!
        fn(n, this.s.edges[e + this.f.eTo]! / this.N, t === 'element' || t === 'hidden' ? '[]' : `.${this.s.strings[name]}`)
      }
    }
  }
}

const load = (file: string): Heap => new Heap(JSON.parse(fs.readFileSync(file, 'utf8')) as Raw)
const kb = (b: number): string => (b / 1024).toFixed(1).padStart(9)

function groups(h: Heap, only?: (n: number) => boolean): Map<string, { count: number; self: number; nodes: number[] }> {
  const out = new Map<string, { count: number; self: number; nodes: number[] }>()
  for (let n = 0; n < h.count; n++) {
    if (only && !only(n)) continue
    const g = out.get(h.key(n)) ?? { count: 0, self: 0, nodes: [] }
    g.count++
    g.self += h.size(n)
    if (only) g.nodes.push(n)
    out.set(h.key(n), g)
  }
  return out
}

export function heapDiff(beforeFile: string, afterFile: string, top = 25): string[] {
  const before = load(beforeFile)
  const gb = groups(before)
  let lastId = 0
  for (let n = 0; n < before.count; n++)
    if (before.type(n) !== 'synthetic' && before.type(n) !== 'native') lastId = Math.max(lastId, before.id(n))
  const after = load(afterFile)
  const ga = groups(after)
  const total = (g: Map<string, { self: number }>): number => [...g.values()].reduce((a, x) => a + x.self, 0)
  const lines = [
    `heap self size ${(total(gb) / 2 ** 20).toFixed(2)} MB → ${(total(ga) / 2 ** 20).toFixed(2)} MB`,
    '',
    'Δ self KB   Δ count    count  constructor'
  ]
  const rows = [...ga].map(([k, g]) => ({ k, g, d: g.self - (gb.get(k)?.self ?? 0), dc: g.count - (gb.get(k)?.count ?? 0) }))
  for (const r of rows.sort((x, y) => y.d - x.d).slice(0, top))
    lines.push(`${kb(r.d)} ${String(r.dc).padStart(9)} ${String(r.g.count).padStart(8)}  ${r.k}`)

  // survivors: allocated after the first snapshot, alive in the second, and who holds them
  const fresh = (n: number): boolean => after.id(n) > lastId && after.type(n) !== 'synthetic'
  const holder = new Map<number, string>()
  after.edges((from, to, label) => {
    if (!fresh(to)) return
    // prefer an older holder: that is the structure a new object was added to
    if (!holder.has(to) || !fresh(from)) holder.set(to, `${after.key(from)}${fresh(from) ? ' (new)' : ''} ${label}`)
  })
  const gs = groups(after, fresh)
  lines.push('', 'allocated after the first snapshot and still alive in the second:', '  self KB    count  constructor  ← held by')
  for (const [k, g] of [...gs].sort((x, y) => y[1].self - x[1].self).slice(0, top)) {
    const by = new Map<string, number>()
    for (const n of g.nodes) by.set(holder.get(n) ?? '(root)', (by.get(holder.get(n) ?? '(root)') ?? 0) + 1)
    const best = [...by].sort((x, y) => y[1] - x[1]).slice(0, 2)
    lines.push(`${kb(g.self)} ${String(g.count).padStart(8)}  ${k}  ← ${best.map(([h, c]) => `${h} ×${c}`).join('; ')}`)
  }
  return lines
}

if (process.argv[1]?.endsWith('heapDiff.ts')) {
  const [before, after, top] = process.argv.slice(2)
  if (!before || !after) {
    console.error('usage: node --import tsx bench/heapDiff.ts before.heapsnapshot after.heapsnapshot [top]')
    process.exit(1)
  }
  for (const line of heapDiff(before, after, Number(top ?? 25))) console.log(line)
}
