import { z } from 'zod'
import { command, internalEvent, query, viewEvent } from './define'
import { JobStarted } from './jobs'
import { filePath } from './paths'

const id = z.int().positive()

export const TRIAL_STATES = ['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING', 'WAITING'] as const
export const TrialState = z.enum(TRIAL_STATES)
export type TrialState = z.infer<typeof TrialState>
export const Direction = z.enum(['minimize', 'maximize'])
export type Direction = z.infer<typeof Direction>

/** A value as JSON can carry it: a number, or 'inf' / '-inf' / 'nan'. */
export const TrialValue = z.union([z.number(), z.enum(['inf', '-inf', 'nan'])])
export type TrialValue = z.infer<typeof TrialValue>
export const ParamValue = z.union([z.string(), z.number(), z.boolean(), z.null()])
export type ParamValue = z.infer<typeof ParamValue>

export const ParamSpec = z.object({
  name: z.string(),
  kind: z.enum(['float', 'int', 'categorical']),
  low: z.number().nullable(),
  high: z.number().nullable(),
  log: z.boolean(),
  choices: z.array(ParamValue).nullable()
})
export type ParamSpec = z.infer<typeof ParamSpec>

export const StudySummary = z.object({
  id,
  name: z.string(),
  source: z.string(),
  sourceKind: z.enum(['rdb', 'journal']),
  directions: z.array(Direction),
  trials: z.int(),
  states: z.record(z.string(), z.int()),
  /** Single objective: the best COMPLETE trial; multi-objective: null (see the Pareto front). */
  best: z.object({ number: z.int(), value: TrialValue }).nullable(),
  params: z.array(z.string()),
  userAttrs: z.record(z.string(), z.unknown()),
  importedAt: z.number(),
  lastTrialAt: z.number().nullable()
})
export type StudySummary = z.infer<typeof StudySummary>

export const Trial = z.object({
  number: z.int(),
  state: TrialState,
  values: z.array(TrialValue),
  params: z.record(z.string(), ParamValue),
  userAttrs: z.record(z.string(), z.unknown()),
  startedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  intermediateSteps: z.int()
})
export type Trial = z.infer<typeof Trial>

export const StudyDetail = z.object({
  study: StudySummary,
  paramSpecs: z.array(ParamSpec),
  /** Up to 5,000 trials for the plots and the table: all of them, or the 2,500 best and the 2,500 newest. */
  trials: z.array(Trial),
  /** Whether `trials` leaves some out (see study.trials for how many there are). */
  sampled: z.boolean(),
  /** Per objective: COMPLETE trials in order with the best value so far. */
  history: z.array(z.array(z.object({ number: z.int(), value: z.number(), best: z.number() }))),
  /** Multi-objective: the trial numbers on the Pareto front. */
  pareto: z.array(z.int())
})
export type StudyDetail = z.infer<typeof StudyDetail>

export const IntermediateSeries = z.object({
  trials: z.array(z.object({ number: z.int(), state: TrialState, steps: z.array(z.int()), values: z.array(z.number().nullable()) })),
  pruned: z.array(z.object({ number: z.int(), step: z.int(), value: z.number(), median: z.number().nullable(), others: z.int() })),
  rule: z.string(),
  /** Pruned trials in the whole study (`pruned` lists those among the trials drawn). */
  prunedTotal: z.int()
})
export type IntermediateSeries = z.infer<typeof IntermediateSeries>

export const Importances = z.object({
  method: z.string(),
  trialsUsed: z.int(),
  params: z.array(z.object({ param: z.string(), importance: z.number(), low: z.number(), high: z.number() }))
})
export type Importances = z.infer<typeof Importances>

export const StudyImportReport = z.object({
  source: z.string(),
  kind: z.enum(['rdb', 'journal']),
  studies: z.array(z.object({ id, name: z.string(), trials: z.int(), added: z.int(), updated: z.int(), intermediate: z.int() }))
})
export type StudyImportReport = z.infer<typeof StudyImportReport>

export const ENSEMBLE_METHODS = ['average', 'nnls', 'caruana'] as const
export const EnsembleMethod = z.enum(ENSEMBLE_METHODS)
export type EnsembleMethod = z.infer<typeof EnsembleMethod>

