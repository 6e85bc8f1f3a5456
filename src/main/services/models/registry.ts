// Model registry: models, versions, lineage, stage transitions, aliases, runs and palette items.
import fs from 'node:fs'
import { AppError, conflict, notFound } from '../../../shared/errors'
import type {
  ChannelOutput,
  ModelDetail,
  ModelSummary,
  ParsedInput,
  RunDetail,
  Stage,
  VersionDetail,
  VersionSummary
} from '../../../shared/contract'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { PaletteItem } from '../../core/palette'
import { TRAINING_SET_TAGS, type TrainingDataLink } from './api'
import { hashArtifact } from './mlruns'
import type { ModelsRepo, ModelRow, VersionRow } from './repo'

export type ChangeKind = 'stage' | 'alias' | 'version' | 'import' | 'evaluation'
/** Publishes `models:changed`; shared by the registry, imports and evaluations. */
export type Changed = (modelId: number, kind: ChangeKind, description: string, versionId?: number) => void

export function changedPublisher(bus: EventBus): Changed {
  return (modelId, kind, description, versionId) =>
    bus.publish('models:changed', versionId === undefined ? { modelId, kind, description } : { modelId, versionId, kind, description })
}

export const json = <T>(s: string): T => JSON.parse(s) as T

export interface RegistryDeps {
  repo: ModelsRepo
  clock: Clock
  changed: Changed
}

export class Registry {
  constructor(private deps: RegistryDeps) {}

  private get repo(): ModelsRepo {
    return this.deps.repo
  }

  private summary(m: ModelRow): ModelSummary {
    const versions = this.repo.versionStages(m.id)
    const stages: Record<string, number> = {}
    for (const v of versions) stages[v.stage] = (stages[v.stage] ?? 0) + 1
    return {
      id: m.id,
      name: m.name,
      description: m.description,
      owner: m.owner,
      tags: json(m.tags),
      createdAt: m.created_at,
      updatedAt: m.updated_at,
      versionCount: versions.length,
      latestVersion: versions.length ? Math.max(...versions.map((v) => v.version)) : null,
      stages,
      aliases: this.repo.aliasVersions(m.id)
    }
  }

  list(search = ''): ModelSummary[] {
    const q = search.trim().toLowerCase()
    return this.repo
      .models()
      .filter(
        (m) =>
          !q ||
          m.name.toLowerCase().includes(q) ||
          m.description.toLowerCase().includes(q) ||
          m.owner.toLowerCase().includes(q) ||
          m.tags.toLowerCase().includes(q)
      )
      .map((m) => this.summary(m))
  }

  modelOrThrow(id: number): ModelRow {
    const m = this.repo.model(id)
    if (!m) throw notFound(`model ${id}`)
    return m
  }

  versionOrThrow(id: number): VersionRow {
    const v = this.repo.version(id)
    if (!v) throw notFound(`model version ${id}`)
    return v
  }

  get(id: number): ModelDetail {
    const m = this.modelOrThrow(id)
    return { ...this.summary(m), card: m.card, versions: this.repo.versions(id).map((v) => this.versionSummary(v, m)) }
  }

  create(input: ParsedInput<'models:create'>): ModelSummary {
    if (this.repo.modelByName(input.name)) throw conflict(`a model named “${input.name}” already exists`, 'name')
    const row = this.repo.insertModel(input.name, input.description, input.owner, JSON.stringify(input.tags), this.deps.clock.now())
    this.deps.changed(row.id, 'version', `model ${row.name} registered`)
    return this.summary(row)
  }

  update(input: ParsedInput<'models:update'>): ModelSummary {
    const m = this.modelOrThrow(input.id)
    const next = {
      description: input.description ?? m.description,
      owner: input.owner ?? m.owner,
      tags: input.tags ? JSON.stringify(input.tags) : m.tags,
      card: input.card ?? m.card
    }
    this.repo.updateModel(m.id, next, this.deps.clock.now())
    this.deps.changed(m.id, 'version', `model ${m.name} edited`)
    return this.summary(this.modelOrThrow(m.id))
  }

  delete(id: number): { deleted: boolean } {
    const m = this.modelOrThrow(id)
    this.repo.deleteModel(id)
    this.deps.changed(id, 'version', `model ${m.name} deleted`)
    return { deleted: true }
  }

  private versionSummary(v: VersionRow, m?: ModelRow): VersionSummary {
    const model = m ?? this.modelOrThrow(v.model_id)
    const run = v.run_id ? this.repo.run(v.run_id) : undefined
    return {
      id: v.id,
      modelId: v.model_id,
      modelName: model.name,
      version: v.version,
      createdAt: v.created_at,
      stage: v.stage as Stage,
      status: v.status,
      runId: v.run_id,
      runUuid: v.run_uuid,
      runName: run?.name ?? null,
      aliases: this.repo.versionAliases(v.id),
      description: v.description
    }
  }

  allVersions(search = ''): VersionSummary[] {
    const q = search.trim().toLowerCase()
    const models = new Map(this.repo.models().map((m) => [m.id, m]))
    return this.repo
      .versions()
      .map((v) => this.versionSummary(v, models.get(v.model_id)))
      .filter((v) => !q || `${v.modelName} v${v.version} ${v.runName ?? ''} ${v.aliases.join(' ')} ${v.stage}`.toLowerCase().includes(q))
  }

