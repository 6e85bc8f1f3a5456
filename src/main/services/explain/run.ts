/**
 * The CPU-heavy part of an explanation, one pure entry point for the worker thread (workers/explain.worker.ts) and
 * the in-process executor of tests: read the model and the data, compute SHAP values chunk by chunk, write each
 * chunk in its own short transaction over the job's own database connection, then the summary.
 */
import type { Algorithm, RowExplanation } from '../../../shared/contract/explain'
import { AppError } from '../../../shared/errors'
import { openDatabase } from '../../db/open'
import { agnosticFeatures, DataError, readTable, sampleRows, toMatrix, type FeatureMatrix, type RawTable } from './data'
import { applyLink, expectedMargin, predictMargin, prepareRow } from './model/predict'
import { readModelFile, type ModelFile } from './model/read'
import { ModelFormatError, type TreeModel } from './model/types'
import { filePredictor, httpPredictor, PredictorError, treePredictor } from './predictors'
import { ExplainRepo } from './repo'
import { FastPathShap } from './shap/fastPath'
import { InterventionalShap } from './shap/interventional'
import { kernelShap } from './shap/kernel'
import type { AgnosticResult, BatchPredictor } from './shap/masked'
import { PathDependentShap } from './shap/pathDependent'
import { permutationShap } from './shap/permutation'

export type Progress = (done: number, total: number | null, message?: string) => void

export type ModelSpec =
  | { kind: 'tree'; path: string }
  | { kind: 'endpoint'; name: string; url: string; batchRows: number; timeoutMs: number }
  | { kind: 'files'; dir: string }

export interface Settings {
  algorithm: Algorithm
  seed: number
  backgroundPath?: string | undefined
  backgroundRows: number
  maxEvals: number
  nsamples?: number | undefined
  exclude: string[]
}

export interface DatasetJob extends Settings {
  type: 'dataset'
  db: { file: string; nativeBinding?: string | undefined }
  runId: number
  model: ModelSpec
  dataPath: string
  rows: number
  interactions: boolean
}

export interface RowJob extends Settings {
  type: 'row'
  model: ModelSpec
  row: Record<string, number | string | null>
}

export type ExplainRequest = DatasetJob | RowJob

export interface DatasetResult {
  explanationId: number
  rows: number
  features: number
  warnings: string[]
}

/** Interaction values are kept per row: rows × features² numbers at most. */
export const MAX_INTERACTION_VALUES = 5_000_000

export interface Summary {
  meanAbs: number[][]
  mean: number[][]
  meanSe: number[][] | null
  localAccuracy: number | null
  interactionAbs: number[][][] | null
  evaluations: number
  notes: string[]
}

const cancelled = (): Error => Object.assign(new Error('cancelled'), { name: 'AbortError' })

/** Input problems become VALIDATION errors on the field that caused them. */
function asAppError(err: unknown, field: string): unknown {
  if (err instanceof ModelFormatError) return new AppError('VALIDATION', err.message, field)
  if (err instanceof DataError) return new AppError('VALIDATION', err.message, field === 'modelPath' ? 'dataPath' : field)
  if (err instanceof PredictorError) return new AppError('UNAVAILABLE', err.message)
  if (err instanceof RangeError) return new AppError('VALIDATION', err.message, 'maxEvals')
  return err
}

const isTree = (s: Settings): boolean => s.algorithm === 'tree-path' || s.algorithm === 'tree-interventional'

function loadModel(spec: ModelSpec, s: Settings): ModelFile | null {
  if (spec.kind !== 'tree') {
    if (isTree(s))
      throw new AppError(
        'VALIDATION',
        `${s.algorithm} needs a tree model file; an endpoint or batch folder takes permutation or kernel`,
        'algorithm'
      )
    return null
  }
  try {
    return readModelFile(spec.path)
  } catch (err) {
    if (err instanceof ModelFormatError) throw new AppError('VALIDATION', err.message, 'modelPath')
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new AppError('VALIDATION', `${spec.path} does not exist on the machine running the console`, 'modelPath')
    throw err
  }
}

function predictorFor(spec: ModelSpec, model: TreeModel | null, columns: string[], waiting: (file: string) => void): BatchPredictor {
  if (spec.kind === 'endpoint') return httpPredictor({ url: spec.url, columns, batchRows: spec.batchRows, timeoutMs: spec.timeoutMs })
  if (spec.kind === 'files') return filePredictor({ dir: spec.dir, columns, waiting })
  return treePredictor(model!)
}