export const EnsembleInput = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  task: z.enum(['classification', 'regression']),
  holdoutPath: filePath(),
  labelColumn: z.string().trim().min(1, 'must not be empty').max(200),
  idColumn: z.string().trim().max(200).optional(),
  /** Classification: the class whose probability the members predict (default: the second label in sort order). */
  positiveLabel: z.string().trim().max(200).optional(),
  members: z
    .array(
      z.strictObject({
        versionId: id,
        /** Predictions file (default: the holdout). */
        path: filePath().optional(),
        /** Regression: the predicted value; classification: the positive class's probability. */
        column: z.string().trim().min(1, 'must not be empty').max(200)
      })
    )
    .min(2, 'an ensemble needs at least 2 versions')
    .max(10, 'at most 10 versions'),
  /** The weights the ensemble version uses; all three are evaluated. */
  method: EnsembleMethod.default('nnls'),
  rounds: z.int().min(1).max(500).default(25),
  resamples: z.int().min(0).max(5000).default(500),
  /** Register the ensemble as a new version of this model. */
  registerAs: z.string().trim().max(200).optional()
})
export type EnsembleInput = z.input<typeof EnsembleInput>

const Metric = z.object({
  key: z.string(),
  value: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  higherIsBetter: z.boolean()
})

export const EnsembleSummary = z.object({
  id,
  name: z.string(),
  task: z.enum(['classification', 'regression']),
  method: EnsembleMethod,
  members: z.array(z.object({ versionId: id, label: z.string(), champion: z.boolean() })),
  /** The loss the weights are fitted and compared on: rmse (regression) or log_loss (classification). */
  lossKey: z.string(),
  ensembleLoss: z.number(),
  championLoss: z.number(),
  championLabel: z.string(),
  beatsChampion: z.boolean(),
  registeredVersionId: z.int().nullable(),
  createdAt: z.number()
})
export type EnsembleSummary = z.infer<typeof EnsembleSummary>

export const EnsembleDetail = z.object({
  summary: EnsembleSummary,
  holdoutPath: z.string(),
  rows: z.int(),
  fitRows: z.int(),
  evalRows: z.int(),
  rounds: z.int(),
  /** Weights per method, one per member in member order. */
  weights: z.record(EnsembleMethod, z.array(z.number())),
  /** Caruana: the fit-rows loss after each round. */
  caruanaTrace: z.array(z.number()),
  /** Every member and every method evaluated on the evaluation rows (the models area's offline evaluation). */
  evaluated: z.array(z.object({ key: z.string(), label: z.string(), kind: z.enum(['member', 'ensemble']), metrics: z.array(Metric) })),
  /** The chosen ensemble against the champion on the evaluation rows. */
  paired: z.object({ method: z.string(), pValue: z.number().nullable(), detail: z.string() }).nullable(),
  notes: z.array(z.string())
})
export type EnsembleDetail = z.infer<typeof EnsembleDetail>

export const LINEAGE_KINDS = ['quantised', 'pruned', 'distilled', 'other'] as const
export const LineageKind = z.enum(LINEAGE_KINDS)

const VariantEntry = z.strictObject({
  versionId: id,
  /** Predictions file (default: the holdout). */
  path: filePath().optional(),
  /** Regression: the predicted value; classification: the positive class's probability. */
  column: z.string().trim().min(1, 'must not be empty').max(200),
  /** The model file or folder whose size is compared (default: the version's artifact in the registry). */
  artifactPath: filePath().optional()
})

export const VariantsInput = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  task: z.enum(['classification', 'regression']),
  holdoutPath: filePath(),
  labelColumn: z.string().trim().min(1, 'must not be empty').max(200),
  idColumn: z.string().trim().max(200).optional(),
  positiveLabel: z.string().trim().max(200).optional(),
  base: VariantEntry,
  variants: z
    .array(VariantEntry.extend({ kind: LineageKind }))
    .min(1, 'add at least one optimised variant')
    .max(5, 'at most 5 variants'),
  /** Per-call latencies: CSV with columns version (id or "model vN"), batch_size, latency_ms. */
  latencyFile: filePath().optional(),
  /** Gate: the largest accepted accuracy drop (accuracy points for classification, RMSE increase for regression). */
  maxAccuracyDrop: z.number().min(0).max(1e9).default(0.01),
  /** Gate: the smallest accepted latency gain, p95 at batch 1, as a share (0.2 = 20 % faster). */
  minLatencyGain: z.number().min(-1).max(1000).default(0.2),
  resamples: z.int().min(0).max(5000).default(1000)
})
export type VariantsInput = z.input<typeof VariantsInput>

const Latency = z.object({ batch: z.int(), samples: z.int(), p50: z.number(), p95: z.number(), p99: z.number() })
const VersionFigures = z.object({
  versionId: id,
  label: z.string(),
  sizeBytes: z.number().nullable(),
  metric: z.number(),
  latency: z.array(Latency)
})

