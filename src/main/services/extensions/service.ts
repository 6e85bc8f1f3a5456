/**
 * The extensions area: installed extensions, each run in its own sandboxed host process by a supervisor; install
 * (folder, archive, catalogue) through a verified staging step and the user's grant; enable, disable, uninstall.
 */
import fs from 'node:fs'
import path from 'node:path'
import semver from 'semver'
import type { z } from 'zod'
import type { CatalogueEntry, ExtensionInfo, ExtensionsSettings, InstallPreview, InstallSource } from '../../../shared/contract/extensions'
import { ExtensionManifest, permissionChanges } from '../../../shared/extensions'
import { AppError, conflict, invalid, notFound } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import type { SecretBox } from '../../core/secrets'
import type { SettingsStore } from '../../core/settings'
import { APP_VERSION } from '../../core/version'
import type { Db } from '../../db/open'
import type { AlertChannelKinds, AlertsReader } from '../alerts/api'
import type { CostImporterSlot } from '../costs/api'
import type { DashboardPanelSources } from '../dashboards/api'
import type { HealthCheckKinds, HealthReader } from '../health/api'
import type { DeployMarkerWriter } from '../testing/api'
import { ActivationEvents } from './activation'
import { ContributionRunner } from './contributions'
import { extensionPanels } from './panels'
import { readCatalogue } from './catalogue'
import { BUILTIN_SOURCE, installBuiltins, type BuiltinTarget } from './builtins'
import { ApiGate, PermissionDenied, type Caller } from './gate'
import { ExtensionImporters } from './importers'
import { writeHostFile } from './hostFile'
import { ExtensionValues } from './extensionValues'
import { ExtensionsRepo, type ExtensionRow } from './repo'
import { extensionsSettings } from './settings'
import { Staging } from './staging'
import type { HostLaunch, InvokeKind } from './process'
import { DEFAULT_RUNTIME, ExtensionSupervisor, type RuntimeOptions } from './supervisor'
import { ExtensionViews } from './views'

export interface ExtensionsDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  settings: SettingsStore
  health: HealthReader
  /** Where health hands `ext:` check kinds and alerts hand `ext:` channel kinds (narrow ports of those areas). */
  checkKinds?: HealthCheckKinds
  channelKinds?: AlertChannelKinds
  workspacePath: string
  runtime?: Partial<RuntimeOptions>
  /** Seals secret setting values of extensions. */
  secrets?: SecretBox
  /** deploys:write */
  deploys?: DeployMarkerWriter
  /** alerts' read port delivers onAlert events. */
  alerts?: AlertsReader
  panelSources?: DashboardPanelSources
  costImporters?: CostImporterSlot
}

export class ExtensionsService {
  readonly repo: ExtensionsRepo
  /** Extensions' own setting values (`api.settings.get()`). */
  readonly values: ExtensionValues
  private supervisors = new Map<string, ExtensionSupervisor>()
  private staging: Staging
  private gate: ApiGate
  private runtime: RuntimeOptions
  private root: string
  private hostFile: string | null = null
  private stopped = false
  readonly views: ExtensionViews
  readonly activation: ActivationEvents

  constructor(private deps: ExtensionsDeps) {
    this.repo = new ExtensionsRepo(deps.db)
    this.root = path.join(path.dirname(path.resolve(deps.workspacePath)), 'extensions')
    this.staging = new Staging(path.join(this.root, '.staging'), () => this.getSettings())
    this.runtime = { ...DEFAULT_RUNTIME, ...deps.runtime }
    this.values = new ExtensionValues(deps.settings, deps.secrets, () => deps.clock.now())
    this.gate = new ApiGate({
      health: deps.health,
      signal: (extensionId, s) => deps.bus.publish('extensions:signal', { extensionId, ...s, at: deps.clock.now() }),
      settings: (id) => this.values.read(id, this.manifestOf(this.row(id)).contributes.settings),
      ...(deps.deploys ? { deploys: deps.deploys } : {}),
      fetchTimeoutMs: 10_000
    })
    this.views = new ExtensionViews({
      manifestOf: (id) => this.manifestOf(this.row(id)),
      folderOf: (id) => this.folderOf(id),
      now: () => deps.clock.now()
    })
    this.activation = new ActivationEvents(
      {
        enabled: () =>
          this.repo
            .all()
            .filter((r) => r.enabled)
            .map((r) => ({ id: r.id, manifest: this.manifestOf(r), granted: JSON.parse(r.granted) as string[] })),
        deliver: (id, event, payload) => this.invoke(id, 'event', event, payload),
        log: (id, level, message) => this.log(id, level, message)
      },
      deps.bus,
      deps.alerts
    )
  }

