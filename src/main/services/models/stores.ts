/** What an import reads, per kind: the MLflow file stores under a folder, one mlflow.db, or one metric table. */
import { AppError } from '../../../shared/errors'
import type { ImportJob, ImportKind } from './importer'
import { MlflowDb } from './mlflowDb'
import { findStores, parseRegistry, parseRun, scanStore } from './mlruns'
import { parseTableFile } from './table'
import type { ParseContext, ParsedExperiment, ParsedModel, ParsedRun } from './types'

/** One store inside an import: its experiments, its runs (produced lazily, one at a time) and its registry. */
export interface StoreInput {
  storePath: string
  kind: ImportKind
  experiments: ParsedExperiment[]
  runCount: number
  runs: (ctx: ParseContext) => Iterable<ParsedRun | null>
  registry: (ctx: ParseContext, runDirs: Map<string, string>) => ParsedModel[]
}

/** The stores of an import; what must be closed afterwards (an mlflow.db connection) is pushed on `opened`. */
export async function openStores(job: ImportJob, ctx: ParseContext, opened: { close(): void }[]): Promise<StoreInput[]> {
  if (job.kind === 'mlruns') return findStores(job.path).map((storePath) => fileStore(storePath, ctx))
  if (job.kind === 'mlflow-db') {
    const src = new MlflowDb(job.path, job.db.nativeBinding)
    opened.push(src)
    return [
      {
        storePath: job.path,
        kind: 'mlflow-db',
        experiments: src.experiments(),
        runCount: src.runCount(),
        runs: (c) => src.runs(c),
        registry: () => src.registry()
      }
    ]
  }
  return [await tableStore(job, ctx)]
}

function fileStore(storePath: string, ctx: ParseContext): StoreInput {
  const scan = scanStore(storePath, ctx)
  return {
    storePath,
    kind: 'mlruns',
    experiments: scan.experiments.map((e) => e.exp),
    runCount: scan.runDirs.length,
    runs: function* (c: ParseContext) {
      for (const r of scan.runDirs) {
        try {
          yield parseRun(r.dir, r.experimentExternalId, c)
        } catch (err) {
          c.skip(r.dir, `could not read this run: ${(err as Error).message}`)
          yield null
        }
      }
    },
    registry: (c, runDirs) => parseRegistry(storePath, runDirs, c)
  }
}

async function tableStore(job: ImportJob, ctx: ParseContext): Promise<StoreInput> {
  const runs = await parseTableFile(job.path, ctx, job.now)
  if (runs.length === 0) throw new AppError('VALIDATION', `${job.path} holds no runs`, 'path')
  return {
    storePath: job.path,
    kind: 'table',
    experiments: [
      {
        externalId: runs[0]!.experimentExternalId,
        name: job.experiment,
        artifactLocation: null,
        lifecycleStage: 'active',
        createdAt: null,
        updatedAt: null,
        tags: {}
      }
    ],
    runCount: runs.length,
    runs: () => runs,
    registry: () => []
  }
}