  runDetail(runId: number): RunDetail {
    const r = this.repo.run(runId)
    if (!r) throw notFound(`run ${runId}`)
    const versions = this.repo.runVersions(runId)
    return {
      id: r.id,
      runUuid: r.run_uuid,
      name: r.name,
      status: r.status,
      deleted: r.deleted === 1,
      startTime: r.start_time,
      endTime: r.end_time,
      userId: r.user_id,
      artifactUri: r.artifact_uri,
      experiment: this.repo.experimentOf(r.id),
      metrics: this.repo.latest(r.id).map((l) => ({ ...l, value: l.value !== null && Number.isFinite(l.value) ? l.value : null })),
      params: this.repo.params(r.id),
      tags: this.repo.tags(r.id),
      versions
    }
  }

  /** Sets the version's dataset text and feature_store.* tags to a training set (the registry port's setTrainingData). */
  setTrainingData(versionId: number, link: TrainingDataLink): void {
    const v = this.versionOrThrow(versionId)
    const tags = {
      ...json<Record<string, string>>(v.tags),
      [TRAINING_SET_TAGS.id]: String(link.trainingSetId),
      [TRAINING_SET_TAGS.name]: link.name,
      [TRAINING_SET_TAGS.views]: link.views.join(', ')
    }
    const dataset =
      `${link.name}: feature store training set, ${link.rows.toLocaleString('en-US')} rows from ${link.views.join(', ')} (${link.path})`.slice(
        0,
        2000
      )
    this.repo.updateVersion(
      v.id,
      {
        description: v.description,
        notes: v.notes,
        card: v.card,
        tags: JSON.stringify(tags),
        dataset,
        parentVersionId: v.parent_version_id
      },
      this.deps.clock.now()
    )
    const m = this.modelOrThrow(v.model_id)
    this.deps.changed(m.id, 'version', `${m.name} v${v.version}: training data set to ${link.name}`, v.id)
  }

  version(id: number): VersionDetail {
    const v = this.versionOrThrow(id)
    const tags = json<Record<string, string>>(v.tags)
    const trainingSetId = Number(tags[TRAINING_SET_TAGS.id])
    const parent = v.parent_version_id ? this.repo.version(v.parent_version_id) : undefined
    const children = this.repo.childVersions(v.id)
    const evaluations = this.repo.versionEvaluations(v.id)
    return {
      ...this.versionSummary(v),
      updatedAt: v.updated_at,
      source: v.source,
      tags,
      artifactPath: v.artifact_path,
      artifactSha256: v.artifact_sha256,
      artifactSize: v.artifact_size,
      dataset: v.dataset,
      notes: v.notes,
      card: v.card,
      parent: parent ? { id: parent.id, version: parent.version } : null,
      children,
      run: v.run_id ? this.runDetail(v.run_id) : null,
      transitions: this.repo.transitions(v.id).map((t) => ({ at: t.at, from: t.from_stage, to: t.to_stage, comment: t.comment })),
      evaluations,
      trainingSet:
        Number.isInteger(trainingSetId) && trainingSetId > 0
          ? {
              id: trainingSetId,
              name: tags[TRAINING_SET_TAGS.name] ?? '',
              views: (tags[TRAINING_SET_TAGS.views] ?? '').split(', ').filter(Boolean)
            }
          : null
    }
  }

  createVersion(input: ParsedInput<'models:createVersion'>): VersionSummary {
    const m = this.modelOrThrow(input.modelId)
    const run = input.runId ? this.repo.run(input.runId) : undefined
    if (input.runId && !run) throw notFound(`run ${input.runId}`)
    if (input.parentVersionId) {
      const p = this.versionOrThrow(input.parentVersionId)
      if (p.model_id !== m.id) throw new AppError('VALIDATION', 'the parent version must belong to the same model', 'parentVersionId')
    }
    let art: { sha256: string; size: number } | null = null
    if (input.artifactPath) {
      if (!fs.existsSync(input.artifactPath))
        throw new AppError('NOT_FOUND', `${input.artifactPath} does not exist on the machine running the console`, 'artifactPath')
      art = hashArtifactSafe(input.artifactPath)
    }
    const now = this.deps.clock.now()
    const next = this.repo.nextVersion(m.id)
    const row = this.repo.insertVersion({
      modelId: m.id,
      version: next,
      now,
      runId: run?.id ?? null,
      runUuid: run?.run_uuid ?? null,
      source: run ? `runs:/${run.run_uuid}` : (input.artifactPath ?? ''),
      description: input.description,
      tags: JSON.stringify(input.tags),
      artifactPath: input.artifactPath ?? null,
      artifactSha256: art?.sha256 ?? null,
      artifactSize: art?.size ?? null,
      dataset: input.dataset ?? null,
      notes: input.notes,
      parentVersionId: input.parentVersionId ?? null
    })
    this.repo.touchModel(m.id, now)
    this.deps.changed(m.id, 'version', `${m.name} v${next} registered`, row.id)
    return this.versionSummary(row, m)
  }

