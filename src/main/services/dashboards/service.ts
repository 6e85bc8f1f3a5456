/** The dashboards area's facade: dashboards and their versions, panel data, files and snapshots. */
import crypto from 'node:crypto'
import os from 'node:os'
import type { z } from 'zod'
import {
  DashboardFile,
  DashboardModel,
  SCHEMA_VERSION,
  type DashboardSummary,
  type DashboardView,
  type DashboardImportReport,
  type PanelData,
  type PanelDataInput,
  type ProvisionedKind,
  type ProvisioningView,
  type SaveInput,
  type DashboardDiff,
  type DashboardVersion
} from '../../../shared/contract/dashboards'
import { AppError, conflict, invalid, notFound } from '../../../shared/errors'
import type { Clock } from '../../core/clock'
import { matching, type PaletteItem } from '../../core/palette'
import type { EventBus } from '../../core/bus'
import type { Logger } from '../../core/log'
import type { Db } from '../../db/open'
import type { ExtensionPanelProvider } from './api'
import { diffModels } from './diff'
import { fromGrafana, isGrafana } from './grafana'
import { canonicalJson, modelProblems, resolveTime, substitute } from './model'
import { Provisioner } from './provisioning'
import { exportFolder } from './exportFolder'
import type { ConfigFiles } from '../../core/configFiles'
import { PanelResolver, type PanelPorts } from './queries'
import { DashboardsRepo, type DashboardRow, type VersionRow } from './repo'
import { snapshotHtml, type SnapshotPanel } from './snapshot'

/** How many versions of a dashboard are kept. */
export const KEEP_VERSIONS = 50
const DAY_MS = 86_400_000

export interface DashboardsDeps {
  db: Db
  clock: Clock
  bus: EventBus
  ports: PanelPorts
  logger: Logger
  /** The provisioned folder as stored in the area's settings. */
  folder: { read(): string | null; write(folder: string | null): void }
  /** Services, alert rules and feature views as files, through their areas' ports. */
  files: { services: ConfigFiles; alerts: ConfigFiles; features: ConfigFiles }
}

type Save = z.output<typeof SaveInput>

export class DashboardsService {
  private repo: DashboardsRepo
  private resolver: PanelResolver
  /** Panel data sources extensions contribute (set by the extensions area through the dashboardPanelSources port). */
  extensionPanels: ExtensionPanelProvider | null = null
  private provisioner: Provisioner

  constructor(private deps: DashboardsDeps) {
    this.repo = new DashboardsRepo(deps.db)
    this.resolver = new PanelResolver(deps.ports, () => this.extensionPanels)
    const { services, alerts, features } = deps.files
    this.provisioner = new Provisioner({
      now: () => deps.clock.now(),
      apply: {
        services: (text, file) => services.apply(text, file),
        alerts: (text, file) => alerts.apply(text, file),
        features: (text, file) => features.apply(text, file),
        dashboard: (json) => {
          const r = this.importFile(json, 'provisioning')
          const unmapped = r.unmapped.length ? ` (${r.unmapped.length} not mapped)` : ''
          return {
            changed: r.changed,
            objects: [r.uid],
            summary: `${r.title}: version ${r.version}${unmapped}`,
            uid: r.uid,
            version: r.version
          }
        }
      },
      onError: (m) => deps.logger.warn(m),
      onScanned: () => deps.bus.publish('dashboards:provisioned', { at: deps.clock.now() })
    })
  }

  /** Follows the stored provisioned folder (at start, when pollers run). */
  start(): void {
    const folder = this.deps.folder.read()
    if (!folder) return
    try {
      this.provisioner.setFolder(folder, true)
    } catch (e) {
      this.deps.logger.warn(`provisioning: ${(e as Error).message}`)
    }
  }

  stop(): void {
    this.provisioner.stop()
  }

  provisioning(): ProvisioningView {
    return this.provisioner.view()
  }

  /** Sets (or clears) the provisioned folder: read at once, then watched. */
  setProvisioning(folder: string | null): ProvisioningView {
    this.provisioner.setFolder(folder, folder !== null)
    this.deps.folder.write(folder)
    return this.provisioner.view()
  }

  provisionNow(): ProvisioningView {
    this.provisioner.scan(true)
    return this.provisioner.view()
  }

  provisionedFrom(kind: ProvisionedKind, object: string): { file: string | null; folder: string | null } {
    return { file: this.provisioner.sourceOf(kind, object), folder: this.provisioner.view().folder }
  }

