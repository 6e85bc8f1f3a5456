/**
 * Features as code: a view per YAML document (or a `views:` list), in text or in a folder of .yaml files. Every error names
 * its file, line and field; nothing is written unless everything is valid (see service.importYaml).
 *
 *   name: driver_stats
 *   entities: [{ name: driver_id, type: int64 }]
 *   timestamp: event_timestamp
 *   created_timestamp: created        # optional
 *   ttl: 2h                           # 0 = no limit; seconds or 90s / 15m / 2h / 1d
 *   source: ./data/driver_stats.parquet   # absolute, or relative to the YAML file's folder
 *   features:
 *     - { name: conv_rate, type: float64, description: Share of accepted rides }
 */
import fs from 'node:fs'
import path from 'node:path'
import { isMap, isSeq, LineCounter, parseAllDocuments, stringify } from 'yaml'
import { ViewInput, type ParsedViewInput, type ViewVersion } from '../../../shared/contract/features'
import { formatDurationShort, parseDuration } from '../../../shared/duration'
import { AppError } from '../../../shared/errors'
import { issueText, posAt, positionOf, showPath, YamlError, type YamlIssue } from '../../core/yamlIssues'

export interface ParsedView {
  input: ParsedViewInput
  file: string
  line: number
}

/** Contract field → YAML field. */
const YAML_NAME: Record<string, string> = { timestampField: 'timestamp', createdTimestampField: 'created_timestamp', ttlSeconds: 'ttl' }
const CONTRACT_NAME: Record<string, string> = Object.fromEntries(Object.entries(YAML_NAME).map(([k, v]) => [v, k]))

/** A YAML view as the contract's ViewInput (renamed fields, durations, source as text, relative paths). */
function toInput(raw: unknown, baseDir: string | null): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) out[CONTRACT_NAME[k] ?? k] = v
  if (typeof out.ttlSeconds === 'string') {
    const s = parseDuration(out.ttlSeconds)
    if (s !== null) out.ttlSeconds = s
  }
  if (typeof out.source === 'string') out.source = { path: out.source }
  const src = out.source as { path?: unknown } | undefined
  if (src && typeof src === 'object' && typeof src.path === 'string' && baseDir && !/^(\/|[A-Za-z]:[\\/])/.test(src.path))
    out.source = { ...src, path: path.resolve(baseDir, src.path) }
  return out
}

/** A problem of one file. */
export type ViewIssue = YamlIssue & { file: string }

/** Parses views from YAML text; `file` names it in errors, `baseDir` resolves relative source paths. */
export function parseViewsYaml(text: string, file: string, baseDir: string | null, errors: ViewIssue[]): ParsedView[] {
  const lines = new LineCounter()
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const out: ParsedView[] = []
  const list = Array.isArray(docs) ? docs : [docs]
  for (const doc of list) {
    const at = (p: (string | number)[], field: string, message: string): void => {
      errors.push({ file, ...positionOf(doc, lines, p), field, message })
    }
    if (doc.errors.length) {
      for (const e of doc.errors.slice(0, 5))
        errors.push({ file, ...posAt(lines, e.pos[0]), field: '', message: e.message.split('\n')[0]! })
      continue
    }
    const root = doc.contents
    if (root === null || root === undefined) continue
    const multi = isMap(root) && isSeq(root.get('views', true))
    if (!isMap(root)) {
      at([], '', 'expected a view (name:, entities:, features:, source:) or a “views:” list')
      continue
    }
    const js = doc.toJS() as Record<string, unknown>
    const items: { raw: unknown; prefix: (string | number)[] }[] = multi
      ? (js.views as unknown[]).map((raw, i) => ({ raw, prefix: ['views', i] }))
      : [{ raw: js, prefix: [] }]
    for (const { raw, prefix } of items) {
      const parsed = ViewInput.safeParse(toInput(raw, baseDir))
      if (parsed.success) {
        out.push({ input: parsed.data, file, line: positionOf(doc, lines, [...prefix, 'name']).line })
        continue
      }
      const seen = new Set<string>()
      for (const issue of parsed.error.issues.slice(0, 10)) {
        const keys = issue.code === 'unrecognized_keys' ? ((issue as { keys?: string[] }).keys ?? []) : []
        const yamlPath = [
          ...prefix,
          ...issue.path.map((s) => (typeof s === 'number' ? s : (YAML_NAME[String(s)] ?? String(s)))),
          ...(keys[0] ? [keys[0]] : [])
        ]
        const field = showPath(yamlPath)
        if (seen.has(field)) continue
        seen.add(field)
        const message = keys.length
          ? `unknown field (known: name, description, owner, tags, entities, timestamp, created_timestamp, ttl, source, features)`
          : issue.message
        at(yamlPath, field || 'view', message)
      }
    }
  }
  return out
}

