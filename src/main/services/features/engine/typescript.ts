/** Historical retrieval in TypeScript: the entity file in memory (keys and times), each view streamed in bounded chunks. */
import { columnNames, readColumns, FeatureInputError, type Progress } from '../files'
import { Dictionary, entityKey, toInstant, toNumber, toText } from '../values'
import { writeTrainingSet, type OutputColumn } from './output'
import { entitySide, ViewJoin, type EntitySide, type FeatureChunk } from './pit'
import { badTimestampMessage, type RetrievalRequest, type RetrievalResult, type RetrievalView } from './retrieval'

const cancelled = (): Error => Object.assign(new Error('cancelled'), { name: 'AbortError' })

interface KeySpace {
  map: Map<string, number>
  side: EntitySide
}

/** Reads the entity file's join keys and timestamps; one key space per distinct set of join keys. */
async function readEntity(
  req: RetrievalRequest,
  signal: AbortSignal | undefined,
  progress: Progress
): Promise<{ n: number; ts: Float64Array; spaces: Map<string, KeySpace> }> {
  const keySets = new Map<string, RetrievalView['keys']>()
  for (const v of req.views) keySets.set(v.keys.map((k) => `${k.name}:${k.type}`).join(','), v.keys)
  const keyColumns = [...new Set([...keySets.values()].flat().map((k) => k.name))]
  const wanted = [req.entity.timestampColumn, ...keyColumns]
  const ts: number[] = []
  const texts = keyColumns.map(() => [] as unknown[])
  const bad: number[] = []
  let badCount = 0
  await readColumns(
    req.entity.source,
    wanted,
    (cols, n) => {
      const base = ts.length
      for (let i = 0; i < n; i++) {
        const t = toInstant(cols[0]![i])
        if (t === null) {
          if (bad.length < 5) bad.push(base + i)
          badCount++
        }
        ts.push(t ?? Number.NaN)
      }
      for (let j = 0; j < keyColumns.length; j++) for (let i = 0; i < n; i++) texts[j]!.push(cols[j + 1]![i])
    },
    { signal, progress, label: 'reading the entity file' }
  ).catch((err: unknown) => {
    if (err instanceof FeatureInputError) throw new FeatureInputError(`entity file: ${err.message}`, 'entityPath')
    throw err
  })
  if (badCount)
    throw new FeatureInputError(badTimestampMessage(req.entity.timestampColumn, bad, badCount, req.entity.source.format), 'entityPath')
  const n = ts.length
  const tsArr = Float64Array.from(ts)
  const spaces = new Map<string, KeySpace>()
  for (const [sig, keys] of keySets) {
    const cols = keys.map((k) => texts[keyColumns.indexOf(k.name)]!)
    const map = new Map<string, number>()
    const ids = new Int32Array(n)
    const parts = new Array<unknown>(keys.length)
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < keys.length; j++) parts[j] = cols[j]![i]
      const key = entityKey(parts, keys)
      if (key === null) {
        ids[i] = -1
        continue
      }
      let id = map.get(key)
      if (id === undefined) {
        id = map.size
        map.set(key, id)
      }
      ids[i] = id
    }
    spaces.set(sig, { map, side: entitySide(ids, tsArr, map.size) })
  }
  return { n, ts: tsArr, spaces }
}

