/**
 * Provisioning: a folder kept in git, read recursively. Each file's kind is its name's ending: `*.services.yaml`
 * (services and checks), `*.alerts.yaml` (alert rules and destinations), `*.features.yaml` (feature views) and `*.json`
 * (dashboards); other files are ignored, as are folders starting with a dot and node_modules. The folder is applied when
 * it is set, at start and on "Provision now" (every file: what is already so writes nothing) and on every change (the
 * changed files), services first, then alerts, features and dashboards, each in path order. A removed file's objects
 * stay in the console, no longer marked as provisioned.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { PROVISIONED_KINDS, type ProvisionedKind, type ProvisioningView } from '../../../shared/contract/dashboards'
import { AppError, invalid } from '../../../shared/errors'
import { LineCounter, parseDocument } from 'yaml'
import { positionOf, YamlError } from '../../core/yamlIssues'

type File = ProvisioningView['files'][number]

export interface FileResult {
  changed: boolean
  objects: string[]
  summary: string
  uid?: string
  version?: number
}

export interface ProvisionerDeps {
  now: () => number
  /** Applies one file of a kind (`name` relative to the folder, `dir` its absolute folder). */
  apply: Record<ProvisionedKind, (text: string, file: { name: string; dir: string }) => FileResult>
  onError: (message: string) => void
  /** After the folder was read because a file changed. */
  onScanned: () => void
}

const DEBOUNCE_MS = 250
const SUFFIX: [RegExp, ProvisionedKind][] = [
  [/\.services\.ya?ml$/i, 'services'],
  [/\.alerts\.ya?ml$/i, 'alerts'],
  [/\.features\.ya?ml$/i, 'features'],
  [/\.json$/i, 'dashboard']
]

export const kindOf = (name: string): ProvisionedKind | null => SUFFIX.find(([re]) => re.test(name))?.[1] ?? null

/** Every file of a kind under `root`, as `/`-separated paths relative to it, in apply order. */
export function provisionedFiles(root: string): { rel: string; kind: ProvisionedKind }[] {
  const out: { rel: string; kind: ProvisionedKind }[] = []
  const walk = (dir: string, prefix: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue
      const rel = prefix ? `${prefix}/${e.name}` : e.name
      if (e.isDirectory()) walk(path.join(dir, e.name), rel)
      else if (e.isFile()) {
        const kind = kindOf(e.name)
        if (kind) out.push({ rel, kind })
      }
    }
  }
  walk(root, '')
  const order = (k: ProvisionedKind): number => PROVISIONED_KINDS.indexOf(k)
  return out.sort((a, b) => order(a.kind) - order(b.kind) || a.rel.localeCompare(b.rel))
}

/** Where a dotted field (`panels.0.type`) of a JSON file is: JSON is YAML, so the YAML positions serve. */
function jsonPosition(text: string, field: string): { line: number; column: number } {
  const lines = new LineCounter()
  const doc = parseDocument(text, { lineCounter: lines })
  return positionOf(doc, lines, field ? field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s)) : [])
}

/** "services/prod.services.yaml:12:7: services[0].checks[1].interval: must be at least 5 seconds" and where. */
export function describeFailure(rel: string, e: unknown, text = ''): { message: string; error: File['error'] } {
  if (e instanceof YamlError && e.at.length) {
    const i = e.at[0]!
    const more = e.at.length > 1 ? ` (and ${e.at.length - 1} more)` : ''
    return {
      message: `${rel}:${i.line}:${i.column}: ${i.field ? `${i.field}: ` : ''}${i.message}${more}`,
      error: { line: i.line, column: i.column, field: i.field }
    }
  }
  const message = (e as Error).message
  const issue = e instanceof AppError ? e.issues?.[0] : undefined
  if (issue && text) {
    const { line, column } = jsonPosition(text, issue.field)
    return { message: `${rel}:${line}:${column}: ${issue.field}: ${issue.message}`, error: { line, column, field: issue.field } }
  }
  // JSON.parse: "… in JSON at position 42 (line 3 column 5)"
  const pos = /\(line (\d+) column (\d+)\)/.exec(message)
  const field = e instanceof AppError ? (e.field ?? '') : ''
  if (pos) return { message: `${rel}:${pos[1]}:${pos[2]}: ${message}`, error: { line: Number(pos[1]), column: Number(pos[2]), field } }
  return { message: `${rel}: ${message}`, error: { line: null, column: null, field } }
}