async function backgroundOf(
  s: Settings,
  data: RawTable,
  features: string[],
  named: boolean,
  model: TreeModel | null
): Promise<Float64Array[]> {
  let t = data
  if (s.backgroundPath) {
    try {
      t = await readTable(s.backgroundPath, 'backgroundPath')
    } catch (err) {
      throw err instanceof DataError ? new AppError('VALIDATION', err.message, 'backgroundPath') : err
    }
  }
  const pick = sampleRows(t.rows.length, s.backgroundRows, s.seed ^ 0x5eed)
  let m: FeatureMatrix
  try {
    m = toMatrix(t, features, named, s.exclude, pick)
  } catch (err) {
    throw err instanceof DataError ? new AppError('VALIDATION', `background: ${err.message}`, 'backgroundPath') : err
  }
  const M = features.length
  return Array.from({ length: m.n }, (_, i) => {
    const r = m.x.slice(i * M, (i + 1) * M)
    return model ? prepareRow(model, r) : r
  })
}

/** Explains the rows of a data file and stores them (a job). */
export async function runDataset(job: DatasetJob, progress: Progress, signal?: AbortSignal): Promise<DatasetResult> {
  progress(0, null, 'reading the model')
  const file = loadModel(job.model, job)
  const model = file?.model ?? null
  progress(0, null, 'reading the data')
  let data: RawTable
  try {
    data = await readTable(job.dataPath)
  } catch (err) {
    throw asAppError(err, 'dataPath')
  }
  if (signal?.aborted) throw cancelled()
  const features = model
    ? model.features
    : (() => {
        try {
          return agnosticFeatures(data, job.exclude)
        } catch (err) {
          throw asAppError(err, 'exclude')
        }
      })()
  const named = model ? model.namedFeatures : true
  const pick = data.rows.length > job.rows ? sampleRows(data.rows.length, job.rows, job.seed) : undefined
  let mat: FeatureMatrix
  try {
    mat = toMatrix(data, features, named, job.exclude, pick)
  } catch (err) {
    throw asAppError(err, 'dataPath')
  }
  const M = features.length
  const K0 = model?.outputs ?? 0
  if (job.interactions) {
    if (job.algorithm !== 'tree-path')
      throw new AppError('VALIDATION', 'interaction values come with path-dependent TreeSHAP only', 'interactions')
    if (mat.n * M * M * K0 > MAX_INTERACTION_VALUES)
      throw new AppError(
        'VALIDATION',
        `interaction values for ${mat.n} rows × ${M}² features need ${(mat.n * M * M * K0).toLocaleString('en-US')} numbers; explain at most ${Math.floor(MAX_INTERACTION_VALUES / (M * M * K0))} rows with them`,
        'interactions'
      )
  }
  const background = job.algorithm === 'tree-path' ? [] : await backgroundOf(job, data, features, named, model)
  const db = openDatabase(job.db.file, { ...(job.db.nativeBinding ? { nativeBinding: job.db.nativeBinding } : {}), wal: false })
  try {
    const repo = new ExplainRepo(db)
    const notes = [...mat.warnings, ...(model?.notes ?? [])]
    if (pick)
      notes.push(`${mat.n.toLocaleString('en-US')} of ${data.rows.length.toLocaleString('en-US')} rows, a seeded sample (seed ${job.seed})`)
    let outputs = model?.outputNames ?? []
    repo.setShape(job.runId, {
      modelSha256: file?.sha256 ?? null,
      dataSha256: data.sha256,
      features,
      outputs,
      link: model?.link ?? 'identity',
      rows: mat.n,
      ...(model ? { modelKind: model.format } : {})
    })
    const checkpoint = (): void => void db.pragma('wal_checkpoint(PASSIVE)')
    let done = 0
    const waiting = (f: string): void => progress(done, mat.n, `waiting for ${f}`)
    const computer = computerFor(job, model, background, predictorFor(job.model, model, features, waiting))
    const chunkRows = job.algorithm === 'tree-path' ? 256 : job.algorithm === 'tree-interventional' ? 16 : 4
    let K = K0
    let sumAbs: Float64Array | null = null
    let sum: Float64Array | null = null
    let sumSe: Float64Array | null = null
    let interAbs: Float64Array | null = null
    let local: number | null = isTree(job) ? 0 : null
    let evaluations = 0
    let expected: number[] = model && job.algorithm === 'tree-path' ? expectedMargin(model) : []
    for (let row0 = 0, chunk = 0; row0 < mat.n; row0 += chunkRows, chunk++) {
      if (signal?.aborted) throw cancelled()
      const n = Math.min(chunkRows, mat.n - row0)
      const x = mat.x.slice(row0 * M, (row0 + n) * M)
      const out = await computer(x, n, row0, signal)
      K = out.K
      if (!outputs.length) {
        outputs = K === 1 ? ['prediction'] : Array.from({ length: K }, (_, k) => `output ${k}`)
        repo.setShape(job.runId, { modelSha256: null, dataSha256: data.sha256, features, outputs, link: 'identity', rows: mat.n })
      }
      if (!expected.length) expected = Array.from(out.expected)
      sumAbs ??= new Float64Array(K * M)
      sum ??= new Float64Array(K * M)
      if (out.se) sumSe ??= new Float64Array(K * M)
      if (out.inter) interAbs ??= new Float64Array(K * M * M)
      for (let i = 0; i < n; i++) {
        for (let q = 0; q < K * M; q++) {
          const v = out.phi[i * K * M + q]!
          sumAbs[q] = sumAbs[q]! + Math.abs(v)
          sum[q] = sum[q]! + v
          if (out.se && sumSe) sumSe[q] = sumSe[q]! + (Number.isNaN(out.se[i * K * M + q]!) ? 0 : out.se[i * K * M + q]!)
        }
        if (out.inter && interAbs) for (let q = 0; q < K * M * M; q++) interAbs[q] = interAbs[q]! + Math.abs(out.inter[i * K * M * M + q]!)
        if (local !== null)
          for (let k = 0; k < K; k++) {
            let s = out.expected[k]!
            for (let j = 0; j < M; j++) s += out.phi[i * K * M + k * M + j]!
            local = Math.max(local, Math.abs(s - out.fx[i * K + k]!))
          }
      }
      evaluations += out.evaluations
      repo.insertChunk(job.runId, {
        chunk,
        row0,
        rowIds: mat.rowIds.slice(row0, row0 + n),
        x,
        phi: out.phi,
        fx: out.fx,
        se: out.se,
        inter: out.inter
      })
      checkpoint()
      done = row0 + n
      progress(done, mat.n, `${done.toLocaleString('en-US')} of ${mat.n.toLocaleString('en-US')} rows`)
    }
    const per = (a: Float64Array | null, div: number): number[][] | null =>
      a ? Array.from({ length: K }, (_, k) => Array.from(a.subarray(k * M, (k + 1) * M), (v) => v / div)) : null
    const summary: Summary = {
      meanAbs: per(sumAbs, mat.n) ?? [],
      mean: per(sum, mat.n) ?? [],
      meanSe: per(sumSe, mat.n),
      localAccuracy: local,
      interactionAbs: interAbs
        ? Array.from({ length: K }, (_, k) =>
            Array.from({ length: M }, (_, i) =>
              Array.from(interAbs!.subarray(k * M * M + i * M, k * M * M + (i + 1) * M), (v) => v / mat.n)
            )
          )
        : null,
      evaluations,
      notes
    }
    repo.finish(job.runId, expected, summary, Date.now())
    checkpoint()
    return { explanationId: job.runId, rows: mat.n, features: M, warnings: mat.warnings }
  } finally {
    db.close()
  }
}

