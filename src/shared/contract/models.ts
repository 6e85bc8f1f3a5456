import { z } from 'zod'
import { command, query, viewEvent } from './define'
import { FileInspection } from './files'
import { JobStarted } from './jobs'
import { filePath } from './paths'

export const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const
export const Stage = z.enum(STAGES)
export type Stage = z.infer<typeof Stage>

const id = z.int().positive()
const text = (max: number) => z.string().max(max)
const tagMap = z.record(z.string().max(250), z.string().max(5000))
const absolutePath = filePath()
const aliasName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64)
  .regex(/^[A-Za-z][\w-]*$/, 'start with a letter; letters, digits, - and _ only')

export const ModelSummary = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  owner: z.string(),
  tags: z.record(z.string(), z.string()),
  createdAt: z.number(),
  updatedAt: z.number(),
  versionCount: z.number(),
  latestVersion: z.number().nullable(),
  stages: z.record(z.string(), z.number()),
  aliases: z.array(z.object({ alias: z.string(), version: z.number() }))
})
export type ModelSummary = z.infer<typeof ModelSummary>

export const VersionSummary = z.object({
  id: z.number(),
  modelId: z.number(),
  modelName: z.string(),
  version: z.number(),
  createdAt: z.number(),
  stage: Stage,
  status: z.string(),
  runId: z.number().nullable(),
  runUuid: z.string().nullable(),
  runName: z.string().nullable(),
  aliases: z.array(z.string()),
  description: z.string()
})
export type VersionSummary = z.infer<typeof VersionSummary>

export const Transition = z.object({ at: z.number(), from: z.string(), to: z.string(), comment: z.string() })

export const RunDetail = z.object({
  id: z.number(),
  runUuid: z.string(),
  name: z.string(),
  status: z.string(),
  /** Deleted in MLflow (the run's or its experiment's lifecycle_stage): hidden from lists unless asked for. */
  deleted: z.boolean(),
  startTime: z.number().nullable(),
  endTime: z.number().nullable(),
  userId: z.string().nullable(),
  artifactUri: z.string().nullable(),
  experiment: z.object({ id: z.number(), name: z.string(), source: z.string() }),
  metrics: z.array(z.object({ key: z.string(), value: z.number().nullable(), step: z.number(), timestamp: z.number(), count: z.number() })),
  params: z.record(z.string(), z.string()),
  tags: z.record(z.string(), z.string()),
  versions: z.array(z.object({ id: z.number(), modelName: z.string(), version: z.number() }))
})
export type RunDetail = z.infer<typeof RunDetail>

export const VersionDetail = VersionSummary.extend({
  updatedAt: z.number(),
  source: z.string(),
  tags: z.record(z.string(), z.string()),
  artifactPath: z.string().nullable(),
  artifactSha256: z.string().nullable(),
  artifactSize: z.number().nullable(),
  dataset: z.string().nullable(),
  notes: z.string(),
  card: z.string(),
  parent: z.object({ id: z.number(), version: z.number() }).nullable(),
  children: z.array(z.object({ id: z.number(), version: z.number() })),
  run: RunDetail.nullable(),
  transitions: z.array(Transition),
  evaluations: z.array(z.object({ id: z.number(), name: z.string(), createdAt: z.number() })),
  /** A feature store training set recorded as this version's training data (exact view versions). */
  trainingSet: z.object({ id: z.number(), name: z.string(), views: z.array(z.string()) }).nullable()
})
export type VersionDetail = z.infer<typeof VersionDetail>

export const ModelDetail = ModelSummary.extend({
  card: z.string(),
  versions: z.array(VersionSummary)
})
export type ModelDetail = z.infer<typeof ModelDetail>

export const RunSummary = z.object({
  id: z.number(),
  runUuid: z.string(),
  name: z.string(),
  status: z.string(),
  experiment: z.string(),
  startTime: z.number().nullable(),
  metricCount: z.number(),
  deleted: z.boolean()
})