export class Provisioner {
  private folder: string | null = null
  private watcher: fs.FSWatcher | null = null
  private timer: NodeJS.Timeout | null = null
  private hashes = new Map<string, string>()
  private files = new Map<string, File>()

  constructor(private deps: ProvisionerDeps) {}

  view(): ProvisioningView {
    return {
      folder: this.folder,
      watching: this.watcher !== null,
      files: [...this.files.values()].sort((a, b) => a.file.localeCompare(b.file))
    }
  }

  /** The file an object was last applied from (`kind` and the object as its area names it), if any. */
  sourceOf(kind: ProvisionedKind, object: string): string | null {
    for (const f of this.files.values()) if (f.kind === kind && f.objects.includes(object)) return f.file
    return null
  }

  /** Point at a folder (checked to exist), apply it and, with `watch`, follow its changes (subfolders too). */
  setFolder(folder: string | null, watch: boolean): void {
    this.stop()
    this.hashes.clear()
    this.files.clear()
    if (folder !== null && !fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory())
      throw invalid('folder', `${folder} is not a folder`)
    this.folder = folder
    if (folder === null) return
    this.scan(true)
    if (watch) {
      this.watcher = fs.watch(folder, { recursive: true }, () => this.soon())
      this.watcher.on('error', (e) => this.deps.onError(`provisioning: watching ${folder} failed: ${e.message}`))
    }
  }

  /** Apply the folder: every file (`all`) or those whose bytes changed since they were last read. */
  scan(all = false): void {
    if (!this.folder) return
    let found: { rel: string; kind: ProvisionedKind }[]
    try {
      found = provisionedFiles(this.folder)
    } catch (e) {
      this.deps.onError(`provisioning: reading ${this.folder} failed: ${(e as Error).message}`)
      return
    }
    for (const f of found) this.apply(f.rel, f.kind, all)
    const present = new Set(found.map((f) => f.rel))
    for (const rel of [...this.files.keys()])
      if (!present.has(rel)) {
        this.files.delete(rel)
        this.hashes.delete(rel)
      }
  }

  private apply(rel: string, kind: ProvisionedKind, all: boolean): void {
    const at = this.deps.now()
    const base = { file: rel, kind, uid: null, version: null, objects: [] as string[], error: null, at }
    const abs = path.join(this.folder!, ...rel.split('/'))
    let text: string
    try {
      text = fs.readFileSync(abs, 'utf8')
    } catch (e) {
      this.files.set(rel, { ...base, state: 'error', ...describeFailure(rel, e) })
      return
    }
    const hash = crypto.createHash('sha256').update(text).digest('hex')
    if (!all && this.hashes.get(rel) === hash) return
    this.hashes.set(rel, hash)
    try {
      const r = this.deps.apply[kind](text, { name: rel, dir: path.dirname(abs) })
      const others = [...this.files.values()].filter(
        (f) => f.file !== rel && f.kind === kind && f.objects.some((o) => r.objects.includes(o))
      )
      this.files.set(rel, {
        ...base,
        state: r.changed ? 'applied' : 'unchanged',
        uid: r.uid ?? null,
        version: r.version ?? null,
        objects: r.objects,
        message: others.length ? `${r.summary} (also defined in ${others.map((f) => f.file).join(', ')}: the last applied wins)` : r.summary
      })
    } catch (e) {
      // keep what the file provisioned before: its objects are still as the last good version made them
      const before = this.files.get(rel)?.objects ?? []
      this.files.set(rel, { ...base, objects: before, state: 'error', ...describeFailure(rel, e, text) })
    }
  }

  private soon(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      this.scan()
      this.deps.onScanned()
    }, DEBOUNCE_MS)
  }

  stop(): void {
    this.watcher?.close()
    this.watcher = null
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
