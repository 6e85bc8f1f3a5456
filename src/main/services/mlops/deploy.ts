/**
 * Live model updates. A target follows a model's alias (champion) or stage; when its holder changes the console pushes
 * the version (a signed reload webhook, or a copy into a watched folder), verifies it (health address, the health
 * area's check, a smoke request), watches it for a window, and rolls back to the last good version on any failure,
 * moving the alias back. Every push, verification and rollback is a row of the deployment history.
 */
import { createHmac } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import type { Deployment, DeployTarget, TargetInput } from '../../../shared/contract/mlops'
import { AppError, conflict, notFound } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import type { SecretBox } from '../../core/secrets'
import type { HealthReader } from '../health/api'
import type { ModelRegistryPort, ModelTrainingPort, VersionArtifact } from '../models/api'
import type { DeploymentRow, MlopsRepo, TargetRow } from './repo'

const HTTP_TIMEOUT_MS = 10_000
const STAGES = ['None', 'Staging', 'Production', 'Archived']

interface TargetConfig {
  reloadUrl?: string
  healthUrl?: string
  healthCheckId?: number
  folder?: string
  canaryWeight?: number
  smokeUrl?: string
  smokeBody?: string
  smokeExpect?: string
  windowSec: number
}

export interface DeployerDeps {
  repo: MlopsRepo
  clock: Clock
  bus: EventBus
  logger: Logger
  secrets: SecretBox
  registry: ModelRegistryPort | null
  training: ModelTrainingPort | null
  health: HealthReader | null
}