  folderOf(id: string): string {
    return path.join(this.root, id)
  }

  dataFolderOf(id: string): string {
    return path.join(this.root, '.data', id)
  }

  /** Hands health and alerts the runners of extension check kinds and channels; starts the startup extensions. */
  start(): void {
    const run = new ContributionRunner(
      (id) => this.manifestOf(this.row(id)),
      (id, kind, name, payload, consented) => this.invoke(id, kind, name, payload, consented)
    )
    this.deps.checkKinds?.setExtensionRunner((c, signal) => run.check(c, signal))
    this.deps.channelKinds?.setExtensionDeliverer((kind, settings, message, secret) => run.deliver(kind, settings, message, secret))
    installBuiltins(this.builtinTarget())
    const importers = new ExtensionImporters({
      enabled: () => this.list().filter((e) => e.status !== 'disabled'),
      launchOf: (id) => {
        const row = this.row(id)
        if (!row.enabled) throw conflict(`the extension ${id} is disabled`)
        return this.launchOf(row)
      },
      gate: this.gate,
      log: (id, level, message) => this.log(id, level, message),
      watchdog: this.runtime,
      parseTimeoutMs: Math.max(this.runtime.invokeTimeoutMs, 120_000)
    })
    this.deps.costImporters?.setExternalImporters({
      formats: () => importers.formats('costs'),
      parse: (id, file, signal) => importers.parse('costs', id, file, signal)
    })
    this.deps.panelSources?.setExtensionPanels(
      extensionPanels({
        installed: () => this.list(),
        manifestOf: (id) => this.manifestOf(this.row(id)),
        invoke: (id, kind, name, payload) => this.invoke(id, kind, name, payload)
      })
    )
    for (const r of this.repo.all()) if (r.enabled && this.manifestOf(r).activationEvents.includes('onStartup')) this.run(r)
    this.activation.start()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.activation.stop()
    this.deps.checkKinds?.setExtensionRunner(null)
    this.deps.channelKinds?.setExtensionDeliverer(null)
    this.deps.panelSources?.setExtensionPanels(null)
    this.deps.costImporters?.setExternalImporters(null)
    await Promise.all([...this.supervisors.values()].map((s) => s.stop()))
    this.supervisors.clear()
  }

  list(): ExtensionInfo[] {
    return this.repo.all().map((r) => this.info(r))
  }

  get(id: string, logLimit: number) {
    return { ...this.info(this.row(id)), logs: this.repo.logs(id, logLimit) }
  }

  getSettings(): ExtensionsSettings {
    return this.deps.settings.read(extensionsSettings)
  }

  /** An extension's setting values, secrets as hints; setting them checks the manifest's schema. */
  settingsOf(id: string) {
    return this.values.view(id, this.manifestOf(this.row(id)).contributes.settings)
  }

  /** Checks and saves an extension's settings; a running extension gets a `settings` event with the new values. */
  setSettingsOf(id: string, values: Record<string, unknown>) {
    const schema = this.manifestOf(this.row(id)).contributes.settings
    const out = this.values.write(id, schema, values)
    this.log(id, 'info', `settings changed: ${Object.keys(values).join(', ') || 'cleared'}`)
    if (this.supervisors.get(id)?.state === 'active')
      this.invoke(id, 'event', 'settings', this.values.read(id, schema)).catch((err: unknown) =>
        this.log(id, 'warn', `settings event not delivered: ${err instanceof Error ? err.message : String(err)}`)
      )
    this.changed(id)
    return out
  }

  setSettings(next: ExtensionsSettings): ExtensionsSettings {
    const saved = this.deps.settings.write(extensionsSettings, next, this.deps.clock.now())
    this.changed(null)
    return saved
  }

  /** Unpacks and verifies; answers what the permission prompt shows. A tampered archive never gets this far. */
  async inspect(source: z.output<typeof InstallSource>): Promise<InstallPreview> {
    const s = await this.staging.stage(source)
    const old = this.repo.get(s.manifest.id)
    return {
      token: s.token,
      manifest: s.manifest,
      signed: s.signed,
      unsignedReason: s.unsignedReason,
      sha256: s.sha256,
      update: old ? { from: old.version, ...permissionChanges(JSON.parse(old.granted) as string[], s.manifest.permissions) } : null
    }
  }