/** One version or run of the ranked table: what identifies it and its latest value of each metric column. */
export const RankedRow = z.object({
  kind: z.enum(['version', 'run']),
  id: z.number(),
  label: z.string(),
  modelId: z.number().nullable(),
  version: z.number().nullable(),
  stage: z.string().nullable(),
  aliases: z.array(z.string()),
  description: z.string(),
  runId: z.number().nullable(),
  runUuid: z.string().nullable(),
  runName: z.string().nullable(),
  experiment: z.string().nullable(),
  status: z.string(),
  startTime: z.number().nullable(),
  createdAt: z.number().nullable(),
  deleted: z.boolean(),
  /** Latest value per metric column (same order as `metrics`); null: not logged. */
  values: z.array(z.number().nullable())
})
export type RankedRow = z.infer<typeof RankedRow>

export const RankedTable = z.object({
  metrics: z.array(z.object({ key: z.string(), higherIsBetter: z.boolean() })),
  rows: z.array(RankedRow),
  /** Rows before the search and the limit. */
  total: z.number()
})
export type RankedTable = z.infer<typeof RankedTable>

export const ImportReport = z.object({
  jobId: z.string(),
  kind: z.enum(['mlruns', 'mlflow-db', 'table']),
  path: z.string(),
  stores: z.array(z.string()),
  experiments: z.number(),
  /** Live runs created, updated and unchanged; runs deleted in MLflow are imported but hidden, counted only in `deleted`. */
  runs: z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), deleted: z.number() }),
  metricSeries: z.number(),
  metricPoints: z.number(),
  params: z.number(),
  tags: z.number(),
  models: z.number(),
  versions: z.object({ created: z.number(), updated: z.number() }),
  aliases: z.number(),
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  warnings: z.array(z.string()),
  durationMs: z.number()
})
export type ImportReport = z.infer<typeof ImportReport>

export const CompareItem = z.strictObject({ kind: z.enum(['version', 'run']), id })
export type CompareItem = z.infer<typeof CompareItem>

export const MetricRow = z.object({
  key: z.string(),
  higherIsBetter: z.boolean(),
  directionSource: z.enum(['name', 'user', 'default']),
  source: z.enum(['run', 'evaluation']),
  values: z.array(z.number().nullable()),
  deltas: z.array(z.number().nullable()),
  best: z.array(z.boolean()),
  /** More than one item holds the best value: a tie, not a winner. */
  bestTied: z.boolean(),
  ci: z.array(z.tuple([z.number(), z.number()]).nullable()).optional()
})
export type MetricRow = z.infer<typeof MetricRow>

export const KeyValueRow = z.object({ key: z.string(), values: z.array(z.string().nullable()), differs: z.boolean() })

export const Comparison = z.object({
  items: z.array(
    z.object({
      kind: z.enum(['version', 'run']),
      id: z.number(),
      label: z.string(),
      runId: z.number().nullable(),
      versionId: z.number().nullable(),
      stage: z.string().nullable()
    })
  ),
  baseline: z.number(),
  metrics: z.array(MetricRow),
  params: z.array(KeyValueRow),
  tags: z.array(KeyValueRow),
  /** Per metric key, per item: steps and values (downsampled to at most maxPoints with LTTB). */
  history: z.array(
    z.object({
      key: z.string(),
      series: z.array(z.object({ steps: z.array(z.number()), values: z.array(z.number()), n: z.number() }).nullable())
    })
  ),
  evaluation: z.object({ id: z.number(), name: z.string() }).nullable()
})
export type Comparison = z.infer<typeof Comparison>

const PredictionSpec = z.strictObject({
  versionId: id,
  /** File with this version's predictions; defaults to the holdout file itself (a column per version). */
  path: absolutePath.optional(),
  /** Predicted label (classification) or value (regression). */
  column: z.string().trim().max(200).optional(),
  /** Binary classification: score or probability of the positive class. */
  scoreColumn: z.string().trim().max(200).optional(),
  /** Classification: one probability column per class, as class → column name (every class, no other). */
  probabilityColumns: z
    .record(z.string().trim().min(1).max(200), z.string().trim().min(1).max(200))
    .refine((m) => Object.keys(m).length <= 500, 'at most 500 probability columns')
    .optional(),
  /** Classification: the probability columns are named `<prefix><class>` (e.g. "proba_" for proba_cat, proba_dog). */
  probabilityPrefix: z.string().trim().max(200).optional()
})

