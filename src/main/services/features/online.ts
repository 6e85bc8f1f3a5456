/** The online store: materialisation jobs (window or incremental, never past now) and batch lookups with the TTL applied on read. */
import type { z } from 'zod'
import { MaterializeInput, OnlineInput, type MaterializeReport, type OnlineResult } from '../../../shared/contract/features'
import type { JobStarted } from '../../../shared/contract/jobs'
import { invalid } from '../../../shared/errors'
import { startedOf, type JobSpec } from '../../core/jobs'
import { publish, userError, type FeaturesDeps } from './context'
import type { MaterializeOutcome } from './engine/materialize'
import { resolveSource } from './files'
import type { Definition } from './repo'
import { entityKey } from './values'

type Value = number | string | boolean | null
interface Cached {
  eventTs: number
  vals: Value[]
}

interface ResolvedRef {
  viewId: number
  view: string
  version: number
  ttlS: number
  def: Definition
  name: string
  index: number
}

/** Entries kept per view by the read-through cache of online rows (oldest dropped first). */
export const ONLINE_CACHE_ENTRIES = 500_000

export class Online {
  /** Parsed definitions by `viewId:version` (a version's keys and features never change). */
  private defs = new Map<string, Definition>()
  /**
   * Read-through cache of online rows (null = no row), per view: the store changes only when a materialisation or a view
   * change is published, which empties it.
   */
  private rows = new Map<number, Map<string, Cached | null>>()
  /** Resolved references (view, exact version, TTL, feature position), emptied with the rows. */
  private refs = new Map<string, ResolvedRef>()
  readonly stop: () => void

  constructor(private deps: FeaturesDeps) {
    this.stop = deps.bus.on('features:changed', (e) => {
      if (e.kind === 'online' || e.kind === 'view') this.clearCache()
    })
  }

  /** A reference checked against the online store: the view must hold the version it names. */
  private resolveRef(ref: string): ResolvedRef {
    const hit = this.refs.get(ref)
    if (hit) return hit
    const r = this.deps.views.resolve(ref)
    const state = this.deps.repo.onlineState(r.view.id)
    if (!state) throw invalid('features', `“${ref}”: ${r.view.name} has nothing in the online store yet; materialise it first`)
    if (state.version !== r.version)
      throw invalid('features', `“${ref}”: the online store holds ${r.view.name}@v${state.version}; materialise v${r.version} first`)
    const def = this.definition(r.view.id, r.version)
    const resolved = {
      viewId: r.view.id,
      view: r.view.name,
      version: r.version,
      ttlS: r.view.ttl_s,
      def,
      name: r.feature.name,
      index: def.features.findIndex((f) => f.name === r.feature.name)
    }
    this.refs.set(ref, resolved)
    return resolved
  }

  /** Empties the read-through cache (benchmarks measure the uncached path with it). */
  clearCache(): void {
    this.rows.clear()
    this.refs.clear()
  }

  /** Rows for these keys: from the cache, the rest in one query. */
  private fetch(viewId: number, keys: (string | null)[]): Map<string, Cached | null> {
    let cache = this.rows.get(viewId)
    if (!cache) this.rows.set(viewId, (cache = new Map()))
    const missing = [...new Set(keys.filter((k): k is string => k !== null && !cache.has(k)))]
    if (missing.length) {
      const found = new Map(this.deps.repo.onlineRows(viewId, JSON.stringify(missing)).map((r) => [r.entity_key, r]))
      for (const k of missing) {
        const r = found.get(k)
        cache.set(k, r ? { eventTs: r.event_ts, vals: JSON.parse(r.vals) as Value[] } : null)
      }
      for (const k of cache.keys()) {
        if (cache.size <= ONLINE_CACHE_ENTRIES) break
        cache.delete(k)
      }
    }
    return cache
  }