/** “file: line 3: features[0].type: …” */
export const viewIssueText = (i: ViewIssue): string => `${i.file ? `${i.file}: ` : ''}${issueText(i)}`

/** Every .yaml/.yml file of a folder (sorted), or the file itself. */
export function yamlFiles(p: string): string[] {
  let st: fs.Stats
  try {
    st = fs.statSync(p)
  } catch {
    throw new AppError('VALIDATION', `path: no file or folder at ${p}`, 'path')
  }
  if (!st.isDirectory()) return [p]
  const files = fs
    .readdirSync(p)
    .filter((f) => /\.ya?ml$/i.test(f))
    .sort()
    .map((f) => path.join(p, f))
  if (!files.length) throw new AppError('VALIDATION', `path: the folder ${p} holds no .yaml or .yml files`, 'path')
  return files
}

/** Parses text or a folder; throws one VALIDATION error listing every problem (file: line N: field: message). */
export function readViews(source: { yaml: string } | { path: string }): { views: ParsedView[]; files: string[] } {
  const errors: ViewIssue[] = []
  let views: ParsedView[] = []
  let files: string[] = []
  if ('yaml' in source) {
    views = parseViewsYaml(source.yaml, '', null, errors)
    files = ['(text)']
  } else {
    files = yamlFiles(source.path)
    for (const f of files) views.push(...parseViewsYaml(fs.readFileSync(f, 'utf8'), path.basename(f), path.dirname(f), errors))
  }
  const first = new Map<string, ParsedView>()
  for (const v of views) {
    const before = first.get(v.input.name)
    if (before)
      errors.push({
        file: v.file,
        line: v.line,
        column: 1,
        field: 'name',
        message: v.file
          ? `“${v.input.name}” is also defined in ${before.file} at line ${before.line}`
          : `“${v.input.name}” is defined twice (also at line ${before.line})`
      })
    else first.set(v.input.name, v)
  }
  if (!views.length && !errors.length)
    errors.push({ file: 'yaml' in source ? '' : path.basename(source.path), line: 1, column: 1, field: '', message: 'no views found' })
  if (errors.length) {
    const field = 'yaml' in source ? 'yaml' : 'path'
    const text = errors.slice(0, 30).map(viewIssueText)
    throw new YamlError(field, `${field}: ${text.join('; ')}${errors.length > 30 ? `; and ${errors.length - 30} more` : ''}`, errors)
  }
  return { views, files }
}

/** One view as its YAML document (`sorted`: keys sorted, for files kept in git). */
export function viewYaml(
  v: { name: string; description: string; owner: string; tags: Record<string, string>; ttlSeconds: number },
  def: ViewVersion,
  sorted = false
): string {
  const doc = {
    name: v.name,
    ...(v.description ? { description: v.description } : {}),
    ...(v.owner ? { owner: v.owner } : {}),
    ...(Object.keys(v.tags).length ? { tags: v.tags } : {}),
    entities: def.entities,
    timestamp: def.timestampField,
    ...(def.createdTimestampField ? { created_timestamp: def.createdTimestampField } : {}),
    ttl: formatDurationShort(v.ttlSeconds),
    source: def.source.format === 'auto' ? def.source.path : def.source,
    features: def.features.map((f) => ({
      name: f.name,
      type: f.type,
      ...(f.description ? { description: f.description } : {}),
      ...(Object.keys(f.tags).length ? { tags: f.tags } : {})
    }))
  }
  return `# Feature view ${v.name} (v${def.version}): import with Features → Code, or features:importYaml\n${stringify(doc, { lineWidth: 0, sortMapEntries: sorted })}`
}