  /** Services, alert rules, feature views and dashboards written as a provisioning folder. */
  exportFolder(folder: string): { folder: string; files: string[] } {
    const { services, alerts, features } = this.deps.files
    return exportFolder(folder, {
      areas: [services, alerts, features],
      dashboards: () => this.repo.list().map((r) => ({ uid: r.uid, json: this.exportFile(r.uid).json }))
    })
  }

  list(): DashboardSummary[] {
    return this.repo.list().map((r) => {
      const m = parseModel(r.model)
      return {
        uid: r.uid,
        title: r.title,
        description: m.description,
        tags: m.tags,
        panels: m.panels.length,
        version: r.version,
        updatedAt: r.updated_at,
        updatedBy: r.updated_by
      }
    })
  }

  get(uid: string): DashboardView {
    return view(this.row(uid))
  }

  private row(uid: string): DashboardRow {
    const row = this.repo.byUid(uid)
    if (!row) throw notFound(`dashboard ${uid}`)
    return row
  }

  /** A new version; refused when the dashboard moved past `baseVersion` since the editor opened it, unless `overwrite`. */
  save(input: Save, restoredFrom: number | null = null): DashboardView {
    const problems = modelProblems(input.model)
    if (problems.length) throw invalid('model', problems.join('; '))
    const author = input.author?.trim() || defaultAuthor()
    const at = this.deps.clock.now()
    const model = canonicalJson(input.model)
    const saved = this.repo.tx(() => {
      let row = input.uid ? this.repo.byUid(input.uid) : undefined
      if (!row) {
        if (input.baseVersion !== 0 && !input.overwrite) throw notFound(`dashboard ${input.uid}`)
        const uid = input.uid ?? newUid()
        this.repo.insert(uid, input.model.title, model, at, author)
        row = this.repo.byUid(uid)!
      } else if (row.version !== input.baseVersion && !input.overwrite) {
        throw conflict(
          `${row.updated_by} saved version ${row.version} at ${new Date(row.updated_at).toISOString()}, after you opened version ${input.baseVersion}: reload and re-apply your changes, or overwrite their version`,
          'baseVersion'
        )
      }
      const version = row.version + 1
      this.repo.addVersion(row.id, { version, title: input.model.title, model, author, message: input.message, restoredFrom, at })
      this.repo.prune(row.id, KEEP_VERSIONS)
      return this.repo.byUid(row.uid)!
    })
    this.deps.bus.publish('dashboards:changed', { uid: saved.uid, version: saved.version, at })
    return view(saved)
  }

  delete(uid: string): { deleted: boolean } {
    const row = this.repo.byUid(uid)
    const deleted = row ? this.repo.delete(row.id) : false
    if (deleted) this.deps.bus.publish('dashboards:changed', { uid, version: 0, at: this.deps.clock.now() })
    return { deleted }
  }

  // ------------------------------------------------------------------ versions
  versions(uid: string): DashboardVersion[] {
    return this.repo.versions(this.row(uid).id).map(summary)
  }

  version(uid: string, version: number): DashboardVersion & { model: DashboardModel } {
    const v = this.versionRow(uid, version)
    return { ...summary(v), model: parseModel(v.model) }
  }

  private versionRow(uid: string, version: number): VersionRow {
    const v = this.repo.version(this.row(uid).id, version)
    if (!v) throw notFound(`version ${version} of dashboard ${uid} (only the last ${KEEP_VERSIONS} are kept)`)
    return v
  }

  diff(uid: string, a: number, b: number): DashboardDiff {
    return diffModels(parseModel(this.versionRow(uid, a).model), parseModel(this.versionRow(uid, b).model), { a, b })
  }

  restore(uid: string, version: number, baseVersion: number, author?: string): DashboardView {
    const old = this.versionRow(uid, version)
    return this.save(
      { uid, model: parseModel(old.model), baseVersion, message: `Restored version ${version}`, author, overwrite: false },
      version
    )
  }

  // ------------------------------------------------------------------ panel data
  async panelData(input: z.output<typeof PanelDataInput>): Promise<PanelData> {
    const now = this.deps.clock.now()
    const query = substitute(input.query, input.vars)
    return this.resolver.resolve(query, input.panelType, { from: resolveTime(input.time.from, now), to: resolveTime(input.time.to, now) })
  }

  async variableOptions(kind: 'service' | 'environment' | 'model'): Promise<string[]> {
    if (kind === 'model') return (await this.deps.ports.models.list({ search: '' })).map((m) => m.name).sort()
    const services = await this.deps.ports.health.overview(undefined)
    return [...new Set(services.map((s) => (kind === 'service' ? s.name : s.environment)))].sort()
  }