  private job(raw: z.input<typeof MaterializeInput>): JobSpec<MaterializeReport> {
    const input = MaterializeInput.parse(raw)
    const view = this.deps.repo.view(input.view)
    if (!view) throw invalid('view', `there is no feature view “${input.view}”`)
    const def = this.deps.views.definition(view)
    let source
    try {
      source = resolveSource(def.source.path, def.source.format, 'view')
    } catch (err) {
      throw userError(err)
    }
    const state = this.deps.repo.onlineState(view.id)
    const now = this.deps.clock.now()
    const to = Math.min(input.end ?? now, now)
    const sameVersion = state?.version === view.current_version
    const from = input.mode === 'incremental' ? (sameVersion ? state.to_ts : (input.start ?? null)) : (input.start ?? null)
    if (from !== null && from > to)
      throw invalid('start', `the window would start (${new Date(from).toISOString()}) after its end (${new Date(to).toISOString()})`)
    return {
      kind: 'features:materialize',
      area: 'features',
      title: `Materialise ${view.name}`,
      unit: 'rows',
      route: `/features/views/${view.name}`,
      concurrency: 1,
      run: async (job) => {
        const t0 = performance.now()
        const out = await this.deps.executor
          .run<MaterializeOutcome>(
            {
              type: 'materialize',
              request: {
                db: { file: this.deps.workspacePath, nativeBinding: this.deps.nativeBinding },
                viewId: view.id,
                version: view.current_version,
                mode: input.mode,
                keys: def.entities,
                timestampField: def.timestampField,
                createdTimestampField: def.createdTimestampField,
                features: def.features.map((f) => ({ name: f.name, type: f.type })),
                source,
                from,
                to,
                clear: !!state && !sameVersion,
                at: this.deps.clock.now()
              }
            },
            (done, total, message) => job.progress(done, total, message),
            job.signal
          )
          .catch((e: unknown) => Promise.reject(userError(e)))
        const durationMs = Math.round(performance.now() - t0)
        this.deps.repo.insertMaterialization({
          view_id: view.id,
          version: view.current_version,
          mode: input.mode,
          from_ts: from,
          to_ts: to,
          rows_read: out.rowsRead,
          rows_in_window: out.rowsInWindow,
          keys_written: out.keysWritten,
          at: this.deps.clock.now(),
          duration_ms: durationMs
        })
        publish(this.deps, 'online', view.name)
        return { view: view.name, version: view.current_version, from, to, ...out, durationMs }
      }
    }
  }

  start(raw: z.input<typeof MaterializeInput>): JobStarted {
    return startedOf(this.deps.jobs.start(this.job(raw)))
  }

  materialize(raw: z.input<typeof MaterializeInput>): Promise<MaterializeReport> {
    return this.deps.jobs.run(() => this.job(raw))
  }

  private definition(viewId: number, version: number): Definition {
    const key = `${viewId}:${version}`
    let d = this.defs.get(key)
    if (!d) {
      const row = this.deps.repo.version(viewId, version)!
      d = JSON.parse(row.definition) as Definition
      this.defs.set(key, d)
    }
    return d
  }

  /** Feature vectors for a batch of entities. A value older than its view's TTL (measured from `at`) comes back null, with its age. */
  lookup(raw: z.input<typeof OnlineInput>): OnlineResult {
    return this.lookupParsed(OnlineInput.parse(raw))
  }

  /** The same, for input the transport has already validated. */
  lookupParsed(input: z.output<typeof OnlineInput>): OnlineResult {
    const at = input.at ?? this.deps.clock.now()
    const groups = new Map<
      number,
      { name: string; version: number; ttlS: number; def: Definition; features: { ref: string; name: string; index: number }[] }
    >()
    for (const ref of input.features) {
      const r = this.resolveRef(ref)
      let g = groups.get(r.viewId)
      if (!g) {
        g = { name: r.view, version: r.version, ttlS: r.ttlS, def: r.def, features: [] }
        groups.set(r.viewId, g)
      }
      g.features.push({ ref, name: r.name, index: r.index })
    }
    const n = input.entities.length
    const columns: OnlineResult['columns'] = []
    const views: OnlineResult['views'] = []
    for (const [viewId, g] of groups) {
      const keys = input.entities.map((e, i) => {
        const parts = g.def.entities.map((k) => {
          const v = e[k.name]
          if (v === undefined) throw invalid(`entities.${i}`, `has no join key “${k.name}” (needed by ${g.name})`)
          return v
        })
        return entityKey(parts, g.def.entities)
      })
      const rows = this.fetch(viewId, keys)
      const status: ('present' | 'expired' | 'missing')[] = new Array(n)
      const eventTimestamps: (number | null)[] = new Array(n)
      const ages: (number | null)[] = new Array(n)
      const values: Value[][] = g.features.map(() => new Array<Value>(n))
      for (let i = 0; i < n; i++) {
        const row = keys[i] === null ? null : rows.get(keys[i]!)
        if (!row) {
          status[i] = 'missing'
          eventTimestamps[i] = null
          ages[i] = null
          for (const v of values) v[i] = null
          continue
        }
        const age = (at - row.eventTs) / 1000
        const expired = g.ttlS > 0 && age > g.ttlS
        status[i] = expired ? 'expired' : 'present'
        eventTimestamps[i] = row.eventTs
        ages[i] = age
        const vals = expired ? null : row.vals
        g.features.forEach((f, j) => (values[j]![i] = vals ? (vals[f.index] ?? null) : null))
      }
      g.features.forEach((f, j) => columns.push({ ref: f.ref, view: g.name, name: f.name, values: values[j]! }))
      views.push({ view: g.name, version: g.version, ttlSeconds: g.ttlS, status, eventTimestamps, ageSeconds: ages })
    }
    // columns in the order asked for
    const order = new Map(input.features.map((f, i) => [f, i]))
    columns.sort((a, b) => order.get(a.ref)! - order.get(b.ref)!)
    return { at, columns, views }
  }
}
