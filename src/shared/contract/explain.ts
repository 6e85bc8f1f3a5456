import { z } from 'zod'
import { command, query, viewEvent } from './define'
import { JobStarted } from './jobs'
import { filePath, httpUrl } from './paths'

const id = z.int().positive()
const absolutePath = filePath()
const seed = z
  .int()
  .min(0)
  .max(2 ** 31 - 1)
  .default(42)

/** tree-path: path-dependent TreeSHAP; tree-interventional: against a background; permutation and kernel: model-agnostic. */
export const ALGORITHMS = ['tree-path', 'tree-interventional', 'permutation', 'kernel'] as const
export const Algorithm = z.enum(ALGORITHMS)
export type Algorithm = z.infer<typeof Algorithm>
export const ALGORITHM_LABELS: Record<Algorithm, string> = {
  'tree-path': 'TreeSHAP, path-dependent',
  'tree-interventional': 'TreeSHAP, interventional',
  permutation: 'Permutation SHAP',
  kernel: 'KernelSHAP'
}

export const MODEL_KINDS = ['xgboost', 'lightgbm', 'endpoint', 'batch-files'] as const

/** Where the model comes from: a registry version's artifact, a model file, a configured endpoint or a batch folder. */
const ModelSource = {
  versionId: id.optional(),
  modelPath: absolutePath.optional(),
  endpointId: id.optional(),
  /** The console writes batch files into this folder: a path it writes to. */
  batchDir: filePath({ access: 'write' }).optional()
}

const Sampling = {
  algorithm: Algorithm.default('tree-path'),
  /** Background rows for interventional TreeSHAP and the model-agnostic methods (default: sampled from the data). */
  backgroundPath: absolutePath.optional(),
  backgroundRows: z.int().min(10, 'at least 10 background rows').max(1000, 'at most 1,000 background rows').default(100),
  /** Permutation SHAP: coalitions per row (shap's max_evals). */
  maxEvals: z.int().min(3).max(100_000).default(500),
  /** KernelSHAP: coalitions per row; default 2M + 2048. */
  nsamples: z.int().min(4).max(100_000).optional(),
  seed,
  /** Columns of the data that are not features (label, id …). */
  exclude: z.array(z.string().max(200)).max(100).default([])
}

export const ExplainInput = z.strictObject({
  name: z.string().trim().max(120).optional(),
  ...ModelSource,
  dataPath: absolutePath,
  /** At most this many rows of the file (a seeded sample when it has more). */
  rows: z.int().min(1).max(100_000).default(1000),
  /** SHAP interaction values (path-dependent TreeSHAP only; rows × features² at most 5 million). */
  interactions: z.boolean().default(false),
  ...Sampling
})
export type ExplainInput = z.input<typeof ExplainInput>

export const ExplainRowInput = z.strictObject({
  ...ModelSource,
  /** The row: feature name → value (a number, a category code, or null for missing). */
  row: z
    .record(z.string().max(200), z.union([z.number(), z.string().max(200), z.null()]))
    .refine((r) => Object.keys(r).length <= 5000, 'at most 5,000 features'),
  ...Sampling
})
export type ExplainRowInput = z.input<typeof ExplainRowInput>

export const RowExplanation = z.object({
  features: z.array(z.string()),
  values: z.array(z.number().nullable()),
  outputs: z.array(z.string()),
  link: z.string(),
  algorithm: Algorithm,
  /** Per output: E[f], f(x) (margin for tree models), the prediction through the link, SHAP values and their standard errors. */
  expected: z.array(z.number()),
  fx: z.array(z.number()),
  prediction: z.array(z.number()),
  phi: z.array(z.array(z.number())),
  se: z.array(z.array(z.number().nullable())).nullable(),
  evaluations: z.number(),
  notes: z.array(z.string())
})
export type RowExplanation = z.infer<typeof RowExplanation>

