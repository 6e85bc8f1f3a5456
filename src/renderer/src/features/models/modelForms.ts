import type { ChannelInput, ChannelOutput, VersionDetail, VersionSummary } from '../../../../shared/contract'
import { errorFor, fieldKeyFor } from '../../lib/fieldErrors'
import { contractErrors, type FieldErrors } from '../../lib/formErrors'
import type { ChannelName } from '../../../../shared/contract'

/** Pure helpers behind the registry's forms: tag lines, drafts → channel inputs, and where a service error belongs. */

const KEY_MAX = 250
const VALUE_MAX = 5000

export type TagLines = { ok: true; tags: Record<string, string> } | { ok: false; message: string }

const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s)

/**
 * One `key=value` per line. Blank lines are skipped, key and value are trimmed, the value may itself hold `=`
 * and may be empty. A line without `=`, an empty key or a key given twice is an error naming the line.
 */
export function parseTagLines(text: string): TagLines {
  const tags = new Map<string, string>()
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim()
    if (!line) continue
    const n = i + 1
    const eq = line.indexOf('=')
    if (eq < 0) return { ok: false, message: `line ${n}: write key=value (“${clip(line)}” has no =)` }
    const key = line.slice(0, eq).trim()
    const value = line.slice(eq + 1).trim()
    if (!key) return { ok: false, message: `line ${n}: the key before = is empty` }
    if (key.length > KEY_MAX) return { ok: false, message: `line ${n}: keys are at most ${KEY_MAX} characters` }
    if (value.length > VALUE_MAX) return { ok: false, message: `line ${n}: values are at most ${VALUE_MAX} characters` }
    if (tags.has(key))
      return {
        ok: false,
        message: `line ${n}: “${clip(key)}” is already set on line ${lines.findIndex((l) => l.split('=')[0]!.trim() === key) + 1}`
      }
    tags.set(key, value)
  }
  // fromEntries defines own properties, so even a key like __proto__ stays a plain tag
  return { ok: true, tags: Object.fromEntries(tags) }
}

/** The inverse of parseTagLines, for editing existing tags. */
export const formatTagLines = (tags: Record<string, string>): string =>
  Object.entries(tags)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')

/**
 * A draft turned into a channel input, or the field it cannot be sent with and why (with the input as far as it
 * goes, so that the contract can check the other fields at the same time).
 */
export type Built<T> = { ok: true; input: T } | { ok: false; field: string; message: string; input: T }

export interface ModelDraft {
  name: string
  description: string
  owner: string
  tags: string
}
export const MODEL_KEYS = ['name', 'description', 'owner', 'tags'] as const
export const emptyModelDraft = (): ModelDraft => ({ name: '', description: '', owner: '', tags: '' })
export const modelDraftOf = (m: { name: string; description: string; owner: string; tags: Record<string, string> }): ModelDraft => ({
  name: m.name,
  description: m.description,
  owner: m.owner,
  tags: formatTagLines(m.tags)
})

/** The name is left to the service to judge (its message then shows under the field). */
export function modelInputOf(d: ModelDraft): Built<ChannelInput<'models:create'>> {
  const tags = parseTagLines(d.tags)
  const input = { name: d.name, description: d.description.trim(), owner: d.owner.trim(), tags: tags.ok ? tags.tags : {} }
  if (!tags.ok) return { ok: false, field: 'tags', message: tags.message, input }
  return { ok: true, input }
}

export function modelUpdateOf(id: number, d: ModelDraft): Built<ChannelInput<'models:update'>> {
  const built = modelInputOf(d)
  const { description, owner, tags } = built.input
  return { ...built, input: { id, description, owner, tags } }
}

export interface VersionDraft {
  runId: number | null
  artifactPath: string
  parentVersionId: number | null
  dataset: string
  description: string
  notes: string
  tags: string
}
export const VERSION_KEYS = ['runId', 'artifactPath', 'parentVersionId', 'dataset', 'description', 'notes', 'tags'] as const
export const emptyVersionDraft = (): VersionDraft => ({
  runId: null,
  artifactPath: '',
  parentVersionId: null,
  dataset: '',
  description: '',
  notes: '',
  tags: ''
})

