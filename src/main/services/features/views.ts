/** Feature views: save with versioning (schema or source change → new version; metadata in place), diff, resolve references. */
import type {
  DiffEntry,
  ParsedViewInput,
  SaveOutcome,
  SaveViewResult,
  ViewDetail,
  ViewSummary,
  ViewVersion,
  VersionDiff
} from '../../../shared/contract/features'
import { parseFeatureRef, type FeatureRef } from '../../../shared/features/refs'
import { invalid, notFound } from '../../../shared/errors'
import type { Clock } from '../../core/clock'
import type { Definition, FeaturesRepo, ViewRow } from './repo'

export function definitionOf(v: ParsedViewInput): Definition {
  return {
    entities: v.entities.map((e) => ({ name: e.name, type: e.type })),
    timestampField: v.timestampField,
    createdTimestampField: v.createdTimestampField ?? null,
    features: v.features.map((f) => ({ name: f.name, type: f.type, description: f.description, tags: f.tags })),
    source: { path: v.source.path, format: v.source.format }
  }
}

const fmtKey = (k: { name: string; type: string }): string => `${k.name} (${k.type})`

/** What differs between two definitions, in schema and source terms (descriptions and tags are not versioned). */
export function diffDefinitions(a: Definition, b: Definition): DiffEntry[] {
  const out: DiffEntry[] = []
  const byName = <T extends { name: string }>(xs: T[]): Map<string, T> => new Map(xs.map((x) => [x.name, x]))
  const keysA = byName(a.entities)
  const keysB = byName(b.entities)
  for (const [n, k] of keysB) {
    const old = keysA.get(n)
    if (!old) out.push({ kind: 'added', what: 'join key', name: n, before: null, after: fmtKey(k) })
    else if (old.type !== k.type) out.push({ kind: 'changed', what: 'join key', name: n, before: old.type, after: k.type })
  }
  for (const [n, k] of keysA) if (!keysB.has(n)) out.push({ kind: 'removed', what: 'join key', name: n, before: fmtKey(k), after: null })
  if (a.timestampField !== b.timestampField)
    out.push({ kind: 'changed', what: 'event timestamp', name: 'timestamp column', before: a.timestampField, after: b.timestampField })
  if (a.createdTimestampField !== b.createdTimestampField)
    out.push({
      kind: a.createdTimestampField === null ? 'added' : b.createdTimestampField === null ? 'removed' : 'changed',
      what: 'created timestamp',
      name: 'created timestamp column',
      before: a.createdTimestampField,
      after: b.createdTimestampField
    })
  const fa = byName(a.features)
  const fb = byName(b.features)
  for (const [n, f] of fb) {
    const old = fa.get(n)
    if (!old) out.push({ kind: 'added', what: 'feature', name: n, before: null, after: f.type })
    else if (old.type !== f.type) out.push({ kind: 'changed', what: 'feature', name: n, before: old.type, after: f.type })
  }
  for (const [n, f] of fa) if (!fb.has(n)) out.push({ kind: 'removed', what: 'feature', name: n, before: f.type, after: null })
  if (a.source.path !== b.source.path || a.source.format !== b.source.format)
    out.push({
      kind: 'changed',
      what: 'source',
      name: 'source',
      before: `${a.source.path}${a.source.format === 'auto' ? '' : ` (${a.source.format})`}`,
      after: `${b.source.path}${b.source.format === 'auto' ? '' : ` (${b.source.format})`}`
    })
  return out
}

export function changeText(changes: DiffEntry[]): string {
  if (!changes.length) return 'no schema or source change'
  return changes
    .map((c) =>
      c.what === 'source' || c.what === 'event timestamp' || c.what === 'created timestamp'
        ? `${c.what} ${c.kind}`
        : c.kind === 'changed'
          ? `${c.what} ${c.name} ${c.before} → ${c.after}`
          : `${c.what} ${c.name} ${c.kind}`
    )
    .join('; ')
}

export const parseDefinition = (json: string): Definition => JSON.parse(json) as Definition

export interface ResolvedFeature {
  ref: string
  view: ViewRow
  version: number
  definition: Definition
  feature: Definition['features'][number]
}

export class Views {
  constructor(
    private repo: FeaturesRepo,
    private clock: Clock
  ) {}

  row(name: string): ViewRow {
    const v = this.repo.view(name)
    if (!v) throw notFound(`feature view “${name}”`)
    return v
  }

  definition(v: ViewRow, version = v.current_version): Definition {
    const row = this.repo.version(v.id, version)
    if (!row) throw notFound(`version v${version} of feature view “${v.name}”`)
    return parseDefinition(row.definition)
  }