interface ChunkOut {
  K: number
  phi: Float64Array
  fx: Float64Array
  se: Float64Array | null
  inter: Float64Array | null
  expected: Float64Array
  evaluations: number
}

type Computer = (x: Float64Array, n: number, row0: number, signal?: AbortSignal) => Promise<ChunkOut>

function computerFor(
  s: Settings & { interactions?: boolean },
  model: TreeModel | null,
  background: Float64Array[],
  predictor: BatchPredictor
): Computer {
  if (model && isTree(s)) {
    const M = model.features.length
    const K = model.outputs
    const fast = s.algorithm === 'tree-path' ? new FastPathShap(model) : null
    const inter = s.interactions ? new PathDependentShap(model) : null
    const ivs = s.algorithm === 'tree-interventional' ? new InterventionalShap(model, background) : null
    const expected = Float64Array.from(
      ivs
        ? (() => {
            const e = new Float64Array(K)
            for (const r of background) predictMargin(model, r).forEach((v, k) => (e[k] = e[k]! + v / background.length))
            return e
          })()
        : expectedMargin(model)
    )
    return (x, n) => {
      const phi = new Float64Array(n * K * M)
      const fx = new Float64Array(n * K)
      const ia = inter ? new Float64Array(n * K * M * M) : null
      const row = new Float64Array(M)
      for (let i = 0; i < n; i++) {
        prepareRow(model, x.subarray(i * M, (i + 1) * M), row)
        const p = phi.subarray(i * K * M, (i + 1) * K * M)
        if (fast) fast.explain(row, p)
        else ivs!.explain(row, p)
        fx.set(predictMargin(model, row), i * K)
        if (inter && ia) inter.interactions(row, ia.subarray(i * K * M * M, (i + 1) * K * M * M))
      }
      return Promise.resolve({ K, phi, fx, se: null, inter: ia, expected, evaluations: 0 })
    }
  }
  return async (x, n, row0, signal) => {
    const M = x.length / n
    const results: AgnosticResult[] = []
    for (let i = 0; i < n; i++) {
      const r = x.slice(i * M, (i + 1) * M)
      results.push(
        s.algorithm === 'kernel'
          ? await kernelShap(r, row0 + i, background, predictor, { nsamples: s.nsamples ?? null, seed: s.seed }, signal)
          : await permutationShap(r, row0 + i, background, predictor, { maxEvals: s.maxEvals, seed: s.seed }, signal)
      )
    }
    const K = results[0]!.expected.length
    const phi = new Float64Array(n * K * M)
    const se = new Float64Array(n * K * M)
    const fx = new Float64Array(n * K)
    results.forEach((r, i) => {
      phi.set(r.phi, i * K * M)
      se.set(r.se, i * K * M)
      fx.set(r.fx, i * K)
    })
    return { K, phi, fx, se, inter: null, expected: results[0]!.expected, evaluations: results.reduce((a, r) => a + r.evaluations, 0) }
  }
}

