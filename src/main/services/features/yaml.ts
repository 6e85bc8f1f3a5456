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
import { isMap, isSeq, LineCounter, parseAllDocuments, stringify, type Document } from 'yaml'
import { ViewInput, type ParsedViewInput, type ViewVersion } from '../../../shared/contract/features'
import { formatDurationShort, parseDuration } from '../../../shared/duration'
import { AppError } from '../../../shared/errors'

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

const show = (p: (string | number)[]): string => p.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i ? '.' : ''}${s}`)).join('')

function lineOf(doc: Document, lines: LineCounter, p: (string | number)[]): number {
  let at = [...p]
  for (;;) {
    const node = doc.getIn(at, true) as { range?: [number, number] } | undefined
    if (node?.range) return lines.linePos(node.range[0]).line
    if (!at.length) return 1
    at = at.slice(0, -1)
  }
}

/** Parses views from YAML text; `file` names it in errors, `baseDir` resolves relative source paths. */
export function parseViewsYaml(text: string, file: string, baseDir: string | null, errors: string[]): ParsedView[] {
  const at = file ? `${file}: ` : ''
  const lines = new LineCounter()
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const out: ParsedView[] = []
  const list = Array.isArray(docs) ? docs : [docs]
  for (const doc of list) {
    if (doc.errors.length) {
      for (const e of doc.errors.slice(0, 5)) errors.push(`${at}line ${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`)
      continue
    }
    const root = doc.contents
    if (root === null || root === undefined) continue
    const multi = isMap(root) && isSeq(root.get('views', true))
    if (!isMap(root)) {
      errors.push(`${at}line ${lineOf(doc, lines, [])}: expected a view (name:, entities:, features:, source:) or a “views:” list`)
      continue
    }
    const js = doc.toJS() as Record<string, unknown>
    const items: { raw: unknown; prefix: (string | number)[] }[] = multi
      ? (js.views as unknown[]).map((raw, i) => ({ raw, prefix: ['views', i] }))
      : [{ raw: js, prefix: [] }]
    for (const { raw, prefix } of items) {
      const parsed = ViewInput.safeParse(toInput(raw, baseDir))
      if (parsed.success) {
        out.push({ input: parsed.data, file, line: lineOf(doc, lines, [...prefix, 'name']) })
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
        const field = show(yamlPath)
        if (seen.has(field)) continue
        seen.add(field)
        const message = keys.length
          ? `unknown field (known: name, description, owner, tags, entities, timestamp, created_timestamp, ttl, source, features)`
          : issue.message
        errors.push(`${at}line ${lineOf(doc, lines, yamlPath)}: ${field || 'view'}: ${message}`)
      }
    }
  }
  return out
}

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
  const errors: string[] = []
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
      errors.push(
        v.file
          ? `${v.file}: line ${v.line}: name: “${v.input.name}” is also defined in ${before.file} at line ${before.line}`
          : `line ${v.line}: name: “${v.input.name}” is defined twice (also at line ${before.line})`
      )
    else first.set(v.input.name, v)
  }
  if (!views.length && !errors.length) errors.push(`${'yaml' in source ? '' : `${path.basename(source.path)}: `}line 1: no views found`)
  if (errors.length) {
    const field = 'yaml' in source ? 'yaml' : 'path'
    throw new AppError(
      'VALIDATION',
      `${field}: ${errors.slice(0, 30).join('; ')}${errors.length > 30 ? `; and ${errors.length - 30} more` : ''}`,
      field
    )
  }
  return { views, files }
}

/** One view as its YAML document. */
export function viewYaml(
  v: { name: string; description: string; owner: string; tags: Record<string, string>; ttlSeconds: number },
  def: ViewVersion
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
  return `# Feature view ${v.name} (v${def.version}): import with Features → Code, or features:importYaml\n${stringify(doc, { lineWidth: 0 })}`
}