  // ------------------------------------------------------------------ files
  /** The dashboard as its file: the model with uid and schema version, keys sorted, so the same dashboard gives the same bytes. */
  exportFile(uid: string): { fileName: string; json: string } {
    const row = this.row(uid)
    const file: DashboardFile = { ...parseModel(row.model), uid: row.uid, schemaVersion: SCHEMA_VERSION }
    return { fileName: `${row.uid}.dashboard.json`, json: canonicalJson(file) }
  }

  /** A file of this console (by its uid: a new dashboard, or the next version when it differs) or a Grafana dashboard. */
  importFile(json: string, author?: string): DashboardImportReport {
    let doc: unknown
    try {
      doc = JSON.parse(json)
    } catch (e) {
      throw invalid('json', `not valid JSON (${(e as Error).message})`)
    }
    const own = DashboardFile.safeParse(doc)
    let uid: string
    let model: DashboardModel
    let unmapped: string[] = []
    let source = 'file'
    if (own.success) {
      const { uid: u, schemaVersion: _v, ...rest } = own.data
      uid = u
      model = rest
    } else if (isGrafana(doc)) {
      ;({ uid, model, unmapped } = fromGrafana(doc))
      source = 'Grafana JSON'
    } else {
      const first = own.error.issues[0]!
      const at = first.path.join('.')
      throw new AppError('VALIDATION', `json: not a dashboard file: ${at || 'the file'}: ${first.message}`, 'json', [
        { field: at, message: first.message }
      ])
    }
    const existing = this.repo.byUid(uid)
    if (existing && existing.model === canonicalJson(model))
      return { uid, title: existing.title, version: existing.version, created: false, changed: false, unmapped }
    const saved = this.save({
      uid,
      model,
      baseVersion: existing?.version ?? 0,
      message: `Imported from ${source}${unmapped.length ? ` (${unmapped.length} item${unmapped.length === 1 ? '' : 's'} not mapped)` : ''}`,
      author,
      overwrite: true
    })
    return { uid, title: model.title, version: saved.version, created: !existing, changed: true, unmapped }
  }

  // ------------------------------------------------------------------ snapshots
  async snapshot(
    uid: string,
    expiresInDays: number,
    vars: Record<string, string>
  ): Promise<{ fileName: string; html: string; expiresAt: number }> {
    const row = this.row(uid)
    const model = parseModel(row.model)
    const values = { ...Object.fromEntries(model.variables.map((v) => [v.name, v.current])), ...vars }
    const now = this.deps.clock.now()
    const range = { from: resolveTime(model.time.from, now), to: resolveTime(model.time.to, now) }
    const panels: SnapshotPanel[] = []
    for (const panel of model.panels) {
      if (panel.type === 'text' || panel.query.source === 'none') {
        panels.push({ panel, data: null, error: null })
        continue
      }
      try {
        const data = await this.panelData({ query: panel.query, panelType: panel.type, time: model.time, vars: values })
        panels.push({ panel, data, error: null })
      } catch (e) {
        panels.push({ panel, data: null, error: (e as Error).message })
      }
    }
    const expiresAt = now + expiresInDays * DAY_MS
    const html = snapshotHtml({ model, uid, version: row.version, panels, range, vars: values, takenAt: now, expiresAt })
    const day = new Date(now).toISOString().slice(0, 10)
    return { fileName: `${uid}-snapshot-${day}.html`, html, expiresAt }
  }

  palette(q: string, limit: number): PaletteItem[] {
    return matching(
      this.repo.list(),
      q,
      limit,
      (r) => r.title,
      (r) => ({ kind: 'dashboard', id: r.uid, title: r.title, subtitle: `version ${r.version}`, route: `/dashboards/d/${r.uid}` })
    )
  }
}

const parseModel = (json: string): DashboardModel => DashboardModel.parse(JSON.parse(json))
const view = (r: DashboardRow): DashboardView => ({
  uid: r.uid,
  version: r.version,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  model: parseModel(r.model)
})
const summary = (v: VersionRow): DashboardVersion => ({
  version: v.version,
  author: v.author,
  message: v.message,
  createdAt: v.created_at,
  restoredFrom: v.restored_from
})
const newUid = (): string => crypto.randomBytes(6).toString('base64url')

function defaultAuthor(): string {
  try {
    return os.userInfo().username || 'local user'
  } catch {
    return 'local user'
  }
}
