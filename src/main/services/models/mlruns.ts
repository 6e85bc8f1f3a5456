import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { AppError } from '../../../shared/errors'
import { SeriesBuilder, type Series } from './series'
import { RUN_STATUS, type ParseContext, type ParsedExperiment, type ParsedModel, type ParsedRun, type ParsedVersion } from './types'

/** MLflow file store (mlruns) reader: experiments, runs with metrics/params/tags, and the registry under models/. */

const isDir = (p: string): boolean => {
  try {
    return fs.statSync(p).isDirectory()
  } catch {
    return false
  }
}

/** A folder is a store if it has an experiment folder (meta.yaml with experiment_id) or a models/ registry. */
export function isStore(dir: string): boolean {
  if (!isDir(dir)) return false
  if (isDir(path.join(dir, 'models')) && path.basename(dir) !== 'artifacts') return true
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue
    const meta = path.join(dir, e.name, 'meta.yaml')
    if (fs.existsSync(meta)) {
      const text = fs.readFileSync(meta, 'utf8')
      if (/^experiment_id:/m.test(text) && !/^run_uuid:/m.test(text)) return true
    }
  }
  return false
}

/** The store itself, or every store found below it (up to 4 levels; stores are not searched inside). */
export function findStores(root: string): string[] {
  if (!fs.existsSync(root)) throw new AppError('NOT_FOUND', `${root} does not exist on the machine running the console`, 'path')
  if (!isDir(root)) throw new AppError('VALIDATION', `${root} is not a folder; pick the mlruns folder`, 'path')
  if (isStore(root)) return [root]
  const found: string[] = []
  const walk = (dir: string, depth: number): void => {
    if (depth > 4) return
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (!e.isDirectory() || e.name.startsWith('.') || e.name === 'node_modules') continue
      const p = path.join(dir, e.name)
      if (isStore(p)) found.push(p)
      else walk(p, depth + 1)
    }
  }
  walk(root, 1)
  if (found.length === 0)
    throw new AppError(
      'VALIDATION',
      `no MLflow file store found in ${root}: expected experiment folders with meta.yaml, or a models/ folder`,
      'path'
    )
  return found
}