/** The reload signature a serving endpoint checks: HMAC-SHA256 over "<timestamp>.<body>" with the target's secret. */
export const signReload = (secret: string, timestamp: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`

export class Deployer {
  private chains = new Map<number, Promise<unknown>>()
  private watches = new Set<() => void>()
  private off: (() => void) | undefined
  private stopped = false

  constructor(private deps: DeployerDeps) {}

  start(): void {
    this.off = this.deps.bus.on('models:changed', (e) => {
      if (e.kind === 'alias' || e.kind === 'stage') void this.sync()
    })
  }
  async stop(): Promise<void> {
    this.stopped = true
    this.off?.()
    for (const w of this.watches) w()
    await Promise.allSettled([...this.chains.values()])
  }

  /** Settles when no deployment is under way (tests, shutdown). */
  async idle(): Promise<void> {
    for (;;) {
      const before = [...this.chains.values()]
      await Promise.allSettled(before)
      const after = [...this.chains.values()]
      if (after.length === before.length && after.every((p, i) => p === before[i])) return
    }
  }

  /** Deploys to every target whose followed version is not the deployed one; settles when they are done. */
  async sync(): Promise<void> {
    if (!this.deps.training) return
    const work: Promise<unknown>[] = []
    for (const t of this.deps.repo.targets()) {
      const holder = this.deps.training.holderOf(t.model_name, t.follow)
      if (holder && holder.id !== t.deployed_version_id) work.push(this.queue(t.id, () => this.deployIfStale(t.id)))
    }
    await Promise.allSettled(work)
  }

  /** Deploys what the target follows now, whatever is deployed. */
  deployNow(targetId: number): Promise<Deployment[]> {
    const t = this.targetRow(targetId)
    const holder = this.deps.training?.holderOf(t.model_name, t.follow)
    if (!holder) throw new AppError('VALIDATION', `no version of ${t.model_name} is ${t.follow}: nothing to deploy`, 'id')
    return this.queue(targetId, () => this.deploy(targetId, holder.id))
  }

  /** One deployment at a time per target. */
  private queue<T>(targetId: number, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(targetId) ?? Promise.resolve()
    const next = prev.then(fn, fn)
    this.chains.set(
      targetId,
      next.catch(() => undefined)
    )
    return next
  }

  private async deployIfStale(targetId: number): Promise<Deployment[]> {
    const t = this.deps.repo.target(targetId)
    if (!t || this.stopped) return []
    const holder = this.deps.training?.holderOf(t.model_name, t.follow)
    if (!holder || holder.id === t.deployed_version_id) return []
    return this.deploy(targetId, holder.id)
  }

  private async deploy(targetId: number, versionId: number): Promise<Deployment[]> {
    const t = this.targetRow(targetId)
    const art = this.deps.registry?.versionArtifact(versionId)
    if (!art) throw notFound(`version ${versionId}`)
    const ids: number[] = []
    const previous = t.deployed_version_id
    const record = (action: DeploymentRow['action'], v: VersionArtifact, ok: boolean, detail: string): void => {
      ids.push(
        this.deps.repo.insertDeployment({
          target_id: t.id,
          action,
          version_id: v.versionId,
          version_label: v.label,
          previous_version_id: previous,
          ok: ok ? 1 : 0,
          detail,
          at: this.deps.clock.now()
        })
      )
      this.deps.bus.publish('mlops:changed', { kind: 'deployment', id: t.id })
    }
    let failure: string | null = null
    try {
      record('push', art, true, await this.push(t, art))
      this.deps.repo.setDeployed(t.id, art.versionId, art.label)
    } catch (err) {
      failure = (err as Error).message
      record('push', art, false, failure)
    }
    if (!failure) {
      const v = await this.verify(t, art)
      record('verify', art, v.ok, v.detail)
      if (!v.ok) failure = v.detail
      else this.watch(t, art)
    }
    if (failure) await this.rollback(t, art, failure, record)
    return this.deps.repo.deploymentsByIds(ids).map(toDeployment)
  }

  private async rollback(
    t: TargetRow,
    failed: VersionArtifact,
    why: string,
    record: (a: DeploymentRow['action'], v: VersionArtifact, ok: boolean, d: string) => void
  ): Promise<void> {
    const prevId = this.deps.repo.lastGood(t.id, failed.versionId)
    const prev = prevId ? this.deps.registry?.versionArtifact(prevId) : undefined
    if (!prev) {
      record('rollback', failed, false, `${why}; no earlier good version to roll back to`)
      this.notice(t, `${failed.label} failed on ${t.name} and there is no earlier version to roll back to: ${why}`)
      return
    }
    // the followed alias or stage goes back first, so the registry and the target agree
    this.deps.repo.setDeployed(t.id, prev.versionId, prev.label)
    if (STAGES.includes(t.follow))
      this.deps.registry!.moveToStage(prev.versionId, t.follow as 'Production', `rolled back: ${failed.label} failed on ${t.name}`)
    else this.deps.registry!.setAlias(prev.versionId, t.follow)
    try {
      await this.push(t, prev)
      const v = await this.verify(t, prev)
      record(
        'rollback',
        prev,
        v.ok,
        `${failed.label} failed (${why}); back on ${prev.label}${v.ok ? '' : `, which also fails: ${v.detail}`}`
      )
    } catch (err) {
      record('rollback', prev, false, `${failed.label} failed (${why}); pushing ${prev.label} back failed too: ${(err as Error).message}`)
    }
    this.notice(t, `${failed.label} failed on ${t.name} (${why}); rolled back to ${prev.label}`)
  }

  private notice(t: TargetRow, body: string): void {
    this.deps.bus.publish('mlops:notice', { title: `Rollback on ${t.name}`, body, route: '/mlops/deployments' })
  }

  /** After a good verification, a failed health probe or a down result of the linked check within the window rolls back. */
  private watch(t: TargetRow, art: VersionArtifact): void {
    const c = config(t)
    if (!c.windowSec || this.stopped) return
    let done = false
    const end = (): void => {
      if (done) return
      done = true
      clearInterval(timer)
      clearTimeout(until)
      unsub?.()
      this.watches.delete(end)
    }
    const fail = (why: string): void => {
      if (done) return
      end()
      void this.queue(t.id, async () => {
        const now = this.deps.repo.target(t.id)
        if (!now || now.deployed_version_id !== art.versionId) return
        const ids: number[] = []
        await this.rollback(now, art, why, (action, v, ok, detail) => {
          ids.push(
            this.deps.repo.insertDeployment({
              target_id: t.id,
              action,
              version_id: v.versionId,
              version_label: v.label,
              previous_version_id: art.versionId,
              ok: ok ? 1 : 0,
              detail,
              at: this.deps.clock.now()
            })
          )
          this.deps.bus.publish('mlops:changed', { kind: 'deployment', id: t.id })
        })
      })
    }
    const unsub =
      c.healthCheckId && this.deps.health
        ? this.deps.health.onResult((r) => {
            if (r.checkId === c.healthCheckId && r.outcome.status === 'DOWN')
              fail(`health check #${c.healthCheckId} went down within the window`)
          })
        : undefined
    const every = Math.max(500, Math.min(5000, (c.windowSec * 1000) / 5))
    const timer = setInterval(() => {
      if (!c.healthUrl) return
      void probe(c.healthUrl).then((p) => !p.ok && fail(`health probe failed within the window: ${p.detail}`))
    }, every)
    timer.unref?.()
    const until = setTimeout(end, c.windowSec * 1000)
    until.unref?.()
    this.watches.add(end)
  }

  private async push(t: TargetRow, art: VersionArtifact): Promise<string> {
    const c = config(t)
    if (t.kind === 'folder') {
      if (!art.artifactPath || !fs.existsSync(art.artifactPath)) throw new Error(`${art.label} has no artifact on this machine to copy`)
      const dest = path.join(c.folder!, `${art.modelName}-v${art.version}`)
      fs.rmSync(dest, { recursive: true, force: true })
      fs.cpSync(art.artifactPath, fs.statSync(art.artifactPath).isDirectory() ? dest : path.join(dest, path.basename(art.artifactPath)), {
        recursive: true
      })
      const manifest = path.join(c.folder!, 'current.json')
      fs.writeFileSync(
        `${manifest}.tmp`,
        JSON.stringify(
          { model: art.modelName, version: art.version, versionId: art.versionId, path: dest, sha256: art.artifactSha256 },
          null,
          2
        )
      )
      fs.renameSync(`${manifest}.tmp`, manifest)
      return `copied to ${dest}; current.json points at v${art.version}`
    }
    const body = JSON.stringify({
      model: art.modelName,
      version: art.version,
      versionId: art.versionId,
      alias: t.follow,
      artifactUri: art.artifactPath ? `file://${art.artifactPath}` : null,
      sha256: art.artifactSha256,
      ...(c.canaryWeight ? { canaryWeight: c.canaryWeight } : {})
    })
    const ts = String(Math.floor(this.deps.clock.now() / 1000))
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-console-timestamp': ts }
    if (t.secret) headers['x-console-signature'] = signReload(this.deps.secrets.decrypt(t.secret), ts, body)
    const res = await fetch(c.reloadUrl!, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(HTTP_TIMEOUT_MS)
    }).catch((err: Error) => {
      throw new Error(`reload ${c.reloadUrl} unreachable: ${err.message}`)
    })
    const text = (await res.text()).slice(0, 300)
    if (!res.ok) throw new Error(`reload answered HTTP ${res.status}${text ? `: ${text}` : ''}`)
    return `reload accepted (HTTP ${res.status})${c.canaryWeight ? `, canary weight ${c.canaryWeight} %` : ''}`
  }

  private async verify(t: TargetRow, art: VersionArtifact): Promise<{ ok: boolean; detail: string }> {
    const c = config(t)
    const parts: string[] = []
    if (t.kind === 'folder') {
      const m = JSON.parse(fs.readFileSync(path.join(c.folder!, 'current.json'), 'utf8')) as { versionId: number }
      if (m.versionId !== art.versionId) return { ok: false, detail: 'current.json does not name the new version' }
      parts.push('current.json names it')
    }
    if (c.healthUrl) {
      const p = await probe(c.healthUrl)
      if (!p.ok) return { ok: false, detail: `health ${c.healthUrl}: ${p.detail}` }
      parts.push(`health ${p.detail}`)
    }
    if (c.healthCheckId && this.deps.health) {
      const r = await this.nextResult(c.healthCheckId, Math.max(5000, c.windowSec * 1000))
      if (r === 'timeout') parts.push(`health check #${c.healthCheckId} gave no result in time`)
      else if (r !== 'UP') return { ok: false, detail: `health check #${c.healthCheckId} is ${r.toLowerCase()}` }
      else parts.push(`health check #${c.healthCheckId} up`)
    }
    if (c.smokeUrl) {
      try {
        const res = await fetch(c.smokeUrl, {
          method: c.smokeBody ? 'POST' : 'GET',
          headers: { 'content-type': 'application/json' },
          ...(c.smokeBody ? { body: c.smokeBody } : {}),
          redirect: 'manual',
          signal: AbortSignal.timeout(HTTP_TIMEOUT_MS)
        })
        const text = await res.text()
        if (!res.ok) return { ok: false, detail: `smoke request answered HTTP ${res.status}` }
        if (c.smokeExpect && !text.includes(c.smokeExpect))
          return { ok: false, detail: `smoke answer lacks “${c.smokeExpect}”: ${text.slice(0, 200)}` }
        parts.push('smoke request as expected')
      } catch (err) {
        return { ok: false, detail: `smoke request failed: ${(err as Error).message}` }
      }
    }
    return { ok: true, detail: parts.length ? parts.join('; ') : 'nothing to verify (no health address, check or smoke request)' }
  }

  private nextResult(checkId: number, timeoutMs: number): Promise<'UP' | 'DEGRADED' | 'DOWN' | 'timeout'> {
    return new Promise((resolve) => {
      const off = this.deps.health!.onResult((r) => {
        if (r.checkId !== checkId) return
        off()
        clearTimeout(t)
        resolve(r.outcome.status)
      })
      const t = setTimeout(() => (off(), resolve('timeout')), timeoutMs)
    })
  }

  // targets
  targets(): DeployTarget[] {
    return this.deps.repo.targets().map(toTarget)
  }
  save(input: z.output<typeof TargetInput>): DeployTarget {
    if (input.kind === 'endpoint' && !input.reloadUrl)
      throw new AppError('VALIDATION', 'reloadUrl: an endpoint target needs its reload address', 'reloadUrl')
    if (input.kind === 'folder') {
      if (!input.folder) throw new AppError('VALIDATION', 'folder: name the folder the artifact is copied into', 'folder')
      try {
        fs.accessSync(input.folder, fs.constants.W_OK)
      } catch {
        throw new AppError('VALIDATION', `folder: ${input.folder} is missing or not writable`, 'folder')
      }
    }
    const clash = this.deps.repo.targets().find((t) => t.name === input.name)
    if (clash && clash.id !== input.id) throw conflict(`a target named “${input.name}” already exists`, 'name')
    const old = input.id ? this.targetRow(input.id) : undefined
    const cfg: TargetConfig = { windowSec: input.windowSec }
    for (const k of ['reloadUrl', 'healthUrl', 'healthCheckId', 'folder', 'canaryWeight', 'smokeUrl', 'smokeBody', 'smokeExpect'] as const)
      if (input[k] !== undefined) (cfg as unknown as Record<string, unknown>)[k] = input[k]
    const id = this.deps.repo.saveTarget({
      id: input.id,
      name: input.name,
      modelName: input.modelName,
      follow: input.follow,
      kind: input.kind,
      config: JSON.stringify(cfg),
      secret: input.secret ? this.deps.secrets.encrypt(input.secret) : (old?.secret ?? null),
      now: this.deps.clock.now()
    })
    return toTarget(this.targetRow(id))
  }
  delete(id: number): { deleted: boolean } {
    return { deleted: this.deps.repo.deleteTarget(id) }
  }
  history(targetId: number | undefined, limit: number): Deployment[] {
    return this.deps.repo.deployments(targetId, limit).map(toDeployment)
  }
  private targetRow(id: number): TargetRow {
    const t = this.deps.repo.target(id)
    if (!t) throw notFound(`target ${id}`)
    return t
  }
}