/** Streams one view's source through the join, `chunkRows` feature rows at a time. */
async function joinView(
  view: RetrievalView,
  space: KeySpace,
  filterByCreated: boolean,
  chunkRows: number,
  signal: AbortSignal | undefined,
  progress: Progress
): Promise<{ columns: OutputColumn[]; skipped: number }> {
  const kinds = view.features.map((f) => (f.type === 'string' ? ('code' as const) : ('number' as const)))
  const join = new ViewJoin(space.side, kinds, { ttlMs: view.ttlSeconds * 1000, filterByCreated })
  const dicts = view.features.map((f) => (f.type === 'string' ? new Dictionary() : null))
  const cap = Math.max(1, chunkRows)
  const fresh = (): FeatureChunk => ({
    n: 0,
    keyIds: new Int32Array(cap),
    ts: new Float64Array(cap),
    created: new Float64Array(cap),
    ord: new Float64Array(cap),
    values: kinds.map((k) => (k === 'number' ? new Float64Array(cap) : new Int32Array(cap)))
  })
  let chunk = fresh()
  const wanted = [
    ...view.keys.map((k) => k.name),
    view.timestampField,
    ...(view.createdTimestampField ? [view.createdTimestampField] : []),
    ...view.features.map((f) => f.name)
  ]
  const nk = view.keys.length
  const tsAt = nk
  const crAt = view.createdTimestampField ? nk + 1 : -1
  const fAt = nk + (view.createdTimestampField ? 2 : 1)
  let ord = 0
  let skipped = 0
  await readColumns(
    view.source,
    wanted,
    (cols, n) => {
      if (signal?.aborted) throw cancelled()
      const parts = new Array<unknown>(nk)
      for (let i = 0; i < n; i++, ord++) {
        for (let j = 0; j < nk; j++) parts[j] = cols[j]![i]
        const key = entityKey(parts, view.keys)
        if (key === null) continue
        const id = space.map.get(key)
        if (id === undefined) continue
        const t = toInstant(cols[tsAt]![i])
        if (t === null) {
          skipped++
          continue
        }
        let c = -Infinity
        if (crAt >= 0) {
          const cv = toInstant(cols[crAt]![i])
          if (cv !== null) c = cv
          else if (filterByCreated) continue
        } else if (filterByCreated) continue
        const r = chunk.n++
        chunk.keyIds[r] = id
        chunk.ts[r] = t
        chunk.created[r] = c
        chunk.ord[r] = ord
        for (let f = 0; f < kinds.length; f++) {
          const cell = cols[fAt + f]![i]
          const type = view.features[f]!.type
          chunk.values[f]![r] = type === 'string' ? dicts[f]!.code(toText(cell)) : toNumber(cell, type)
        }
        if (chunk.n === cap) {
          join.add(chunk)
          chunk = fresh()
        }
      }
    },
    { signal, progress, label: `reading ${view.name}` }
  ).catch((err: unknown) => {
    if (err instanceof FeatureInputError) throw new FeatureInputError(`view ${view.name}: ${err.message}`, 'features')
    throw err
  })
  join.add(chunk)
  join.finish()
  const columns = view.features.map((f, j) => ({
    name: f.column,
    type: f.type,
    values: join.values[j]!,
    ...(dicts[j] ? { dictionary: dicts[j]!.values } : {})
  }))
  return { columns, skipped }
}

/** Runs a retrieval with the TypeScript sort-merge and writes the training set. */
export async function retrieveTypescript(req: RetrievalRequest, progress: Progress, signal?: AbortSignal): Promise<RetrievalResult> {
  const t0 = performance.now()
  const entity = await readEntity(req, signal, progress)
  const warnings: string[] = []
  const columns: OutputColumn[] = []
  for (const view of req.views) {
    if (signal?.aborted) throw cancelled()
    const space = entity.spaces.get(view.keys.map((k) => `${k.name}:${k.type}`).join(','))!
    const r = await joinView(view, space, req.filterByCreatedTimestamp, req.chunkRows ?? 1_000_000, signal, progress)
    if (r.skipped)
      warnings.push(`${view.name}: ${r.skipped.toLocaleString('en-US')} rows without a readable “${view.timestampField}” were skipped`)
    columns.push(...r.columns)
  }
  const entityColumns = await columnNames(req.entity.source)
  const rows = await writeTrainingSet(req.entity.source, entityColumns, columns, req.output, signal, progress)
  const nulls: Record<string, number> = {}
  for (const c of columns) {
    let k = 0
    for (let i = 0; i < c.values.length; i++) if (c.type === 'string' ? c.values[i]! < 0 : Number.isNaN(c.values[i]!)) k++
    nulls[c.name] = k
  }
  return { engine: 'typescript', rows, nulls, warnings, durationMs: performance.now() - t0 }
}