  /** Installs a staged extension with the permissions the user granted (a subset of those it asks for). */
  async install(token: string, grant: string[], allowUnsigned: boolean): Promise<ExtensionInfo> {
    const s = this.staging.take(token)
    try {
      if (!s.signed && !allowUnsigned)
        throw invalid(
          'allowUnsigned',
          `the extension is not signed (${s.unsignedReason}); install it only if you trust its source, with allowUnsigned`
        )
      const extra = grant.filter((p) => !s.manifest.permissions.includes(p))
      if (extra.length) throw invalid('grant', `${extra.join(', ')}: the extension does not ask for this`)
      const id = s.manifest.id
      if (this.repo.get(id)?.source === BUILTIN_SOURCE) throw conflict(`${id} is a built-in extension of the console`)
      await this.supervisors.get(id)?.stop()
      this.supervisors.delete(id)
      const dest = this.folderOf(id)
      const old = `${dest}.old`
      fs.rmSync(old, { recursive: true, force: true })
      if (fs.existsSync(dest)) fs.renameSync(dest, old)
      fs.renameSync(s.folder, dest)
      fs.rmSync(old, { recursive: true, force: true })
      fs.mkdirSync(this.dataFolderOf(id), { recursive: true })
      const now = this.deps.clock.now()
      const before = this.repo.get(id)
      this.repo.upsert({
        id,
        name: s.manifest.name,
        version: s.manifest.version,
        publisher: s.manifest.publisher,
        manifest: JSON.stringify(s.manifest),
        granted: JSON.stringify(grant),
        signed: s.signed ? 1 : 0,
        source: s.source,
        enabled: 1,
        installed_at: before?.installed_at ?? now,
        updated_at: now
      })
      this.log(
        id,
        s.signed ? 'info' : 'warn',
        `${before ? `updated from ${before.version} to` : 'installed'} ${s.manifest.version} from ${s.source}${s.signed ? ' (signed)' : ' UNSIGNED, with consent'}; granted: ${grant.join(', ') || 'nothing'}`
      )
      const row = this.row(id)
      if (this.manifestOf(row).activationEvents.includes('onStartup')) this.run(row)
      this.changed(id)
      return this.info(row)
    } finally {
      this.staging.discard(s)
    }
  }

  enable(id: string): ExtensionInfo {
    this.row(id)
    this.repo.setEnabled(id, true, null, this.deps.clock.now())
    this.log(id, 'info', 'enabled')
    const row = this.row(id)
    this.run(row)
    this.changed(id)
    return this.info(row)
  }

  async disable(id: string, reason = 'disabled by the user'): Promise<ExtensionInfo> {
    this.row(id)
    await this.supervisors.get(id)?.stop()
    this.supervisors.delete(id)
    this.repo.setEnabled(id, false, reason, this.deps.clock.now())
    this.log(id, 'info', reason)
    this.changed(id)
    return this.info(this.row(id))
  }

  /** Removes the extension, its files, its data folder and its log. */
  async uninstall(id: string): Promise<{ id: string }> {
    if (this.row(id).source === BUILTIN_SOURCE) throw conflict(`${id} is built into the console: disable it instead`)
    await this.supervisors.get(id)?.stop()
    this.supervisors.delete(id)
    this.repo.delete(id)
    this.values.clear(id)
    fs.rmSync(this.folderOf(id), { recursive: true, force: true })
    fs.rmSync(this.dataFolderOf(id), { recursive: true, force: true })
    this.changed(id)
    return { id }
  }

  async catalogue(): Promise<CatalogueEntry[]> {
    const index = await readCatalogue(this.getSettings().catalogue)
    return index.extensions.map((e) => {
      const installed = this.repo.get(e.id)?.version ?? null
      const versions = e.versions
        .map((v) => ({
          ...v,
          compatible: !v.engines || (semver.validRange(v.engines) !== null && semver.satisfies(APP_VERSION, v.engines))
        }))
        .sort((a, b) => semver.rcompare(a.version, b.version))
      const newest = versions.find((v) => v.compatible)?.version ?? null
      return { ...e, versions, installed, update: installed && newest && semver.gt(newest, installed) ? newest : null }
    })
  }

  /** Runs a command the extension's manifest contributes. */
  async runCommand(id: string, command: string): Promise<{ result: unknown }> {
    if (!this.manifestOf(this.row(id)).contributes.commands.some((c) => c.name === command))
      throw invalid('command', `the extension ${id} contributes no command "${command}"`)
    return { result: await this.invoke(id, 'command', command, null) }
  }