export const EvaluationInput = z.strictObject({
  name: z.string().trim().max(120).optional(),
  task: z.enum(['classification', 'regression']),
  holdoutPath: absolutePath,
  labelColumn: z.string().trim().min(1).max(200),
  idColumn: z.string().trim().max(200).optional(),
  positiveLabel: z.string().max(200).optional(),
  predictions: z.array(PredictionSpec).min(1, 'pick at least one version').max(20),
  resamples: z.int().min(0).max(10_000).default(1000),
  seed: z
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(42),
  confidence: z.number().min(0.5).max(0.999).default(0.95),
  calibrationBins: z.int().min(2).max(50).default(10)
})
export type EvaluationInput = z.input<typeof EvaluationInput>

const Interval = z.tuple([z.number(), z.number()]).nullable()

export const EvaluationResult = z.object({
  id: z.number(),
  name: z.string(),
  task: z.enum(['classification', 'regression']),
  holdoutPath: z.string(),
  createdAt: z.number(),
  rows: z.number(),
  labels: z.array(z.string()),
  positiveLabel: z.string().nullable(),
  resamples: z.number(),
  seed: z.number(),
  confidence: z.number(),
  versions: z.array(
    z.object({
      versionId: z.number(),
      label: z.string(),
      metrics: z.array(z.object({ key: z.string(), value: z.number().nullable(), ci: Interval, higherIsBetter: z.boolean() })),
      confusion: z.array(z.array(z.number())).nullable(),
      /** Two classes: P(positive) against the fraction of positives. More: top-label, i.e. the highest class probability (confidence) against the accuracy of that class. */
      calibration: z
        .object({ meanPredicted: z.array(z.number()), fractionPositive: z.array(z.number()), counts: z.array(z.number()) })
        .nullable()
    })
  ),
  pairedTests: z.array(
    z.object({
      a: z.number(),
      b: z.number(),
      method: z.string(),
      statistic: z.number().nullable(),
      pValue: z.number().nullable(),
      detail: z.string()
    })
  ),
  /** What the evaluation adjusted on the way, e.g. probability rows normalised to sum 1. */
  notes: z.array(z.string()).optional()
})
export type EvaluationResult = z.infer<typeof EvaluationResult>

