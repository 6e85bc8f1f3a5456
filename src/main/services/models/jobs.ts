// The import jobs (mlruns folders, mlflow.db files, tables) on the one job model.
import { AppError } from '../../../shared/errors'
import type { ImportReport } from '../../../shared/contract'
import type { Clock } from '../../core/clock'
import type { JobService, JobSpec } from '../../core/jobs'
import type { Db } from '../../db/open'
import { runImport, type StoreInput } from './importer'
import { MlflowDb } from './mlflowDb'
import { findStores, parseRegistry, parseRun, scanStore } from './mlruns'
import type { Changed } from './registry'
import { parseTableFile } from './table'
import type { ParseContext } from './types'

export const tick = (): Promise<void> => new Promise((r) => setImmediate(r))

export interface ImportDeps {
  db: Db
  clock: Clock
  jobs: JobService
  changed: Changed
  nativeBinding?: string | undefined
}

/** Imports MLflow stores and run tables into the workspace as tracked jobs. */
export class Imports {
  constructor(private deps: ImportDeps) {}

  private importJob(kind: ImportReport['kind'], rootPath: string, build: () => StoreInput[], cleanup?: () => void): JobSpec<ImportReport> {
    return {
      kind: 'models:import',
      area: 'models',
      title: `Import ${kind === 'mlruns' ? 'MLflow runs' : kind === 'mlflow-db' ? 'mlflow.db' : 'metric table'} from ${rootPath}`,
      unit: 'runs',
      route: '/models/import',
      run: async (job) => {
        job.progress(0, null, `scanning ${rootPath}`)
        try {
          const stores = build()
          const outcome = await runImport(this.deps.db, kind, rootPath, stores, {
            jobId: job.id,
            signal: job.signal,
            now: () => this.deps.clock.now(),
            progress: (d, t, m) => job.progress(d, t, m),
            tick
          })
          const r = outcome.report
          const runs = r.runs.created + r.runs.updated + r.runs.unchanged
          job.progress(runs, runs, 'import finished')
          const what = `${r.runs.created} new, ${r.runs.updated} updated run(s) and ${r.versions.created} new version(s) from ${rootPath}`
          if (outcome.touchedModels.length)
            for (const m of outcome.touchedModels) this.deps.changed(m.id, 'import', `imported ${m.name}: ${what}`)
          else this.deps.changed(0, 'import', `imported ${what}`)
          return r
        } finally {
          cleanup?.()
        }
      }
    }
  }

  mlrunsJob(rootPath: string): JobSpec<ImportReport> {
    return this.importJob('mlruns', rootPath, () =>
      findStores(rootPath).map((storePath) => {
        const skips: { path: string; reason: string }[] = []
        const scanCtx = { skip: (p: string, reason: string) => void skips.push({ path: p, reason }) } as unknown as ParseContext
        const scan = scanStore(storePath, scanCtx)
        return {
          storePath,
          kind: 'mlruns' as const,
          experiments: scan.experiments.map((e) => e.exp),
          runCount: scan.runDirs.length,
          runs: function* (ctx: ParseContext) {
            for (const s of skips) ctx.skip(s.path, s.reason)
            for (const r of scan.runDirs) {
              try {
                yield parseRun(r.dir, r.experimentExternalId, ctx)
              } catch (err) {
                ctx.skip(r.dir, `could not read this run: ${(err as Error).message}`)
                yield null
              }
            }
          },
          registry: (ctx: ParseContext, runDirs: Map<string, string>) => parseRegistry(storePath, runDirs, ctx)
        }
      })
    )
  }

  mlflowDbJob(file: string): JobSpec<ImportReport> {
    let src: MlflowDb | undefined
    return this.importJob(
      'mlflow-db',
      file,
      () => {
        src = new MlflowDb(file, this.deps.nativeBinding)
        const s = src
        return [
          {
            storePath: file,
            kind: 'mlflow-db',
            experiments: s.experiments(),
            runCount: s.runCount(),
            runs: (ctx) => s.runs(ctx),
            registry: () => s.registry()
          }
        ]
      },
      () => src?.close()
    )
  }

  tableJob(file: string, experiment: string): JobSpec<ImportReport> {
    return this.importJob('table', file, () => {
      const pending: { path: string; reason: string }[] = []
      const warns: string[] = []
      const runs = parseTableFile(
        file,
        {
          skip: (p, r) => pending.push({ path: p, reason: r }),
          warn: (m) => warns.push(m),
          knownHash: () => undefined,
          progress: () => undefined
        } as ParseContext,
        this.deps.clock.now()
      )
      if (runs.length === 0) throw new AppError('VALIDATION', `${file} holds no runs`, 'path')
      return [
        {
          storePath: file,
          kind: 'table',
          experiments: [
            {
              externalId: runs[0]!.experimentExternalId,
              name: experiment,
              artifactLocation: null,
              lifecycleStage: 'active',
              createdAt: null,
              updatedAt: null,
              tags: {}
            }
          ],
          runCount: runs.length,
          runs: function* (ctx) {
            for (const s of pending) ctx.skip(s.path, s.reason)
            for (const w of warns) ctx.warn(w)
            yield* runs
          },
          registry: () => []
        }
      ]
    })
  }
}