/** A new version needs something it came from: the imported run that trained it, or its artifact on this machine (or both). */
export function versionInputOf(modelId: number, d: VersionDraft): Built<ChannelInput<'models:createVersion'>> {
  const artifactPath = d.artifactPath.trim()
  const tags = parseTagLines(d.tags)
  const dataset = d.dataset.trim()
  const input = {
    modelId,
    ...(d.runId !== null && { runId: d.runId }),
    ...(artifactPath && { artifactPath }),
    ...(d.parentVersionId !== null && { parentVersionId: d.parentVersionId }),
    ...(dataset && { dataset }),
    description: d.description.trim(),
    notes: d.notes,
    tags: tags.ok ? tags.tags : {}
  }
  if (d.runId === null && !artifactPath)
    return { ok: false, field: 'runId', message: 'pick the run that trained this version, or give the path of its artifact below', input }
  if (!tags.ok) return { ok: false, field: 'tags', message: tags.message, input }
  return { ok: true, input }
}

/** Editing a version: its source run and artifact stay as registered; the rest can change (an empty dataset clears it). */
export type VersionEditDraft = Omit<VersionDraft, 'runId' | 'artifactPath'>
export const VERSION_EDIT_KEYS = ['parentVersionId', 'dataset', 'description', 'notes', 'tags'] as const
export const versionEditDraftOf = (v: VersionDetail): VersionEditDraft => ({
  parentVersionId: v.parent?.id ?? null,
  dataset: v.dataset ?? '',
  description: v.description,
  notes: v.notes,
  tags: formatTagLines(v.tags)
})

export function versionUpdateOf(id: number, d: VersionEditDraft): Built<ChannelInput<'models:updateVersion'>> {
  const tags = parseTagLines(d.tags)
  const input = {
    id,
    description: d.description.trim(),
    notes: d.notes,
    dataset: d.dataset.trim() || null,
    parentVersionId: d.parentVersionId,
    tags: tags.ok ? tags.tags : {}
  }
  if (!tags.ok) return { ok: false, field: 'tags', message: tags.message, input }
  return { ok: true, input }
}

export interface FormErrors {
  /** The message to show under this input, if the error is about it. */
  of(key: string): string | undefined
  /** An error that names none of the inputs: show it above the buttons. */
  unplaced: boolean
}

/**
 * Where a failed submit's errors belong. The checks in the browser (`local`: every problem at once) win; then the
 * service's field (`name`, `tags.team`, `artifactPath`…).
 */
export function formErrors(error: unknown, keys: readonly string[], local: FieldErrors | null = null): FormErrors {
  if (local) return { of: (key) => local[key], unplaced: false }
  if (!error) return { of: () => undefined, unplaced: false }
  return { of: (key) => errorFor(error, key, keys), unplaced: fieldKeyFor(error, keys) === null }
}

type RunSummary = ChannelOutput<'models:runs'>[number]

/** Which versions each run already backs, for the run picker ("already iris-classifier v3"). */
export function versionsByRun(versions: readonly VersionSummary[]): Map<number, string[]> {
  const out = new Map<number, string[]>()
  for (const v of versions) if (v.runId !== null) out.set(v.runId, [...(out.get(v.runId) ?? []), `${v.modelName} v${v.version}`])
  return out
}

/** One line per run: runs often share a name, so the short run id and the start time tell them apart. */
export function runOptionLabel(r: RunSummary, usedBy: readonly string[] = [], started = ''): string {
  const parts = [
    r.name || '(unnamed run)',
    r.runUuid.slice(0, 8),
    r.experiment,
    started,
    r.status,
    `${r.metricCount} metric${r.metricCount === 1 ? '' : 's'}`,
    r.deleted ? 'deleted in MLflow' : ''
  ].filter(Boolean)
  const used = usedBy.length ? ` — already ${usedBy.slice(0, 2).join(', ')}${usedBy.length > 2 ? ` +${usedBy.length - 2}` : ''}` : ''
  return parts.join(' · ') + used
}

/**
 * Every problem of a built draft at once: the contract's checks of the fields (name, lengths…) and the draft's own
 * (tag lines, run or artifact). Null when there is none: send it.
 */
export function draftProblems(channel: ChannelName, built: Built<unknown>, keys: readonly string[]): FieldErrors | null {
  const found: FieldErrors = { ...contractErrors(channel, built.input, keys).placed }
  if (!built.ok) found[built.field] = built.message
  return Object.keys(found).length ? found : null
}