export const modelsChannels = {
  'models:list': query(
    'Registered models with version counts, stages and aliases',
    z.strictObject({ search: z.string().max(200).default('') }).optional(),
    z.array(ModelSummary)
  ),
  'models:get': query('One model with its versions and card', z.strictObject({ id }), ModelDetail),
  'models:create': command(
    'Register a model',
    z.strictObject({
      name: z.string().trim().min(1, 'must not be empty').max(200),
      description: text(5000).default(''),
      owner: text(200).default(''),
      tags: tagMap.default({})
    }),
    ModelSummary
  ),
  'models:update': command(
    'Change a model’s description, owner, tags or card',
    z.strictObject({
      id,
      description: text(5000).optional(),
      owner: text(200).optional(),
      tags: tagMap.optional(),
      card: text(200_000).optional()
    }),
    ModelSummary
  ),
  'models:delete': command('Delete a model with its versions', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'models:versions': query(
    'Every version of every model (for pickers)',
    z.strictObject({ search: z.string().max(200).default('') }).optional(),
    z.array(VersionSummary)
  ),
  'models:version': query('One version with run, metrics, params, lineage and transitions', z.strictObject({ id }), VersionDetail),
  'models:createVersion': command(
    'Add a version to a model, optionally from an imported run',
    z.strictObject({
      modelId: id,
      runId: id.optional(),
      parentVersionId: id.optional(),
      description: text(5000).default(''),
      artifactPath: absolutePath.optional(),
      dataset: text(2000).optional(),
      notes: text(20_000).default(''),
      tags: tagMap.default({})
    }),
    VersionSummary
  ),
  'models:updateVersion': command(
    'Change a version’s description, notes, card, tags, dataset or parent',
    z.strictObject({
      id,
      description: text(5000).optional(),
      notes: text(20_000).optional(),
      card: text(200_000).optional(),
      tags: tagMap.optional(),
      dataset: text(2000).nullable().optional(),
      parentVersionId: id.nullable().optional()
    }),
    VersionSummary
  ),
  'models:transition': command(
    'Move a version to another stage, with a comment; optionally archive the others in the target stage',
    z.strictObject({ id, stage: Stage, comment: text(2000).default(''), archiveOthers: z.boolean().default(false) }),
    VersionSummary
  ),
  'models:setAlias': command(
    'Point an alias (champion, challenger…) at a version; it moves from any other version of the model',
    z.strictObject({ versionId: id, alias: aliasName }),
    VersionSummary
  ),
  'models:removeAlias': command(
    'Remove an alias from a model',
    z.strictObject({ modelId: id, alias: aliasName }),
    z.object({ removed: z.boolean() })
  ),
  'models:runs': query(
    'Imported runs (for comparing runs that are not versions); runs deleted in MLflow only with includeDeleted',
    z
      .strictObject({
        search: z.string().max(200).default(''),
        limit: z.int().min(1).max(5000).default(500),
        includeDeleted: z.boolean().default(false)
      })
      .optional(),
    z.array(RunSummary)
  ),
  'models:table': query(
    'Versions or runs with their latest metrics as columns, filtered by an MLflow-style search (metrics.accuracy > 0.9 and params.depth = 6) or by name',
    z.strictObject({
      kind: z.enum(['version', 'run']),
      modelId: id.optional(),
      search: z.string().max(1000).default(''),
      includeDeleted: z.boolean().default(false),
      limit: z.int().min(1).max(5000).default(1000)
    }),
    RankedTable
  ),
  'models:importMlruns': command(
    'Import an MLflow file store folder (mlruns) from the console machine; idempotent. A job: its result is the import report',
    z.strictObject({ path: absolutePath }),
    JobStarted
  ),
  'models:importMlflowDb': command(
    'Import an MLflow SQLite backend store (mlflow.db); idempotent. A job: its result is the import report',
    z.strictObject({ path: absolutePath }),
    JobStarted
  ),
  'models:importTable': command(
    'Import a plain metric table (CSV or JSON): one row per run (wide) or per run, metric and step (long)',
    z.strictObject({
      path: absolutePath,
      experiment: z.string().trim().min(1).max(200).default('Imported tables')
    }),
    JobStarted
  ),
  'models:compare': query(
    'Compare 2 to 20 versions or runs: metrics with deltas and best marks, params, tags, histories',
    z.strictObject({
      items: z.array(CompareItem).min(2, 'pick at least 2 versions or runs').max(20, 'at most 20 at once'),
      baseline: z.int().min(0).max(19).default(0),
      evaluationId: id.optional(),
      maxPoints: z.int().min(10).max(5000).default(400)
    }),
    Comparison
  ),
  'models:setMetricDirection': command(
    'Say whether higher or lower is better for a metric (null: back to the guess from its name)',
    z.strictObject({ key: z.string().min(1).max(250), higherIsBetter: z.boolean().nullable() }),
    z.object({ key: z.string(), higherIsBetter: z.boolean() })
  ),
  'models:evaluate': command(
    'Evaluate versions on a labelled holdout file as a job; its result names the stored evaluation ({ evaluationId })',
    EvaluationInput,
    JobStarted
  ),
  'models:evaluations': query(
    'Stored evaluations, newest first',
    z.strictObject({ versionId: id.optional() }).optional(),
    z.array(z.object({ id: z.number(), name: z.string(), task: z.string(), createdAt: z.number(), versionIds: z.array(z.number()) }))
  ),
  'models:evaluation': query('One stored evaluation', z.strictObject({ id }), EvaluationResult),
  'models:previewFile': query(
    'Inspect a CSV or Parquet file on the console machine: columns with types and sample values, rows',
    z.strictObject({ path: absolutePath }),
    FileInspection
  )
} as const

export const modelsEvents = {
  'models:changed': viewEvent(
    z.object({
      modelId: z.number(),
      versionId: z.number().optional(),
      kind: z.enum(['stage', 'alias', 'version', 'import', 'evaluation']),
      description: z.string()
    })
  )
} as const
