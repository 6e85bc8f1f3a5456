/** The feature store's facade: views (and features as code), training sets, the online store, statistics. */
import fs from 'node:fs'
import path from 'node:path'
import type { z } from 'zod'
import {
  ViewInput,
  type SaveViewResult,
  type SourceInspection,
  type ViewDetail,
  type ViewSummary,
  type ViewVersion,
  type VersionDiff,
  type YamlImportReport
} from '../../../shared/contract/features'
import { AppError, invalid } from '../../../shared/errors'
import type { EventBus } from '../../core/bus'
import type { Clock } from '../../core/clock'
import type { JobService } from '../../core/jobs'
import type { Logger } from '../../core/log'
import type { Db } from '../../db/open'
import type { DriftChecks } from '../drift/api'
import type { ModelRegistryPort } from '../models/api'
import { publish, userError, type FeaturesDeps } from './context'
import type { FeaturesExecutor } from './jobs'
import { Online } from './online'
import { FeaturesRepo } from './repo'
import { Statistics } from './statistics'
import { TrainingSets } from './trainingSets'
import { Views } from './views'
import { readViews, viewYaml } from './yaml'
import { featuresFiles } from './configFiles'
import type { ConfigFiles } from '../../core/configFiles'

export interface FeaturesServiceDeps {
  db: Db
  clock: Clock
  bus: EventBus
  logger: Logger
  jobs: JobService
  workspacePath: string
  /** Where heavy work runs: the module passes worker threads; tests pass the in-process executor. */
  executor: FeaturesExecutor
  nativeBinding?: string | undefined
  models?: ModelRegistryPort
  drift?: DriftChecks
  defaultEngine?: 'duckdb' | 'typescript'
}

export class FeaturesService {
  readonly repo: FeaturesRepo
  readonly views: Views
  readonly trainingSets: TrainingSets
  readonly online: Online
  readonly statistics: Statistics
  private deps: FeaturesDeps

  constructor(d: FeaturesServiceDeps) {
    this.repo = new FeaturesRepo(d.db)
    this.views = new Views(this.repo, d.clock)
    this.deps = {
      repo: this.repo,
      views: this.views,
      clock: d.clock,
      bus: d.bus,
      logger: d.logger,
      jobs: d.jobs,
      executor: d.executor,
      workspacePath: d.workspacePath,
      nativeBinding: d.nativeBinding,
      models: d.models,
      drift: d.drift,
      ...(d.defaultEngine ? { defaultEngine: d.defaultEngine } : {})
    }
    this.trainingSets = new TrainingSets(this.deps)
    this.online = new Online(this.deps)
    this.statistics = new Statistics(this.deps)
  }

  stop(): void {
    this.online.stop()
  }

  /** The provisioned folder's port: `*.features.yaml` files. */
  filesPort(): ConfigFiles {
    return featuresFiles(this.deps)
  }

  // ---------- views

  list(search = ''): ViewSummary[] {
    return this.views.list(search)
  }

  view(name: string): ViewDetail {
    return this.views.detail(name)
  }

  version(name: string, version: number): ViewVersion {
    return this.views.versionOf(name, version)
  }

  diff(name: string, from: number, to: number): VersionDiff {
    return this.views.diff(name, from, to)
  }

  saveView(raw: z.input<typeof ViewInput>): SaveViewResult {
    const input = ViewInput.parse(raw)
    const result = this.repo.db.transaction(() => this.views.save(input)).immediate()
    if (result.outcome !== 'unchanged') publish(this.deps, 'view', input.name)
    return result
  }

  deleteView(name: string): { name: string } {
    const v = this.views.row(name)
    this.repo.deleteView(v.id)
    publish(this.deps, 'view', name)
    return { name }
  }

  async inspectSource(p: string): Promise<SourceInspection> {
    try {
      return await this.deps.executor.run<SourceInspection>({ type: 'inspect', path: p }, () => {})
    } catch (err) {
      throw userError(err)
    }
  }

  // ---------- features as code

  exportYaml(): { files: { name: string; yaml: string }[] } {
    return {
      files: this.views.list().map((v) => ({ name: `${v.name}.yaml`, yaml: viewYaml(v, this.views.versionOf(v.name, v.version)) }))
    }
  }

  exportFolder(dir: string): { path: string; files: string[] } {
    try {
      fs.mkdirSync(dir, { recursive: true })
    } catch (err) {
      throw invalid('path', `cannot create the folder (${(err as Error).message})`)
    }
    const files = this.exportYaml().files.map((f) => {
      const file = path.join(dir, f.name)
      fs.writeFileSync(file, f.yaml)
      return file
    })
    return { path: dir, files }
  }

  /**
   * All or nothing: every file is parsed and validated first, then the views are saved in one transaction (rolled back for a
   * dry run). `confinePath` (a served console's data roots) is asked about every source the YAML names, before anything is written.
   */
  importYaml(
    input: { yaml?: string | undefined; path?: string | undefined; mode?: 'merge' | 'replace'; dryRun?: boolean },
    confinePath?: (path: string, field: string) => void
  ): YamlImportReport {
    if (input.yaml === undefined && input.path === undefined) throw invalid('yaml', 'give either yaml or path')
    const { views, files } = readViews(input.yaml !== undefined ? { yaml: input.yaml } : { path: input.path! })
    if (confinePath) {
      const field = input.yaml !== undefined ? 'yaml' : 'path'
      for (const v of views) {
        try {
          confinePath(v.input.source.path, `${field}: ${v.file ? `${v.file}: ` : ''}line ${v.line}: source`)
        } catch (err) {
          throw err instanceof AppError ? new AppError(err.code, err.message, field) : err
        }
      }
    }
    const report: YamlImportReport = { dryRun: !!input.dryRun, files, views: [], removed: [] }
    const apply = (): void => {
      for (const v of views) {
        const r = this.views.save(v.input)
        report.views.push({ name: v.input.name, outcome: r.outcome, version: r.version, change: r.change })
      }
      if (input.mode === 'replace') {
        const keep = new Set(views.map((v) => v.input.name))
        for (const v of this.repo.views()) {
          if (keep.has(v.name)) continue
          this.repo.deleteView(v.id)
          report.removed.push(v.name)
        }
      }
    }
    const ROLLBACK = new AppError('CANCELLED', 'dry run')
    try {
      this.repo.db
        .transaction(() => {
          apply()
          if (input.dryRun) throw ROLLBACK
        })
        .immediate()
    } catch (err) {
      if (err !== ROLLBACK) throw err
    }
    if (!input.dryRun)
      for (const v of [...report.views.filter((x) => x.outcome !== 'unchanged').map((x) => x.name), ...report.removed])
        publish(this.deps, 'view', v)
    return report
  }
}