  updateVersion(input: ParsedInput<'models:updateVersion'>): VersionSummary {
    const v = this.versionOrThrow(input.id)
    if (input.parentVersionId !== undefined && input.parentVersionId !== null) {
      if (input.parentVersionId === v.id) throw new AppError('VALIDATION', 'a version cannot be its own parent', 'parentVersionId')
      const p = this.versionOrThrow(input.parentVersionId)
      if (p.model_id !== v.model_id) throw new AppError('VALIDATION', 'the parent version must belong to the same model', 'parentVersionId')
      // no cycles
      for (let cur: VersionRow | undefined = p; cur; cur = cur.parent_version_id ? this.repo.version(cur.parent_version_id) : undefined)
        if (cur.id === v.id) throw new AppError('VALIDATION', 'that parent would make the lineage a cycle', 'parentVersionId')
    }
    this.repo.updateVersion(
      v.id,
      {
        description: input.description ?? v.description,
        notes: input.notes ?? v.notes,
        card: input.card ?? v.card,
        tags: input.tags ? JSON.stringify(input.tags) : v.tags,
        dataset: input.dataset === undefined ? v.dataset : input.dataset,
        parentVersionId: input.parentVersionId === undefined ? v.parent_version_id : input.parentVersionId
      },
      this.deps.clock.now()
    )
    const m = this.modelOrThrow(v.model_id)
    this.deps.changed(m.id, 'version', `${m.name} v${v.version} edited`, v.id)
    return this.versionSummary(this.versionOrThrow(v.id), m)
  }

  transition(input: ParsedInput<'models:transition'>): VersionSummary {
    const v = this.versionOrThrow(input.id)
    const m = this.modelOrThrow(v.model_id)
    if (v.stage === input.stage) throw new AppError('VALIDATION', `${m.name} v${v.version} is already in ${input.stage}`, 'stage')
    const now = this.deps.clock.now()
    const archived: VersionRow[] = []
    this.repo.db.transaction(() => {
      this.repo.setStage(v.id, input.stage, now)
      this.repo.addTransition(v.id, now, v.stage, input.stage, input.comment)
      if (input.archiveOthers && input.stage !== 'None' && input.stage !== 'Archived') {
        for (const o of this.repo.versionsInStage(m.id, input.stage, v.id)) {
          this.repo.setStage(o.id, 'Archived', now)
          this.repo.addTransition(o.id, now, o.stage, 'Archived', `archived when v${v.version} moved to ${input.stage}`)
          archived.push(o)
        }
      }
    })()
    const comment = input.comment ? ` (“${input.comment}”)` : ''
    this.deps.changed(m.id, 'stage', `${m.name} v${v.version}: ${v.stage} → ${input.stage}${comment}`, v.id)
    for (const o of archived) this.deps.changed(m.id, 'stage', `${m.name} v${o.version}: ${o.stage} → Archived`, o.id)
    return this.versionSummary(this.versionOrThrow(v.id), m)
  }

  setAlias(versionId: number, alias: string): VersionSummary {
    const v = this.versionOrThrow(versionId)
    const m = this.modelOrThrow(v.model_id)
    const before = this.repo.aliasTarget(m.id, alias)
    this.repo.upsertAlias(m.id, alias, v.id, this.deps.clock.now())
    this.deps.changed(
      m.id,
      'alias',
      `${m.name}@${alias} → v${v.version}${before !== undefined && before !== v.version ? ` (was v${before})` : ''}`,
      v.id
    )
    return this.versionSummary(v, m)
  }

  removeAlias(modelId: number, alias: string): { removed: boolean } {
    const m = this.modelOrThrow(modelId)
    const changes = this.repo.deleteAlias(modelId, alias)
    if (changes) this.deps.changed(m.id, 'alias', `${m.name}@${alias} removed`)
    return { removed: changes > 0 }
  }

  runs(search = '', limit = 500, includeDeleted = false): ChannelOutput<'models:runs'> {
    return this.repo.searchRuns(search, limit, includeDeleted)
  }

  palette(q: string, limit: number): PaletteItem[] {
    const out: PaletteItem[] = []
    for (const m of this.repo.models()) {
      if (out.length >= limit) break
      if (!q || m.name.toLowerCase().includes(q))
        out.push({
          kind: 'model',
          id: String(m.id),
          title: m.name,
          subtitle: m.description.slice(0, 60) || 'model',
          route: `/models/${m.id}`
        })
    }
    if (q)
      for (const v of this.allVersions(q)) {
        if (out.length >= limit) break
        out.push({
          kind: 'model version',
          id: String(v.id),
          title: `${v.modelName} v${v.version}`,
          subtitle: [v.stage, ...v.aliases.map((a) => `@${a}`)].join(' '),
          route: `/models/version/${v.id}`
        })
      }
    return out
  }
}

function hashArtifactSafe(p: string): { sha256: string; size: number } {
  try {
    return hashArtifact(p)
  } catch (err) {
    throw new AppError('VALIDATION', `could not read ${p}: ${(err as Error).message}`, 'artifactPath')
  }
}