  /** A call from one of the extension's views: `commands.run` runs a command it contributes; the rest go through the grant. */
  async viewCall(id: string, view: string, method: string, params: unknown): Promise<{ value: unknown }> {
    this.views.viewOf(id, view)
    const row = this.row(id)
    if (!row.enabled) throw conflict(`the extension ${id} is disabled`)
    if (method === 'commands.run')
      return { value: (await this.runCommand(id, String((params as { name?: unknown } | null)?.name ?? ''))).result }
    try {
      return { value: await this.gate.call({ id, granted: JSON.parse(row.granted) as string[] }, method, params) }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      this.log(id, 'warn', `refused ${method} from the view ${view}: ${message}`)
      if (err instanceof AppError) throw err
      throw new AppError(err instanceof PermissionDenied ? 'FORBIDDEN' : 'VALIDATION', message)
    }
  }

  /** Runs a handler an extension registered (a check kind, a channel, a command), starting it when needed. */
  async invoke(id: string, kind: InvokeKind, name: string, payload: unknown, consented: string[] = []): Promise<unknown> {
    const row = this.repo.get(id)
    if (!row) throw notFound(`extension ${id}`)
    if (!row.enabled) throw conflict(`the extension ${id} is disabled${row.disabled_reason ? ` (${row.disabled_reason})` : ''}`)
    return this.run(row).invoke(kind, name, payload, consented)
  }

  private builtinTarget(): BuiltinTarget {
    return {
      repo: this.repo,
      folderOf: (id) => this.folderOf(id),
      dataFolderOf: (id) => this.dataFolderOf(id),
      now: () => this.deps.clock.now(),
      log: (id, level, message) => this.log(id, level, message)
    }
  }

  /** Extensions whose host process is running now. */
  running(): string[] {
    return [...this.supervisors.entries()].filter(([, s]) => s.state === 'active' || s.state === 'starting').map(([id]) => id)
  }

  private run(row: ExtensionRow): ExtensionSupervisor {
    const running = this.supervisors.get(row.id)
    if (running) return running
    if (this.stopped) throw conflict('the console is shutting down')
    const { launch, caller } = this.launchOf(row)
    const sup = new ExtensionSupervisor(launch, caller, row.restarts, {
      gate: this.gate,
      options: this.runtime,
      log: (level, message) => this.log(row.id, level, message),
      onRestarts: (n) => this.repo.setRestarts(row.id, n),
      onDisabled: (reason) => {
        this.supervisors.delete(row.id)
        this.repo.setEnabled(row.id, false, reason, this.deps.clock.now())
        this.deps.logger.warn(`extension ${row.id} disabled: ${reason}`)
        this.changed(row.id)
      },
      onState: () => this.changed(row.id)
    })
    this.supervisors.set(row.id, sup)
    sup.start()
    return sup
  }

  /** How to start an extension's host process: its folders, the reads its grant allows, and who its calls come from. */
  private launchOf(row: ExtensionRow): { launch: HostLaunch; caller: Caller } {
    const manifest = this.manifestOf(row)
    const granted = JSON.parse(row.granted) as string[]
    const folder = this.folderOf(row.id)
    this.hostFile ??= writeHostFile(path.join(this.root, '.host'))
    const launch = {
      hostFile: this.hostFile,
      id: row.id,
      folder,
      dataFolder: this.dataFolderOf(row.id),
      entry: path.join(folder, manifest.main),
      readFolders: granted.filter((p) => p.startsWith('fs:read:')).map((p) => p.slice('fs:read:'.length)),
      memoryMb: this.runtime.memoryMb
    }
    return { launch, caller: { id: row.id, granted } }
  }

  private info(r: ExtensionRow): ExtensionInfo {
    const sup = this.supervisors.get(r.id)
    const manifest = this.manifestOf(r)
    return {
      id: r.id,
      name: r.name,
      version: r.version,
      publisher: r.publisher,
      description: manifest.description,
      status: r.enabled ? (sup?.state ?? 'stopped') : 'disabled',
      disabledReason: r.enabled ? null : r.disabled_reason,
      restarts: sup?.restarts ?? r.restarts,
      rssBytes: sup?.rssBytes() ?? null,
      requested: manifest.permissions,
      granted: JSON.parse(r.granted) as string[],
      signed: r.signed === 1,
      source: r.source,
      installedAt: r.installed_at,
      updatedAt: r.updated_at,
      manifest
    }
  }

  private manifestOf(r: ExtensionRow) {
    return ExtensionManifest.parse(JSON.parse(r.manifest))
  }

  private row(id: string): ExtensionRow {
    const r = this.repo.get(id)
    if (!r) throw notFound(`extension ${id}`)
    return r
  }

  private log(id: string, level: 'info' | 'warn' | 'error', message: string): void {
    if (this.repo.get(id)) this.repo.log(id, this.deps.clock.now(), level, message)
  }

  private changed(id: string | null): void {
    this.deps.bus.publish('extensions:changed', { id, at: this.deps.clock.now() })
    if (!this.stopped) this.activation.refresh()
  }
}