const config = (t: TargetRow): TargetConfig => JSON.parse(t.config) as TargetConfig

async function probe(url: string): Promise<{ ok: boolean; detail: string }> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) })
    await res.arrayBuffer()
    return res.ok ? { ok: true, detail: `HTTP ${res.status}` } : { ok: false, detail: `HTTP ${res.status}` }
  } catch (err) {
    return { ok: false, detail: (err as Error).message }
  }
}

function toTarget(t: TargetRow): DeployTarget {
  const c = config(t)
  return {
    id: t.id,
    name: t.name,
    modelName: t.model_name,
    follow: t.follow,
    kind: t.kind,
    reloadUrl: c.reloadUrl ?? null,
    healthUrl: c.healthUrl ?? null,
    healthCheckId: c.healthCheckId ?? null,
    hasSecret: t.secret !== null,
    folder: c.folder ?? null,
    canaryWeight: c.canaryWeight ?? null,
    smokeUrl: c.smokeUrl ?? null,
    smokeBody: c.smokeBody ?? null,
    smokeExpect: c.smokeExpect ?? null,
    windowSec: c.windowSec,
    deployedVersionId: t.deployed_version_id,
    deployedLabel: t.deployed_label
  }
}

const toDeployment = (d: DeploymentRow): Deployment => ({
  id: d.id,
  targetId: d.target_id,
  targetName: d.target_name,
  action: d.action,
  versionId: d.version_id,
  versionLabel: d.version_label,
  previousVersionId: d.previous_version_id,
  ok: d.ok === 1,
  detail: d.detail,
  at: d.at
})
