/**
 * Provisioning: a folder of dashboard files (this console's JSON or Grafana's) kept in git. Every file is imported when
 * the folder is set, when the console starts and whenever a file in it changes; an unchanged file does nothing and a
 * removed one leaves its dashboard as it is.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { DashboardImportReport, ProvisioningView } from '../../../shared/contract/dashboards'
import { invalid } from '../../../shared/errors'

type File = ProvisioningView['files'][number]

export interface ProvisionerDeps {
  now: () => number
  importFile: (json: string, author: string) => DashboardImportReport
  onError: (message: string) => void
}

const DEBOUNCE_MS = 250

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

  /** Point at a folder (checked to exist), read it and, with `watch`, follow its changes. */
  setFolder(folder: string | null, watch: boolean): void {
    this.stop()
    this.hashes.clear()
    this.files.clear()
    if (folder !== null && !fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory())
      throw invalid('folder', `${folder} is not a folder`)
    this.folder = folder
    if (folder === null) return
    this.scan()
    if (watch) {
      this.watcher = fs.watch(folder, () => this.soon())
      this.watcher.on('error', (e) => this.deps.onError(`provisioning: watching ${folder} failed: ${e.message}`))
    }
  }

  /** Import every changed `*.json` file of the folder, in name order. */
  scan(): void {
    if (!this.folder) return
    let names: string[]
    try {
      names = fs
        .readdirSync(this.folder)
        .filter((n) => n.endsWith('.json'))
        .sort()
    } catch (e) {
      this.deps.onError(`provisioning: reading ${this.folder} failed: ${(e as Error).message}`)
      return
    }
    for (const name of names) this.apply(name)
    for (const name of [...this.files.keys()])
      if (!names.includes(name)) {
        this.files.delete(name)
        this.hashes.delete(name)
      }
  }

  private apply(name: string): void {
    const at = this.deps.now()
    let text: string
    try {
      text = fs.readFileSync(path.join(this.folder!, name), 'utf8')
    } catch (e) {
      this.files.set(name, { file: name, state: 'error', uid: null, version: null, message: (e as Error).message, at })
      return
    }
    const hash = crypto.createHash('sha256').update(text).digest('hex')
    if (this.hashes.get(name) === hash) return
    this.hashes.set(name, hash)
    try {
      const r = this.deps.importFile(text, 'provisioning')
      const unmapped = r.unmapped.length ? ` (${r.unmapped.length} not mapped)` : ''
      this.files.set(name, {
        file: name,
        state: r.changed ? 'applied' : 'unchanged',
        uid: r.uid,
        version: r.version,
        message: `${r.title}: version ${r.version}${unmapped}`,
        at
      })
    } catch (e) {
      this.files.set(name, { file: name, state: 'error', uid: null, version: null, message: (e as Error).message, at })
    }
  }

  private soon(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      this.scan()
    }, DEBOUNCE_MS)
  }

  stop(): void {
    this.watcher?.close()
    this.watcher = null
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