function readYaml(file: string): Record<string, unknown> {
  const text = fs.readFileSync(file, 'utf8')
  let doc: unknown
  try {
    doc = parseYaml(text)
  } catch (err) {
    throw new Error(`malformed YAML: ${(err as Error).message.split('\n')[0]}`)
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new Error('malformed meta.yaml: expected a mapping of keys to values')
  return doc as Record<string, unknown>
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
const num = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null
  const n = Number(v)
  return Number.isFinite(n) ? n : null
}

/** Files below dir, keys relative with '/' (MLflow keeps keys with / as sub-folders). */
export function listKeyed(dir: string): { key: string; file: string }[] {
  const out: { key: string; file: string }[] = []
  const walk = (d: string, prefix: string): void => {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(d, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      const p = path.join(d, e.name)
      const key = prefix ? `${prefix}/${e.name}` : e.name
      if (e.isDirectory()) walk(p, key)
      else if (e.isFile()) out.push({ key, file: p })
    }
  }
  walk(dir, '')
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

function readKeyed(dir: string): Map<string, string> {
  const m = new Map<string, string>()
  for (const { key, file } of listKeyed(dir)) m.set(key, fs.readFileSync(file, 'utf8'))
  return m
}

const parseNumber = (s: string): number => {
  const t = s.toLowerCase()
  if (t === 'nan') return NaN
  if (t === 'inf' || t === 'infinity' || t === '+inf') return Infinity
  if (t === '-inf' || t === '-infinity') return -Infinity
  return s.length ? Number(s) : NaN
}

/**
 * One metric file: lines `timestamp value step`, or the legacy `timestamp value` (step 0).
 * Blank lines are ignored; malformed lines are reported and left out.
 */
export function parseMetricFile(
  text: string,
  onBadLine: (line: number, content: string, reason: string) => void,
  onNonFinite?: () => void
): Series {
  const b = new SeriesBuilder(64)
  let lineNo = 0
  let start = 0
  const len = text.length
  while (start < len) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = len
    lineNo++
    const line = text.slice(start, end).trim()
    start = end + 1
    if (!line) continue
    const parts = line.split(/\s+/)
    if (parts.length !== 2 && parts.length !== 3) {
      onBadLine(lineNo, line, `expected "timestamp value step" or "timestamp value", got ${parts.length} fields`)
      continue
    }
    const ts = Number(parts[0])
    const value = parseNumber(parts[1]!)
    const step = parts.length === 3 ? Number(parts[2]) : 0
    if (!Number.isInteger(ts) || !Number.isInteger(step)) {
      onBadLine(lineNo, line, 'timestamp and step must be integers')
      continue
    }
    if (Number.isNaN(value) && parts[1]!.toLowerCase() !== 'nan') {
      onBadLine(lineNo, line, `value "${parts[1]}" is not a number`)
      continue
    }
    if (!Number.isFinite(value)) onNonFinite?.()
    b.push(ts, value, step)
  }
  return b.build()
}

export function parseExperiment(dir: string): ParsedExperiment {
  const meta = readYaml(path.join(dir, 'meta.yaml'))
  const externalId = str(meta.experiment_id) ?? path.basename(dir)
  const tags: Record<string, string> = {}
  for (const [k, v] of readKeyed(path.join(dir, 'tags'))) tags[k] = v
  return {
    externalId,
    name: str(meta.name) ?? `experiment ${externalId}`,
    artifactLocation: str(meta.artifact_location),
    lifecycleStage: str(meta.lifecycle_stage) ?? 'active',
    createdAt: num(meta.creation_time),
    updatedAt: num(meta.last_update_time),
    tags
  }
}

/** Hash of what identifies a run's content without reading every metric line: meta, params, tags, metric file sizes. */
function runHash(
  runDir: string,
  metaText: string,
  params: Map<string, string>,
  tags: Map<string, string>,
  metricFiles: { key: string; file: string }[]
): string {
  const h = crypto.createHash('sha256')
  h.update(metaText)
  for (const [k, v] of params) h.update(`p\0${k}\0${v}\0`)
  for (const [k, v] of tags) h.update(`t\0${k}\0${v}\0`)
  for (const { key, file } of metricFiles) h.update(`m\0${key}\0${fs.statSync(file).size}\0`)
  void runDir
  return h.digest('hex')
}

export function parseRun(runDir: string, experimentExternalId: string, ctx: ParseContext): ParsedRun | null {
  const metaFile = path.join(runDir, 'meta.yaml')
  if (!fs.existsSync(metaFile)) {
    ctx.skip(runDir, 'no meta.yaml in this run folder')
    return null
  }
  let meta: Record<string, unknown>
  try {
    meta = readYaml(metaFile)
  } catch (err) {
    ctx.skip(metaFile, (err as Error).message)
    return null
  }
  const runUuid = str(meta.run_uuid) ?? str(meta.run_id)
  if (!runUuid) {
    ctx.skip(metaFile, 'meta.yaml has no run_uuid or run_id')
    return null
  }
  const metaText = fs.readFileSync(metaFile, 'utf8')
  const params = readKeyed(path.join(runDir, 'params'))
  const tags = readKeyed(path.join(runDir, 'tags'))
  const metricFiles = listKeyed(path.join(runDir, 'metrics'))
  const contentHash = runHash(runDir, metaText, params, tags, metricFiles)
  let metrics: Map<string, Series> | null = null
  if (ctx.knownHash(runUuid) !== contentHash) {
    metrics = new Map()
    for (const { key, file } of metricFiles) {
      let nonFinite = 0
      const rel = path.relative(runDir, file)
      const s = parseMetricFile(
        fs.readFileSync(file, 'latin1'),
        (line, content, reason) => ctx.skip(`${runDir}/${rel}:${line}`, `${reason} (line "${content.slice(0, 80)}")`),
        () => nonFinite++
      )
      if (nonFinite)
        ctx.warn(
          `run ${runUuid} metric ${key}: ${nonFinite} NaN or infinite value(s) kept in the history, shown as gaps and left out of comparisons`
        )
      metrics.set(key, s)
    }
  }
  const statusRaw = str(meta.status)
  const status = statusRaw === null ? 'UNKNOWN' : (RUN_STATUS[statusRaw] ?? statusRaw)
  return {
    runUuid,
    experimentExternalId: str(meta.experiment_id) ?? experimentExternalId,
    name: str(meta.run_name) ?? tags.get('mlflow.runName') ?? runUuid.slice(0, 8),
    status,
    startTime: num(meta.start_time),
    endTime: num(meta.end_time),
    userId: str(meta.user_id),
    artifactUri: str(meta.artifact_uri),
    lifecycleStage: str(meta.lifecycle_stage) ?? 'active',
    params,
    tags,
    metrics,
    contentHash,
    localDir: runDir
  }
}

export interface StoreScan {
  experiments: { dir: string; exp: ParsedExperiment }[]
  runDirs: { dir: string; experimentExternalId: string }[]
}

/** List experiments and run folders of one store; bad experiment folders are skipped with a reason. */
export function scanStore(store: string, ctx: ParseContext): StoreScan {
  const experiments: StoreScan['experiments'] = []
  const runDirs: StoreScan['runDirs'] = []
  for (const e of fs.readdirSync(store, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!e.isDirectory() || e.name.startsWith('.') || e.name === 'models') continue
    const dir = path.join(store, e.name)
    if (!fs.existsSync(path.join(dir, 'meta.yaml'))) {
      ctx.skip(dir, 'not an experiment folder (no meta.yaml)')
      continue
    }
    let exp: ParsedExperiment
    try {
      exp = parseExperiment(dir)
    } catch (err) {
      ctx.skip(path.join(dir, 'meta.yaml'), `${(err as Error).message}; its runs were not imported`)
      continue
    }
    experiments.push({ dir, exp })
    for (const r of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (!r.isDirectory() || r.name === 'tags' || r.name.startsWith('.')) continue
      runDirs.push({ dir: path.join(dir, r.name), experimentExternalId: exp.externalId })
    }
  }
  return { experiments, runDirs }
}

/** Resolve `runs:/<uuid>/<path>` or a file: URI to a local file or folder, if it exists. */
export function resolveArtifact(source: string, runDirs: Map<string, string>): string | null {
  const m = /^runs:\/([^/]+)\/?(.*)$/.exec(source)
  if (m) {
    const dir = runDirs.get(m[1]!)
    if (!dir) return null
    const p = path.join(dir, 'artifacts', m[2] ?? '')
    return fs.existsSync(p) ? p : null
  }
  if (source.startsWith('file://')) {
    try {
      const p = new URL(source).pathname
      return fs.existsSync(p) ? p : null
    } catch {
      return null
    }
  }
  if (path.isAbsolute(source) && fs.existsSync(source)) return source
  return null
}

export function parseRegistry(store: string, runDirs: Map<string, string>, ctx: ParseContext): ParsedModel[] {
  const root = path.join(store, 'models')
  if (!isDir(root)) return []
  const models: ParsedModel[] = []
  for (const e of fs.readdirSync(root, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!e.isDirectory()) continue
    const dir = path.join(root, e.name)
    let meta: Record<string, unknown>
    try {
      meta = readYaml(path.join(dir, 'meta.yaml'))
    } catch (err) {
      ctx.skip(
        path.join(dir, 'meta.yaml'),
        fs.existsSync(path.join(dir, 'meta.yaml')) ? (err as Error).message : 'registered model folder without meta.yaml'
      )
      continue
    }
    const name = str(meta.name) ?? e.name
    const aliases: Record<string, number> = {}
    if (meta.aliases && typeof meta.aliases === 'object' && !Array.isArray(meta.aliases)) {
      for (const [a, v] of Object.entries(meta.aliases as Record<string, unknown>)) {
        const n = num(v)
        if (n !== null) aliases[a] = n
      }
    }
    for (const [a, v] of readKeyed(path.join(dir, 'aliases'))) {
      const n = num(v.trim())
      if (n === null) ctx.skip(path.join(dir, 'aliases', a), `alias file must hold a version number, got "${v.trim().slice(0, 40)}"`)
      else aliases[a] = n
    }
    const tags = Object.fromEntries(readKeyed(path.join(dir, 'tags')))
    const versions: ParsedVersion[] = []
    for (const v of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!v.isDirectory() || !/^version-\d+$/.test(v.name)) continue
      const vdir = path.join(dir, v.name)
      let vm: Record<string, unknown>
      try {
        vm = readYaml(path.join(vdir, 'meta.yaml'))
      } catch (err) {
        ctx.skip(
          path.join(vdir, 'meta.yaml'),
          fs.existsSync(path.join(vdir, 'meta.yaml')) ? (err as Error).message : 'version folder without meta.yaml'
        )
        continue
      }
      const version = num(vm.version) ?? Number(v.name.slice(8))
      const source = str(vm.source) ?? str(vm.storage_location) ?? ''
      const storage = str(vm.storage_location)
      const vtags = Object.fromEntries(readKeyed(path.join(vdir, 'tags')))
      if (Array.isArray(vm.aliases)) for (const a of vm.aliases) if (typeof a === 'string' && !(a in aliases)) aliases[a] = version
      versions.push({
        version,
        createdAt: num(vm.creation_timestamp) ?? 0,
        updatedAt: num(vm.last_updated_timestamp) ?? num(vm.creation_timestamp) ?? 0,
        runUuid: str(vm.run_id),
        source,
        status: str(vm.status) ?? 'READY',
        stage: normaliseStage(str(vm.current_stage)),
        description: str(vm.description) ?? '',
        tags: vtags,
        artifactLocalPath: resolveArtifact(source, runDirs) ?? (storage ? resolveArtifact(storage, runDirs) : null)
      })
    }
    versions.sort((a, b) => a.version - b.version)
    models.push({
      name,
      description: str(meta.description) ?? '',
      createdAt: num(meta.creation_timestamp) ?? 0,
      updatedAt: num(meta.last_updated_timestamp) ?? 0,
      tags,
      aliases,
      versions
    })
  }
  return models
}

export function normaliseStage(s: string | null): string {
  if (!s) return 'None'
  const t = s.toLowerCase()
  if (t === 'staging') return 'Staging'
  if (t === 'production') return 'Production'
  if (t === 'archived') return 'Archived'
  return 'None'
}

/** sha256 and size of a file, or of a folder as sha256 over "relative path\0sha256\n" of its files in sorted order. */
export function hashArtifact(p: string): { sha256: string; size: number } {
  const st = fs.statSync(p)
  if (st.isFile()) return { sha256: crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex'), size: st.size }
  const h = crypto.createHash('sha256')
  let size = 0
  for (const { key, file } of listKeyed(p)) {
    const buf = fs.readFileSync(file)
    size += buf.length
    h.update(`${key}\0${crypto.createHash('sha256').update(buf).digest('hex')}\n`)
  }
  return { sha256: h.digest('hex'), size }
}