/** Explains one row given as JSON (feature name → value). */
export async function runRow(job: RowJob, progress: Progress, signal?: AbortSignal): Promise<RowExplanation> {
  const model = loadModel(job.model, job)?.model ?? null
  const features = model ? model.features : Object.keys(job.row)
  const named = model ? model.namedFeatures : true
  const table: RawTable = { columns: Object.keys(job.row), rows: [Object.values(job.row)], sha256: '' }
  let mat: FeatureMatrix
  try {
    mat = toMatrix(table, features, named, job.exclude)
  } catch (err) {
    throw err instanceof DataError ? new AppError('VALIDATION', err.message.replace('the data has', 'the row has'), 'row') : err
  }
  const M = features.length
  let background: Float64Array[] = []
  if (job.algorithm !== 'tree-path') {
    if (!job.backgroundPath) throw new AppError('VALIDATION', `${job.algorithm} needs background rows: name a file`, 'backgroundPath')
    background = await backgroundOf(job, { columns: [], rows: [], sha256: '' }, features, named, model)
  }
  const waiting = (f: string): void => progress(0, 1, `waiting for ${f}`)
  const out = await computerFor(job, model, background, predictorFor(job.model, model, features, waiting))(mat.x, 1, 0, signal)
  const K = out.K
  const rows = (a: Float64Array): number[][] => Array.from({ length: K }, (_, k) => Array.from(a.subarray(k * M, (k + 1) * M)))
  const fx = Array.from(out.fx)
  return {
    features,
    values: Array.from(mat.x, (v) => (Number.isNaN(v) ? null : v)),
    outputs: model?.outputNames ?? (K === 1 ? ['prediction'] : Array.from({ length: K }, (_, k) => `output ${k}`)),
    link: model?.link ?? 'identity',
    algorithm: job.algorithm,
    expected: Array.from(out.expected),
    fx,
    prediction: model ? applyLink(model, fx) : fx,
    phi: rows(out.phi),
    se: out.se ? rows(out.se).map((r) => r.map((v) => (Number.isNaN(v) ? null : v))) : null,
    evaluations: out.evaluations,
    notes: [...mat.warnings, ...(model?.notes ?? [])]
  }
}

export function runExplain(req: ExplainRequest, progress: Progress, signal?: AbortSignal): Promise<DatasetResult | RowExplanation> {
  return req.type === 'dataset' ? runDataset(req, progress, signal) : runRow(req, progress, signal)
}