  summary(v: ViewRow): ViewSummary {
    const def = this.definition(v)
    const online = this.repo.onlineState(v.id)
    return {
      id: v.id,
      name: v.name,
      description: v.description,
      owner: v.owner,
      tags: JSON.parse(v.tags) as Record<string, string>,
      ttlSeconds: v.ttl_s,
      version: v.current_version,
      versionCount: this.repo.versionCount(v.id),
      entities: def.entities.map((e) => e.name),
      features: def.features.map((f) => f.name),
      sourcePath: def.source.path,
      createdAt: v.created_at,
      updatedAt: v.updated_at,
      online: online ? { version: online.version, from: online.from_ts, to: online.to_ts, keys: online.keys, at: online.at } : null,
      statisticsAt: this.repo.statisticsAt(v.id)
    }
  }

  list(search = ''): ViewSummary[] {
    return this.repo.views(search).map((v) => this.summary(v))
  }

  versionOf(name: string, version: number): ViewVersion {
    const v = this.row(name)
    const row = this.repo.version(v.id, version)
    if (!row) throw notFound(`version v${version} of feature view “${name}”`)
    return { version: row.version, ...parseDefinition(row.definition), createdAt: row.created_at, change: row.change }
  }

  detail(name: string): ViewDetail {
    const v = this.row(name)
    return {
      ...this.summary(v),
      current: this.versionOf(name, v.current_version),
      versions: this.repo.versions(v.id).map((r) => ({ version: r.version, createdAt: r.created_at, change: r.change })),
      trainingSets: this.repo.trainingSetsOfView(name).map((t) => ({ id: t.id, name: t.name, version: t.version, createdAt: t.created_at }))
    }
  }

  /** Create, version or update a view (the caller runs it in a transaction when several go together). */
  save(input: ParsedViewInput): SaveViewResult {
    const now = this.clock.now()
    const def = definitionOf(input)
    const tags = JSON.stringify(input.tags)
    const existing = this.repo.view(input.name)
    if (!existing) {
      const id = this.repo.insertView({
        name: input.name,
        description: input.description,
        owner: input.owner,
        tags,
        ttl_s: input.ttlSeconds,
        current_version: 0,
        created_at: now,
        updated_at: now
      })
      this.repo.insertVersion(id, 0, def, 'created', now)
      return this.result(input.name, 'created', 0, 'created')
    }
    const current = this.definition(existing)
    const changes = diffDefinitions(current, def)
    const meta = { description: input.description, owner: input.owner, tags, ttl_s: input.ttlSeconds }
    if (changes.length) {
      const version = existing.current_version + 1
      const change = changeText(changes)
      this.repo.insertVersion(existing.id, version, def, change, now)
      this.repo.updateView(existing.id, { ...meta, current_version: version, updated_at: now })
      return this.result(input.name, 'new-version', version, change)
    }
    const metaChanged =
      existing.description !== meta.description ||
      existing.owner !== meta.owner ||
      existing.tags !== meta.tags ||
      existing.ttl_s !== meta.ttl_s
    const defChanged = JSON.stringify(current) !== JSON.stringify(def)
    if (!metaChanged && !defChanged) return this.result(input.name, 'unchanged', existing.current_version, 'no change')
    if (defChanged) this.repo.setDefinition(existing.id, existing.current_version, def)
    this.repo.updateView(existing.id, { ...meta, current_version: existing.current_version, updated_at: now })
    const what = [
      existing.description !== meta.description && 'description',
      existing.owner !== meta.owner && 'owner',
      existing.tags !== meta.tags && 'tags',
      existing.ttl_s !== meta.ttl_s && 'TTL',
      defChanged && 'feature descriptions or tags'
    ].filter(Boolean)
    return this.result(input.name, 'updated', existing.current_version, `${what.join(', ')} changed in place`)
  }

  private result(name: string, outcome: SaveOutcome, version: number, change: string): SaveViewResult {
    return { view: this.summary(this.row(name)), outcome, version, change }
  }

  diff(name: string, from: number, to: number): VersionDiff {
    const v = this.row(name)
    return { view: name, from, to, changes: diffDefinitions(this.definition(v, from), this.definition(v, to)) }
  }

  /** `view:feature` or `view@v2:feature` → the view, the exact version and the feature; errors name the reference. */
  resolve(ref: string, field = 'features'): ResolvedFeature {
    const r: FeatureRef | null = parseFeatureRef(ref)
    if (!r) throw invalid(field, `“${ref}” is not a feature reference (view:feature or view@v2:feature)`)
    const view = this.repo.view(r.view)
    if (!view) throw invalid(field, `“${ref}”: there is no feature view “${r.view}”`)
    const version = r.version ?? view.current_version
    const row = this.repo.version(view.id, version)
    if (!row) throw invalid(field, `“${ref}”: ${r.view} has no version v${version} (versions v0–v${view.current_version})`)
    const definition = parseDefinition(row.definition)
    const feature = definition.features.find((f) => f.name === r.feature)
    if (!feature)
      throw invalid(
        field,
        `“${ref}”: ${r.view}@v${version} has no feature “${r.feature}” (it has ${definition.features.map((f) => f.name).join(', ')})`
      )
    return { ref, view, version, definition, feature }
  }
}
