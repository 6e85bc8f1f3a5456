/** The feature view form's state and its pure checks: what the user typed → the contract's ViewInput, or errors per field. */
import type { FeatureType, KeyType, SourceInspection, ViewDetail, ViewInput } from '../../../../shared/contract/features'
import { formatDurationShort, parseDuration } from '../../../../shared/duration'

export interface ViewDraft {
  name: string
  description: string
  owner: string
  /** `key=value`, one per line. */
  tags: string
  entities: { name: string; type: KeyType }[]
  timestampField: string
  createdTimestampField: string
  /** A duration: 0, 90s, 15m, 2h, 1d 12h. */
  ttl: string
  sourcePath: string
  features: { name: string; type: FeatureType; description: string; tags: Record<string, string> }[]
}

export const emptyDraft = (): ViewDraft => ({
  name: '',
  description: '',
  owner: '',
  tags: '',
  entities: [{ name: '', type: 'int64' }],
  timestampField: 'event_timestamp',
  createdTimestampField: '',
  ttl: '0',
  sourcePath: '',
  features: []
})

export function draftFromView(v: ViewDetail): ViewDraft {
  return {
    name: v.name,
    description: v.description,
    owner: v.owner,
    tags: Object.entries(v.tags)
      .map(([k, x]) => `${k}=${x}`)
      .join('\n'),
    entities: v.current.entities.map((e) => ({ ...e })),
    timestampField: v.current.timestampField,
    createdTimestampField: v.current.createdTimestampField ?? '',
    ttl: formatDurationShort(v.ttlSeconds),
    sourcePath: v.current.source.path,
    features: v.current.features.map((f) => ({ ...f }))
  }
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Fills the draft from a source's columns: the timestamp and created columns, an *_id join key, the rest as features. */
export function draftFromInspection(d: ViewDraft, insp: SourceInspection): ViewDraft {
  const names = insp.columns.map((c) => c.name)
  const times = insp.columns.filter((c) => c.type === 'timestamp').map((c) => c.name)
  const ts = names.includes(d.timestampField)
    ? d.timestampField
    : (times.find((n) => /event|time|ts/i.test(n)) ?? times[0] ?? d.timestampField)
  const created = d.createdTimestampField || (times.find((n) => n !== ts && /creat|ingest|load/i.test(n)) ?? '')
  const keyGuess = d.entities.filter((e) => e.name && names.includes(e.name))
  const entities: ViewDraft['entities'] = keyGuess.length
    ? keyGuess
    : insp.columns
        .filter((c) => /_id$|^id$/i.test(c.name))
        .slice(0, 1)
        .map((c) => ({ name: c.name, type: c.type === 'int64' ? 'int64' : 'string' }))
  const taken = new Set([ts, created, ...entities.map((e) => e.name)])
  const features = insp.columns
    .filter((c) => !taken.has(c.name) && c.type !== 'timestamp' && IDENT.test(c.name))
    .map((c) => {
      const old = d.features.find((f) => f.name === c.name)
      const type: FeatureType = c.type === 'timestamp' ? 'string' : c.type
      return old ?? { name: c.name, type, description: '', tags: {} }
    })
  const name = d.name || (insp.path.split(/[\\/]/).pop() ?? '').replace(/\.(csv|tsv|txt|parquet)$/i, '').replace(/[^A-Za-z0-9_]/g, '_')
  return { ...d, name, timestampField: ts, createdTimestampField: created, entities: entities.length ? entities : d.entities, features }
}

export type DraftErrors = Partial<Record<'name' | 'tags' | 'entities' | 'ttl' | 'sourcePath' | 'features' | 'timestampField', string>>

/** The contract input, or the errors to show beside each field. */
export function draftToInput(d: ViewDraft): { input: ViewInput | null; errors: DraftErrors } {
  const errors: DraftErrors = {}
  if (!IDENT.test(d.name.trim())) errors.name = 'letters, digits and _ only, starting with a letter or _'
  const tags: Record<string, string> = {}
  for (const [i, line] of d.tags.split('\n').entries()) {
    if (!line.trim()) continue
    const at = line.indexOf('=')
    if (at <= 0) {
      errors.tags = `line ${i + 1}: write key=value`
      break
    }
    tags[line.slice(0, at).trim()] = line.slice(at + 1).trim()
  }
  const entities = d.entities.filter((e) => e.name.trim())
  if (!entities.length) errors.entities = 'name at least one join key'
  else if (entities.some((e) => !IDENT.test(e.name.trim()))) errors.entities = 'join keys: letters, digits and _ only'
  const ttl = parseDuration(d.ttl)
  if (ttl === null) errors.ttl = 'a duration such as 0, 90s, 15m, 2h or 1d 12h'
  if (!/^(\/|[A-Za-z]:[\\/])/.test(d.sourcePath.trim())) errors.sourcePath = 'an absolute path on the console’s machine'
  if (!d.timestampField.trim()) errors.timestampField = 'must not be empty'
  if (!d.features.length) errors.features = 'add at least one feature (Inspect the source to list its columns)'
  else if (d.features.some((f) => !IDENT.test(f.name))) errors.features = 'feature names: letters, digits and _ only'
  if (Object.keys(errors).length) return { input: null, errors }
  return {
    input: {
      name: d.name.trim(),
      description: d.description.trim(),
      owner: d.owner.trim(),
      tags,
      entities: entities.map((e) => ({ name: e.name.trim(), type: e.type })),
      timestampField: d.timestampField.trim(),
      createdTimestampField: d.createdTimestampField.trim() || null,
      ttlSeconds: ttl!,
      features: d.features.map((f) => ({ name: f.name, type: f.type, description: f.description.trim(), tags: f.tags })),
      source: { path: d.sourcePath.trim() }
    },
    errors
  }
}
