/**
 * Materialisation into the online store (worker side): the latest row per entity key among the rows of the window, written
 * over the job's own database connection in short transactions, never replacing a newer stored row.
 *
 * Window: event_ts in [from, to]; in incremental mode a row whose event_ts is older than `from` but whose created_ts falls
 * in [from, to] is taken too (it arrived since the last run: a late backfill that plain event-time windows would miss).
 * `to` is never past now (the service clamps it).
 */
import type { FeatureType, KeyType } from '../../../../shared/contract/features'
import { openDatabase } from '../../../db/open'
import { readColumns, type Progress, type SourceFiles } from '../files'
import { FeaturesRepo } from '../repo'
import { entityKey, toInstant, toNumber, toText } from '../values'

export interface MaterializeRequest {
  db: { file: string; nativeBinding?: string | undefined }
  viewId: number
  version: number
  mode: 'incremental' | 'window'
  keys: { name: string; type: KeyType }[]
  timestampField: string
  createdTimestampField: string | null
  features: { name: string; type: FeatureType }[]
  source: SourceFiles
  from: number | null
  to: number
  /** The stored rows belong to another version: remove them first. */
  clear: boolean
  at: number
}

export interface MaterializeOutcome {
  rowsRead: number
  rowsInWindow: number
  keysWritten: number
  keysTotal: number
}

type Cell = number | string | boolean | null

function cell(v: unknown, type: FeatureType): Cell {
  if (type === 'string') return toText(v)
  const n = toNumber(v, type)
  if (Number.isNaN(n)) return null
  return type === 'bool' ? n === 1 : n
}

export async function materialize(req: MaterializeRequest, progress: Progress, signal?: AbortSignal): Promise<MaterializeOutcome> {
  const best = new Map<string, { ts: number; cr: number; ord: number; vals: Cell[] }>()
  const nk = req.keys.length
  const crAt = req.createdTimestampField ? nk + 1 : -1
  const fAt = nk + (req.createdTimestampField ? 2 : 1)
  let ord = 0
  let inWindow = 0
  const { from, to } = req
  const rowsRead = await readColumns(
    req.source,
    [
      ...req.keys.map((k) => k.name),
      req.timestampField,
      ...(req.createdTimestampField ? [req.createdTimestampField] : []),
      ...req.features.map((f) => f.name)
    ],
    (cols, n) => {
      const parts = new Array<unknown>(nk)
      for (let i = 0; i < n; i++, ord++) {
        const ts = toInstant(cols[nk]![i])
        if (ts === null || ts > to) continue
        const cr = crAt >= 0 ? toInstant(cols[crAt]![i]) : null
        const lateArrival = req.mode === 'incremental' && cr !== null && from !== null && cr >= from && cr <= to
        if (from !== null && ts < from && !lateArrival) continue
        for (let j = 0; j < nk; j++) parts[j] = cols[j]![i]
        const key = entityKey(parts, req.keys)
        if (key === null) continue
        inWindow++
        const c = cr ?? -Infinity
        const old = best.get(key)
        if (old && !(ts > old.ts || (ts === old.ts && (c > old.cr || (c === old.cr && ord > old.ord))))) continue
        best.set(key, { ts, cr: c, ord, vals: req.features.map((f, j) => cell(cols[fAt + j]![i], f.type)) })
      }
    },
    { signal, progress, label: 'reading' }
  )
  const db = openDatabase(req.db.file, { ...(req.db.nativeBinding ? { nativeBinding: req.db.nativeBinding } : {}), wal: false })
  try {
    const repo = new FeaturesRepo(db)
    const before = repo.onlineState(req.viewId)
    if (req.clear) db.transaction(() => repo.clearOnline(req.viewId)).immediate()
    const entries = [...best]
    let written = 0
    const BATCH = 5000
    for (let i = 0; i < entries.length; i += BATCH) {
      if (signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' })
      db.transaction(() => {
        for (const [key, b] of entries.slice(i, i + BATCH))
          if (repo.upsertOnline(req.viewId, key, b.ts, b.cr === -Infinity ? null : b.cr, JSON.stringify(b.vals))) written++
      }).immediate()
      db.pragma('wal_checkpoint(PASSIVE)')
      progress(Math.min(i + BATCH, entries.length), entries.length, 'writing the online store')
    }
    const keysTotal = repo.onlineKeys(req.viewId)
    const kept = before && !req.clear ? before : null
    repo.setOnlineState({
      view_id: req.viewId,
      version: req.version,
      from_ts: kept ? (kept.from_ts === null || from === null ? null : Math.min(kept.from_ts, from)) : from,
      to_ts: kept ? Math.max(kept.to_ts, to) : to,
      keys: keysTotal,
      at: req.at
    })
    return { rowsRead, rowsInWindow: inWindow, keysWritten: written, keysTotal }
  } finally {
    db.close()
  }
}
