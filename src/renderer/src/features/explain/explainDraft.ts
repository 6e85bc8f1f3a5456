/** The new-explanation form's state and its checks before anything is sent (the service checks again). */
import type { Algorithm, ExplainInput } from '../../../../shared/contract/explain'

export type Source = 'version' | 'file' | 'endpoint' | 'batch'

export interface ExplainDraft {
  source: Source
  versionId: string
  modelPath: string
  endpointId: string
  batchDir: string
  dataPath: string
  algorithm: Algorithm
  rows: string
  backgroundPath: string
  backgroundRows: string
  interactions: boolean
  maxEvals: string
  nsamples: string
  seed: string
  exclude: string
  name: string
}

export const emptyDraft = (): ExplainDraft => ({
  source: 'version',
  versionId: '',
  modelPath: '',
  endpointId: '',
  batchDir: '',
  dataPath: '',
  algorithm: 'tree-path',
  rows: '1000',
  backgroundPath: '',
  backgroundRows: '100',
  interactions: false,
  maxEvals: '500',
  nsamples: '',
  seed: '42',
  exclude: '',
  name: ''
})

const absolute = (p: string): boolean => /^(\/|[A-Za-z]:[\\/])/.test(p.trim())
const intIn = (s: string, min: number, max: number): number | null => {
  const t = s.trim()
  if (!/^\d+$/.test(t)) return null
  const n = Number(t)
  return n >= min && n <= max ? n : null
}

/** Algorithms a source can use: an endpoint or batch folder only the model-agnostic ones. */
export const algorithmsFor = (s: Source): Algorithm[] =>
  s === 'endpoint' || s === 'batch' ? ['permutation', 'kernel'] : ['tree-path', 'tree-interventional', 'permutation', 'kernel']

export function toInput(d: ExplainDraft): { input: ExplainInput; errors: null } | { input: null; errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const input: Record<string, unknown> = { dataPath: d.dataPath.trim(), algorithm: d.algorithm, interactions: d.interactions }
  if (d.source === 'version') {
    if (!intIn(d.versionId, 1, Number.MAX_SAFE_INTEGER)) errors.versionId = 'pick a version'
    else input.versionId = Number(d.versionId)
  } else if (d.source === 'file') {
    if (!absolute(d.modelPath)) errors.modelPath = 'an absolute path to an XGBoost or LightGBM JSON model'
    else input.modelPath = d.modelPath.trim()
  } else if (d.source === 'endpoint') {
    if (!intIn(d.endpointId, 1, Number.MAX_SAFE_INTEGER)) errors.endpointId = 'pick an endpoint (add one under Endpoints)'
    else input.endpointId = Number(d.endpointId)
  } else if (!absolute(d.batchDir)) errors.batchDir = 'an absolute path to a folder'
  else input.batchDir = d.batchDir.trim()
  if (!absolute(d.dataPath)) errors.dataPath = 'an absolute path to a CSV or Parquet file'
  if (!algorithmsFor(d.source).includes(d.algorithm))
    errors.algorithm = 'an endpoint or batch folder is explained with permutation or kernel SHAP'
  const rows = intIn(d.rows, 1, 100_000)
  if (rows === null) errors.rows = 'a whole number from 1 to 100,000'
  else input.rows = rows
  if (d.algorithm !== 'tree-path') {
    const b = intIn(d.backgroundRows, 10, 1000)
    if (b === null) errors.backgroundRows = 'a whole number from 10 to 1,000'
    else input.backgroundRows = b
    if (d.backgroundPath.trim()) {
      if (!absolute(d.backgroundPath)) errors.backgroundPath = 'an absolute path (or leave empty: sampled from the data)'
      else input.backgroundPath = d.backgroundPath.trim()
    }
  }
  if (d.interactions && d.algorithm !== 'tree-path') errors.interactions = 'interaction values come with path-dependent TreeSHAP only'
  if (d.algorithm === 'permutation') {
    const m = intIn(d.maxEvals, 3, 100_000)
    if (m === null) errors.maxEvals = 'a whole number from 3 to 100,000'
    else input.maxEvals = m
  }
  if (d.algorithm === 'kernel' && d.nsamples.trim()) {
    const n = intIn(d.nsamples, 4, 100_000)
    if (n === null) errors.nsamples = 'a whole number from 4 to 100,000, or empty for 2M + 2048'
    else input.nsamples = n
  }
  const seed = intIn(d.seed, 0, 2 ** 31 - 1)
  if (seed === null) errors.seed = 'a whole number from 0 to 2147483647'
  else input.seed = seed
  const exclude = d.exclude
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (exclude.length) input.exclude = exclude
  if (d.name.trim()) input.name = d.name.trim()
  return Object.keys(errors).length ? { input: null, errors } : { input: input as ExplainInput, errors: null }
}