export const VariantComparison = z.object({
  id,
  name: z.string(),
  task: z.enum(['classification', 'regression']),
  metricKey: z.enum(['accuracy', 'rmse']),
  rows: z.int(),
  latencySource: z.string().nullable(),
  gate: z.object({ maxAccuracyDrop: z.number(), minLatencyGain: z.number() }),
  base: VersionFigures,
  variants: z.array(
    VersionFigures.extend({
      kind: LineageKind,
      /** Variant − base, with a 95 % paired bootstrap interval. */
      metricDiff: z.number(),
      diffCi: z.tuple([z.number(), z.number()]).nullable(),
      /** Share of rows with the same top-1 class (classification). */
      sameTop1: z.number().nullable(),
      /** Largest absolute difference of score (probability or value) on any row. */
      maxScoreDiff: z.number(),
      /** base p95 ÷ variant p95 − 1 at the smallest batch; null without latencies. */
      latencyGain: z.number().nullable(),
      sizeRatio: z.number().nullable(),
      pass: z.boolean(),
      reasons: z.array(z.string())
    })
  ),
  createdAt: z.number()
})
export type VariantComparison = z.infer<typeof VariantComparison>

export const optimizeChannels = {
  'optimize:importStudies': command(
    'Import every study of an Optuna storage (SQLite RDB file or journal file) as a job; re-import adds new trials',
    z.strictObject({ path: filePath() }),
    JobStarted
  ),
  'optimize:studies': query('Imported tuning studies, newest first', z.strictObject({}).optional(), z.array(StudySummary)),
  'optimize:study': query('A study with its trials, history per objective and Pareto front', z.strictObject({ id }), StudyDetail),
  'optimize:intermediate': query(
    'Intermediate values of a study’s trials (learning curves) and why each pruned trial was pruned',
    z.strictObject({ id, maxTrials: z.int().min(1).max(5000).default(500) }),
    IntermediateSeries
  ),
  'optimize:importances': query(
    'Parameter importances for one objective, with bootstrap intervals',
    z.strictObject({ id, objective: z.int().min(0).max(15).default(0) }),
    Importances
  ),
  'optimize:compare': query(
    'Best value so far of several single-objective studies, for one chart',
    z.strictObject({ ids: z.array(id).min(1, 'pick at least one study').max(10, 'at most 10 studies') }),
    z.array(z.object({ id, name: z.string(), direction: Direction, history: z.array(z.object({ number: z.int(), best: z.number() })) }))
  ),
  'optimize:registerTrial': command(
    'Register a trial as a new version of a registry model, with its parameters and values',
    z.strictObject({
      id,
      number: z.int().min(0),
      modelName: z.string().trim().min(1, 'must not be empty').max(200)
    }),
    z.object({ versionId: id, modelName: z.string(), version: z.int() })
  ),
  'optimize:ensembleBuild': command(
    'Build an ensemble of 2–10 versions from their holdout predictions (average, NNLS weights, Caruana selection) as a job',
    EnsembleInput,
    JobStarted
  ),
  'optimize:ensembles': query('Ensembles built, newest first', z.strictObject({}).optional(), z.array(EnsembleSummary)),
  'optimize:ensemble': query('An ensemble with its weights and evaluation', z.strictObject({ id }), EnsembleDetail),
  'optimize:ensembleDelete': command(
    'Delete an ensemble (a registered version stays)',
    z.strictObject({ id }),
    z.object({ deleted: z.boolean() })
  ),
  'optimize:compareVariants': command(
    'Compare a base version with its optimised variants (size, latency p50/p95/p99, accuracy difference, agreement, gate), as a job',
    VariantsInput,
    JobStarted
  ),
  'optimize:variantComparisons': query(
    'Optimised-versus-base comparisons, newest first',
    z.strictObject({}).optional(),
    z.array(z.object({ id, name: z.string(), base: z.string(), variants: z.int(), passed: z.int(), createdAt: z.number() }))
  ),
  'optimize:variantComparison': query('One optimised-versus-base comparison', z.strictObject({ id }), VariantComparison),
  'optimize:delete': command(
    'Delete an imported study (the Optuna storage is not touched)',
    z.strictObject({ id }),
    z.object({ deleted: z.boolean() })
  )
} as const

export const optimizeEvents = {
  'optimize:changed': viewEvent(z.object({ studyId: z.int().nullable(), at: z.number() })),
  /** A study whose trials all ended (none RUNNING or WAITING) after an import; alert rules can notify on it. */
  'optimize:studyFinished': internalEvent(
    z.object({ studyId: z.int(), name: z.string(), trials: z.int(), best: z.number().nullable(), at: z.number() })
  ),
  /** An ensemble whose loss on the evaluation rows is lower than its champion's (the alerting engine's `ensemble` signal). */
  'optimize:ensembleBeatChampion': internalEvent(
    z.object({
      ensembleId: z.int(),
      name: z.string(),
      lossKey: z.string(),
      ensembleLoss: z.number(),
      championLoss: z.number(),
      champion: z.string(),
      pValue: z.number().nullable(),
      at: z.number()
    })
  )
} as const
