/**
 * Point-in-time join as a sort-merge per entity key, in bounded memory.
 *
 * For each entity row (key k, timestamp t) and view, the answer is the feature row with key k that is *eligible*
 * (event_ts ≤ t, and created_ts ≤ t when late backfills are filtered) and greatest by (event_ts, created_ts, file order);
 * it is kept when event_ts ≥ t − ttl (ttl 0: no lower bound), else the values are null.
 *
 * Feature rows arrive in chunks of bounded size. Being the greatest eligible row is a maximum, so it decomposes: each chunk
 * is sorted by (key, available-from) with available-from = event_ts (or max(event_ts, created_ts) with the filter), and
 * merged against the entity rows sorted by (key, t) with one running maximum per key; a chunk's winner replaces an entity
 * row's answer when it is greater. Memory: the entity side plus one chunk. TTL is applied at the end, on the overall
 * winner: it has the greatest event_ts of all eligible rows, so if it is too old, all are.
 */

/** The entity file as the join needs it, for one set of join keys. */
export interface EntitySide {
  n: number
  /** Key id per entity row; −1 when a join key is missing (the row never matches). */
  keyIds: Int32Array
  /** Entity timestamps in ms. */
  ts: Float64Array
  /** Distinct keys (id → canonical text). */
  keyCount: number
  /** Entity rows with a key, grouped by key id (bucket k is order[start[k]..start[k+1]]), each group by ts. */
  order: Int32Array
  start: Int32Array
}

/** Groups row indices by key id (counting sort), each group sorted by `time` then index. */
export function bucketByKey(keyIds: Int32Array, n: number, keyCount: number, time: Float64Array): { order: Int32Array; start: Int32Array } {
  const start = new Int32Array(keyCount + 1)
  for (let i = 0; i < n; i++) {
    const k = keyIds[i]!
    if (k >= 0) start[k + 1]!++
  }
  for (let k = 0; k < keyCount; k++) start[k + 1]! += start[k]!
  const fill = start.slice(0, keyCount)
  const order = new Int32Array(start[keyCount]!)
  for (let i = 0; i < n; i++) {
    const k = keyIds[i]!
    if (k >= 0) order[fill[k]!++] = i
  }
  for (let k = 0; k < keyCount; k++) {
    const a = start[k]!
    const b = start[k + 1]!
    if (b - a > 1) sortRange(order, a, b, time)
  }
  return { order, start }
}

/** Sorts order[a..b) by time, then by index (stable, deterministic). */
function sortRange(order: Int32Array, a: number, b: number, time: Float64Array): void {
  if (b - a <= 16) {
    for (let i = a + 1; i < b; i++) {
      const v = order[i]!
      const tv = time[v]!
      let j = i - 1
      while (j >= a && (time[order[j]!]! > tv || (time[order[j]!]! === tv && order[j]! > v))) {
        order[j + 1] = order[j]!
        j--
      }
      order[j + 1] = v
    }
    return
  }
  order.subarray(a, b).sort((x, y) => time[x]! - time[y]! || x - y)
}

export function entitySide(keyIds: Int32Array, ts: Float64Array, keyCount: number): EntitySide {
  const n = keyIds.length
  const { order, start } = bucketByKey(keyIds, n, keyCount, ts)
  return { n, keyIds, ts, keyCount, order, start }
}

/** A chunk of feature rows of one view (only rows whose key occurs in the entity file). */
export interface FeatureChunk {
  n: number
  keyIds: Int32Array
  ts: Float64Array
  /** Created timestamps; −Infinity when there is none (sorts first). */
  created: Float64Array
  /** Position in the source (file order), the last tie-breaker. */
  ord: Float64Array
  /** Per feature: numbers (NaN = null) or dictionary codes (−1 = null). */
  values: (Float64Array | Int32Array)[]
}

export interface JoinOptions {
  ttlMs: number
  filterByCreated: boolean
}

/** Winners of one view for every entity row; values start null and are filled chunk by chunk. */
export class ViewJoin {
  readonly bestTs: Float64Array
  readonly bestCreated: Float64Array
  readonly bestOrd: Float64Array
  readonly values: (Float64Array | Int32Array)[]

  constructor(
    private entity: EntitySide,
    kinds: ('number' | 'code')[],
    private opts: JoinOptions
  ) {
    const n = entity.n
    this.bestTs = new Float64Array(n).fill(-Infinity)
    this.bestCreated = new Float64Array(n).fill(-Infinity)
    this.bestOrd = new Float64Array(n).fill(-1)
    this.values = kinds.map((k) => (k === 'number' ? new Float64Array(n).fill(Number.NaN) : new Int32Array(n).fill(-1)))
  }

  /** Merges one chunk into the winners. */
  add(chunk: FeatureChunk): void {
    const { n, keyIds, ts, created, ord, values } = chunk
    if (n === 0) return
    const avail = this.opts.filterByCreated ? new Float64Array(n) : ts
    if (this.opts.filterByCreated) for (let i = 0; i < n; i++) avail[i] = Math.max(ts[i]!, created[i]!)
    const { order, start } = bucketByKey(keyIds, n, this.entity.keyCount, avail)
    const e = this.entity
    const { bestTs, bestCreated, bestOrd } = this
    const outs = this.values
    const nv = outs.length
    for (let k = 0; k < e.keyCount; k++) {
      let p = start[k]!
      const pEnd = start[k + 1]!
      if (p === pEnd) continue
      let run = -1 // the greatest row so far among this key's rows with avail ≤ the entity time
      for (let q = e.start[k]!, qEnd = e.start[k + 1]!; q < qEnd; q++) {
        const row = e.order[q]!
        const t = e.ts[row]!
        while (p < pEnd && avail[order[p]!]! <= t) {
          const c = order[p++]!
          if (run < 0 || greater(ts[c]!, created[c]!, ord[c]!, ts[run]!, created[run]!, ord[run]!)) run = c
        }
        if (run < 0) continue
        if (!greater(ts[run]!, created[run]!, ord[run]!, bestTs[row]!, bestCreated[row]!, bestOrd[row]!)) continue
        bestTs[row] = ts[run]!
        bestCreated[row] = created[run]!
        bestOrd[row] = ord[run]!
        for (let f = 0; f < nv; f++) outs[f]![row] = values[f]![run]!
      }
    }
  }

  /** Applies the TTL to the winners; answers how many entity rows got a value. */
  finish(): number {
    const { ttlMs } = this.opts
    const e = this.entity
    let matched = 0
    for (let row = 0; row < e.n; row++) {
      const bt = this.bestTs[row]!
      if (bt === -Infinity) continue
      if (ttlMs > 0 && bt < e.ts[row]! - ttlMs) {
        for (const out of this.values) {
          if (out instanceof Float64Array) out[row] = Number.NaN
          else out[row] = -1
        }
        continue
      }
      matched++
    }
    return matched
  }
}

const greater = (t1: number, c1: number, o1: number, t2: number, c2: number, o2: number): boolean =>
  t1 > t2 || (t1 === t2 && (c1 > c2 || (c1 === c2 && o1 > o2)))
