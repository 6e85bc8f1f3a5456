// The ranked table of versions or runs: latest metrics as columns, filtered by an MLflow-style search or by name.
import type { RankedRow, RankedTable } from '../../../shared/contract'
import { invalid } from '../../../shared/errors'
import { matchesSearch, parseSearch, SearchSyntaxError, type SearchClause } from '../../../shared/models/search'
import type { Direction } from './compare'
import type { ModelsRepo } from './repo'

export interface RankingInput {
  kind: 'version' | 'run'
  modelId?: number | undefined
  search: string
  includeDeleted: boolean
  limit: number
}

/** A search is an expression when it has an operator; otherwise it is text to find in names. */
export const isExpression = (search: string): boolean => /[<>=!]|\b(i?like)\b/i.test(search)

type Base = Omit<RankedRow, 'values'>

export class Ranking {
  constructor(private deps: { repo: ModelsRepo; direction: (key: string, overrides: Map<string, boolean>) => Direction }) {}

  table(input: RankingInput): RankedTable {
    const { repo } = this.deps
    let clauses: SearchClause[] = []
    const text = input.search.trim()
    const expression = isExpression(text)
    if (expression) {
      try {
        clauses = parseSearch(text)
      } catch (err) {
        if (err instanceof SearchSyntaxError) throw invalid('search', err.message)
        throw err
      }
    }
    const base = input.kind === 'version' ? this.versionRows(input.modelId) : this.runRows(input.includeDeleted)
    const runIds = [...new Set(base.map((r) => r.runId).filter((id): id is number => id !== null))]
    const latest = repo.latestOfRuns(runIds)
    const needs = (kind: 'params' | 'tags'): boolean => clauses.some((c) => c.field.kind === kind)
    const params = needs('params') ? repo.paramsOfRuns(runIds) : new Map<number, Map<string, string>>()
    const tags = needs('tags') ? repo.tagsOfRuns(runIds) : new Map<number, Map<string, string>>()
    const lower = text.toLowerCase()
    const kept = base.filter((r) => {
      if (!expression)
        return !lower || [r.label, r.runName, r.runUuid, r.experiment, r.stage, ...r.aliases].some((s) => s?.toLowerCase().includes(lower))
      const m = r.runId === null ? undefined : r.runId
      return matchesSearch(
        {
          metrics: Object.fromEntries(m === undefined ? [] : (latest.get(m) ?? [])),
          params: Object.fromEntries(m === undefined ? [] : (params.get(m) ?? [])),
          tags: Object.fromEntries(m === undefined ? [] : (tags.get(m) ?? [])),
          attributes: {
            name: r.kind === 'run' ? (r.runName ?? r.label) : r.label,
            status: r.status,
            ...(r.stage ? { stage: r.stage } : {}),
            ...(r.experiment ? { experiment: r.experiment } : {})
          }
        },
        clauses
      )
    })
    const rows = kept.slice(0, input.limit)
    const keys = [...new Set(rows.flatMap((r) => (r.runId === null ? [] : [...(latest.get(r.runId)?.keys() ?? [])])))].sort((a, b) =>
      a.localeCompare(b)
    )
    const overrides = repo.directions()
    return {
      metrics: keys.map((key) => ({ key, higherIsBetter: this.deps.direction(key, overrides).higherIsBetter })),
      rows: rows.map((r) => {
        const m = r.runId === null ? undefined : latest.get(r.runId)
        return { ...r, values: keys.map((k) => finite(m?.get(k))) }
      }),
      total: base.length
    }
  }

  private versionRows(modelId: number | undefined): Base[] {
    const { repo } = this.deps
    const models = new Map(repo.models().map((m) => [m.id, m.name]))
    const aliases = new Map<number, string[]>()
    for (const a of repo.aliases(modelId)) aliases.set(a.version_id, [...(aliases.get(a.version_id) ?? []), a.alias])
    return repo.versions(modelId).map((v) => {
      const run = v.run_id ? repo.run(v.run_id) : undefined
      const modelName = models.get(v.model_id) ?? `model ${v.model_id}`
      return {
        kind: 'version' as const,
        id: v.id,
        label: `${modelName} v${v.version}`,
        modelId: v.model_id,
        version: v.version,
        stage: v.stage,
        aliases: aliases.get(v.id) ?? [],
        description: v.description,
        runId: v.run_id,
        runUuid: v.run_uuid,
        runName: run?.name ?? null,
        experiment: run ? repo.experimentOf(run.id).name : null,
        status: v.status,
        startTime: run?.start_time ?? null,
        createdAt: v.created_at,
        deleted: run?.deleted === 1
      }
    })
  }

  private runRows(includeDeleted: boolean): Base[] {
    return this.deps.repo.searchRuns('', 5000, includeDeleted).map((r) => ({
      kind: 'run' as const,
      id: r.id,
      label: r.name,
      modelId: null,
      version: null,
      stage: null,
      aliases: [],
      description: '',
      runId: r.id,
      runUuid: r.runUuid,
      runName: r.name,
      experiment: r.experiment,
      status: r.status,
      startTime: r.startTime,
      createdAt: null,
      deleted: r.deleted
    }))
  }
}

const finite = (v: number | null | undefined): number | null => (v === undefined || v === null || !Number.isFinite(v) ? null : v)