export const ExplanationSummary = z.object({
  id: z.number(),
  name: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  jobId: z.string().nullable(),
  versionId: z.number().nullable(),
  versionLabel: z.string().nullable(),
  modelKind: z.enum(MODEL_KINDS),
  modelSource: z.string(),
  algorithm: Algorithm,
  dataPath: z.string(),
  dataSha256: z.string(),
  rows: z.number(),
  featureCount: z.number(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  error: z.string().nullable()
})
export type ExplanationSummary = z.infer<typeof ExplanationSummary>

export const Importance = z.object({ feature: z.string(), meanAbs: z.number(), mean: z.number(), meanSe: z.number().nullable() })

export const ExplanationDetail = ExplanationSummary.extend({
  modelSha256: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  features: z.array(z.string()),
  outputs: z.array(z.string()),
  link: z.string(),
  expected: z.array(z.number()),
  /** Per output, features by mean |φ|, largest first. */
  importance: z.array(z.array(Importance)),
  /** Largest |E[f] + Σφ − f(x)| over the rows (exact methods). */
  localAccuracy: z.number().nullable(),
  interactions: z.boolean(),
  evaluations: z.number(),
  notes: z.array(z.string())
})
export type ExplanationDetail = z.infer<typeof ExplanationDetail>

export const Beeswarm = z.object({
  output: z.number(),
  rows: z.number(),
  shown: z.number(),
  /** Row numbers in the data file of the points shown (the same rows for every feature). */
  rowIds: z.array(z.number()),
  features: z.array(
    z.object({
      name: z.string(),
      meanAbs: z.number(),
      phi: z.array(z.number()),
      value: z.array(z.number().nullable()),
      /** Feature value scaled to 0…1 between its 5th and 95th percentiles (null: missing). */
      color: z.array(z.number().nullable()),
      /** Vertical offset of each point in its row (−0.4…0.4), so dense regions swell. */
      jitter: z.array(z.number())
    })
  ),
  otherFeatures: z.number()
})
export type Beeswarm = z.infer<typeof Beeswarm>

export const Dependence = z.object({
  output: z.number(),
  feature: z.string(),
  rowIds: z.array(z.number()),
  x: z.array(z.number().nullable()),
  phi: z.array(z.number()),
  colorFeature: z.string().nullable(),
  color: z.array(z.number().nullable()),
  colorSource: z.enum(['interaction values', 'approximation', 'none']),
  rows: z.number(),
  shown: z.number()
})
export type Dependence = z.infer<typeof Dependence>

export const RowDetail = z.object({
  output: z.number(),
  rowId: z.number(),
  position: z.number(),
  expected: z.number(),
  fx: z.number(),
  prediction: z.number(),
  link: z.string(),
  contributions: z.array(z.object({ feature: z.string(), value: z.number().nullable(), phi: z.number(), se: z.number().nullable() }))
})
export type RowDetail = z.infer<typeof RowDetail>

export const ExplainComparison = z.object({
  a: ExplanationSummary,
  b: ExplanationSummary,
  output: z.number(),
  sameData: z.boolean(),
  features: z.array(
    z.object({
      feature: z.string(),
      rankA: z.number().nullable(),
      rankB: z.number().nullable(),
      meanAbsA: z.number().nullable(),
      meanAbsB: z.number().nullable(),
      shift: z.number().nullable(),
      /** Two-sample KS test on the feature's SHAP values in A against B. */
      ks: z.object({ statistic: z.number(), pValue: z.number() }).nullable(),
      drifted: z.boolean()
    })
  ),
  /** Significance of the drift check after Bonferroni correction. */
  alpha: z.number(),
  drifted: z.number(),
  rankCorrelation: z.number().nullable(),
  notes: z.array(z.string())
})
export type ExplainComparison = z.infer<typeof ExplainComparison>

export const Endpoint = z.object({
  id: z.number(),
  name: z.string(),
  url: z.string(),
  batchRows: z.number(),
  timeoutMs: z.number(),
  createdAt: z.number(),
  updatedAt: z.number()
})
export type Endpoint = z.infer<typeof Endpoint>

export const EndpointInput = z.strictObject({
  id: id.optional(),
  name: z.string().trim().min(1, 'must not be empty').max(120),
  url: httpUrl(),
  batchRows: z.int().min(1).max(100_000).default(5000),
  timeoutMs: z.int().min(100).max(3_600_000).default(60_000)
})

export const ModelInfo = z.object({
  path: z.string(),
  sha256: z.string(),
  format: z.string(),
  formatVersion: z.string(),
  objective: z.string(),
  link: z.string(),
  outputs: z.array(z.string()),
  features: z.array(z.string()),
  namedFeatures: z.boolean(),
  trees: z.number(),
  maxDepth: z.number(),
  leaves: z.number(),
  notes: z.array(z.string())
})
export type ModelInfo = z.infer<typeof ModelInfo>

const outputIndex = z.int().min(0).max(999).default(0)

export const explainChannels = {
  'explain:explainDataset': command(
    'Explain rows of a data file for a version (its artifact), a model file, an endpoint or a batch folder, as a job; its result is { explanationId }',
    ExplainInput,
    JobStarted
  ),
  'explain:explainRow': command('Explain one row given as JSON (the seed’s /api/ml/explain)', ExplainRowInput, RowExplanation),
  'explain:inspectModel': query(
    'Read a model (a version’s artifact or a file): format, objective, features, trees, or what is missing',
    z.strictObject({ versionId: id.optional(), modelPath: absolutePath.optional() }),
    ModelInfo
  ),
  'explain:list': query(
    'Stored explanations, newest first',
    z.strictObject({ versionId: id.optional() }).optional(),
    z.array(ExplanationSummary)
  ),
  'explain:get': query('One explanation: settings, expected values, importance per output', z.strictObject({ id }), ExplanationDetail),
  'explain:beeswarm': query(
    'Beeswarm summary: SHAP values of the top features, coloured by feature value',
    z.strictObject({
      id,
      output: outputIndex,
      top: z.int().min(1).max(50).default(10),
      maxPoints: z.int().min(50).max(20_000).default(2000)
    }),
    Beeswarm
  ),
  'explain:dependence': query(
    'Dependence scatter of one feature, coloured by its strongest interaction',
    z.strictObject({
      id,
      output: outputIndex,
      feature: z.string().max(200),
      colorBy: z.string().max(200).optional(),
      maxPoints: z.int().min(50).max(20_000).default(3000)
    }),
    Dependence
  ),
  'explain:row': query(
    'One row’s explanation (waterfall and force plot): E[f], each feature’s value and φ, f(x)',
    z.strictObject({ id, output: outputIndex, position: z.int().min(0).max(1_000_000).default(0) }),
    RowDetail
  ),
  'explain:compare': query(
    'Compare two explanations (two versions): importance ranks, shift in mean |φ|, a drift check on the attributions',
    z.strictObject({ a: id, b: id, output: outputIndex, alpha: z.number().min(0.0001).max(0.5).default(0.05) }),
    ExplainComparison
  ),
  'explain:csv': query(
    'An explanation’s SHAP values as CSV (row, each feature’s value and φ, E[f], f(x))',
    z.strictObject({ id, output: outputIndex }),
    z.object({ filename: z.string(), csv: z.string() })
  ),
  'explain:delete': command('Delete an explanation', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'explain:endpoints': query(
    'Model endpoints the console may call for model-agnostic SHAP',
    z.strictObject({}).optional(),
    z.array(Endpoint)
  ),
  'explain:saveEndpoint': command('Add or change a model endpoint (the only addresses model-agnostic SHAP calls)', EndpointInput, Endpoint),
  'explain:deleteEndpoint': command('Remove a model endpoint', z.strictObject({ id }), z.object({ deleted: z.boolean() }))
} as const

export const explainEvents = {
  'explain:changed': viewEvent(z.object({ explanationId: z.number().nullable(), kind: z.enum(['explanation', 'endpoint']) }))
} as const
