import { z } from 'zod'
import { command, query, viewEvent } from './define'
import { JobStarted } from './jobs'
import { Stage } from './models'
import { filePath } from './paths'
import { Correction, Decision, Engine, ExperimentStatus, Family, MetricKind, MetricRole } from './experimentsEnums'
import { PowerView, Results, ResultsInput, SrmView, Timeseries } from './experimentsResults'

/** Experiments: A/B tests of model versions and features, GrowthBook-exact assignment and a gbstats-compatible engine. */

const id = z.int().positive()
const name = z.string().trim().min(1, 'must not be empty').max(120)
const text = (max: number): z.ZodString => z.string().trim().max(max)
const key = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(60)
  .regex(/^[A-Za-z0-9][\w.-]*$/, 'letters, digits, _ . - (starting with a letter or digit)')
const absolutePath = filePath()
const probability = (lo: number, hi: number): z.ZodNumber => z.number().min(lo).max(hi)

export const VariationInput = z.strictObject({
  key,
  name: name,
  weight: z.number().min(0).max(1),
  /** The registry model version this arm serves (control = champion), if any. */
  modelVersionId: id.nullable().default(null)
})

export const MetricInput = z.strictObject({
  key,
  name,
  kind: MetricKind,
  /** Event name in the events file (proportion and mean metrics). */
  event: text(200).default(''),
  /** Ratio metrics: keys of two other metrics of this experiment. */
  numerator: z.string().max(60).default(''),
  denominator: z.string().max(60).default(''),
  /** Events count from first exposure until this many hours later; null: until the end of the data. */
  windowHours: z
    .number()
    .positive()
    .max(24 * 365)
    .nullable()
    .default(null),
  role: MetricRole.default('secondary'),
  higherIsBetter: z.boolean().default(true),
  /** Adjust by the same metric before exposure (CUPED). */
  cuped: z.boolean().default(false)
})
export type MetricInput = z.input<typeof MetricInput>
export type MetricDef = z.output<typeof MetricInput>

export const ExperimentInput = z.strictObject({
  name,
  hypothesis: text(4000).default(''),
  owner: text(120).default(''),
  variations: z.array(VariationInput).min(2, 'needs a control and at least one variation').max(10),
  coverage: probability(0, 1).default(1),
  /** The unit id column of the exposures file and what `experiments:assign` hashes (user id, session id …). */
  hashAttribute: key.default('user_id'),
  /** Hash seed; empty: the experiment's name (GrowthBook uses the experiment key). */
  seed: text(200).default(''),
  hashVersion: z.union([z.literal(1), z.literal(2)]).default(2),
  /** Feature-flag key, when the experiment tests a feature rather than model versions. */
  flagKey: text(200).default(''),
  metrics: z.array(MetricInput).max(50).default([]),
  /** Columns of the exposures file to break results down by. */
  dimensions: z.array(key).max(10).default([]),
  /** Minimum detectable effect, relative (0.02 = 2 %). */
  mde: probability(0.0001, 10).default(0.02),
  alpha: probability(0.001, 0.5).default(0.05),
  targetPower: probability(0.5, 0.999).default(0.8),
  engine: Engine.default('frequentist'),
  sequentialTuning: z.number().min(1).max(1e9).default(5000),
  priorProper: z.boolean().default(false),
  priorMean: z.number().min(-10).max(10).default(0),
  priorSd: z.number().positive().max(100).default(0.3),
  correction: Correction.default('none'),
  family: Family.default('all'),
  /** Days before first exposure whose events make the CUPED covariate (when no covariates file is given). */
  cupedLookbackDays: z.number().min(0).max(365).default(14)
})
export type ExperimentInput = z.input<typeof ExperimentInput>

const Variation = z.object({
  index: z.number(),
  key: z.string(),
  name: z.string(),
  weight: z.number(),
  modelVersionId: z.number().nullable()
})
const Metric = z.object({
  key: z.string(),
  name: z.string(),
  kind: MetricKind,
  event: z.string(),
  numerator: z.string(),
  denominator: z.string(),
  windowHours: z.number().nullable(),
  role: MetricRole,
  higherIsBetter: z.boolean(),
  cuped: z.boolean()
})

export const DecisionView = z.object({
  id: z.number(),
  decision: Decision,
  variation: z.number().nullable(),
  variationName: z.string().nullable(),
  reason: z.string(),
  decidedBy: z.string(),
  decidedAt: z.number(),
  /** The figures the decision was made on (engine, primary metric per variation). */
  snapshot: z.string()
})

export const ImportView = z.object({
  id: z.number(),
  kind: z.enum(['events', 'sums']),
  state: z.enum(['staging', 'ready', 'failed']),
  files: z.array(z.string()),
  createdAt: z.number(),
  readyAt: z.number().nullable(),
  /** Rows read, units, excluded units and why; see ExperimentImportReport. */
  report: z.record(z.string(), z.unknown()).nullable()
})

export const ExperimentSummary = z.object({
  id: z.number(),
  name: z.string(),
  owner: z.string(),
  status: ExperimentStatus,
  variations: z.number(),
  primaryMetric: z.string().nullable(),
  units: z.number(),
  srm: SrmView.nullable(),
  decision: Decision.nullable(),
  decisionVariation: z.string().nullable(),
  startedAt: z.number().nullable(),
  updatedAt: z.number()
})

export const ExperimentDetail = z.object({
  id: z.number(),
  name: z.string(),
  hypothesis: z.string(),
  owner: z.string(),
  status: ExperimentStatus,
  variations: z.array(Variation),
  coverage: z.number(),
  hashAttribute: z.string(),
  seed: z.string(),
  hashVersion: z.number(),
  flagKey: z.string(),
  metrics: z.array(Metric),
  dimensions: z.array(z.string()),
  mde: z.number(),
  alpha: z.number(),
  targetPower: z.number(),
  engine: Engine,
  sequentialTuning: z.number(),
  priorProper: z.boolean(),
  priorMean: z.number(),
  priorSd: z.number(),
  correction: Correction,
  family: Family,
  cupedLookbackDays: z.number(),
  startedAt: z.number().nullable(),
  stoppedAt: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  lastImport: ImportView.nullable(),
  decisions: z.array(DecisionView),
  promotion: z.string().nullable()
})
export type ExperimentDetail = z.infer<typeof ExperimentDetail>

export const ImportEventsInput = z.strictObject({
  id,
  /** CSV or Parquet: unit id (the hash attribute column), variation (key or index), timestamp, dimension columns. */
  exposures: absolutePath,
  /** CSV or Parquet: unit id, event, value, timestamp. */
  events: absolutePath,
  /** Optional CSV or Parquet: unit id, event, value — pre-period values for CUPED. */
  covariates: absolutePath.nullable().default(null)
})

/** What an import of exposure and event files read and left out (the job's result, kept with the import). */
export interface ExperimentImportReport {
  exposures: {
    file: string
    rows: number
    units: number
    multiExposed: number
    multiExposedExamples: string[]
    unknownVariation: number
    unknownVariationValues: string[]
    emptyIds: number
  }
  events: {
    file: string
    rows: number
    kept: number
    preExposure: number
    outsideWindow: number
    beforeExposure: number
    unknownUnit: number
    excludedUnit: number
    otherEvents: number
    otherEventNames: string[]
  }
  covariates: { file: string; rows: number; kept: number; unknownUnit: number } | null
  unitsPerVariation: number[]
  firstDay: string
  lastDay: string
  dimensions: { name: string; values: number; capped: boolean }[]
  metrics: MetricDef[]
  seconds: number
  rowsPerSecond: number
}

/** What an import of pre-aggregated sums read. */
export interface SumsReport {
  file: string
  rows: number
  metrics: string[]
  unknownMetrics: string[]
  dimensions: string[]
  unitsPerVariation: number[]
  metricsUsed: MetricDef[]
  seconds: number
}

export const experimentsChannels = {
  'experiments:list': query(
    'Experiments with status, SRM and decision, newest first',
    z.strictObject({ search: z.string().max(200).default('') }).optional(),
    z.array(ExperimentSummary)
  ),
  'experiments:get': query('One experiment with its configuration, last import and decisions', z.strictObject({ id }), ExperimentDetail),
  'experiments:create': command('Create an experiment (draft)', ExperimentInput, z.object({ id: z.number() })),
  'experiments:update': command(
    'Change an experiment; who gets which variation is locked while it runs',
    ExperimentInput.extend({ id }),
    z.object({ id: z.number() })
  ),
  'experiments:delete': command('Delete an experiment with its data', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'experiments:setStatus': command(
    'Start (running), stop (stopped) or reopen (draft) an experiment',
    z.strictObject({ id, status: z.enum(['draft', 'running', 'stopped']) }),
    z.object({ status: ExperimentStatus })
  ),
  'experiments:assign': query(
    'Variations for a batch of unit ids, bucket for bucket as the GrowthBook SDKs assign them',
    z.strictObject({ id, ids: z.array(z.string().max(400)).min(1, 'give at least one id').max(10_000) }),
    z.object({
      seed: z.string(),
      hashVersion: z.number(),
      ranges: z.array(z.tuple([z.number(), z.number()])),
      assignments: z.array(
        z.object({
          id: z.string(),
          variation: z.number(),
          key: z.string().nullable(),
          inExperiment: z.boolean(),
          hash: z.number().nullable()
        })
      )
    })
  ),
  'experiments:importEvents': command(
    'Import exposure and event files (CSV or Parquet, streamed on a worker) as a job; replaces the experiment’s data',
    ImportEventsInput,
    JobStarted
  ),
  'experiments:importSums': command(
    'Import pre-aggregated sums per metric, variation and dimension value (n, Σx, Σx², Σxy …) as a job',
    z.strictObject({ id, path: absolutePath }),
    JobStarted
  ),
  'experiments:results': query('Results per metric and variation (and dimension value) with the chosen engine', ResultsInput, Results),
  'experiments:timeseries': query(
    'Cumulative lift of one metric day by day',
    z.strictObject({
      id,
      metric: z.string().min(1).max(60),
      engine: Engine.optional(),
      difference: z.enum(['relative', 'absolute']).default('relative')
    }),
    Timeseries
  ),
  'experiments:power': query(
    'Sample size and duration for the MDE, and power mid-experiment',
    z.strictObject({ id, metric: z.string().max(60).optional(), unitsPerDay: z.number().positive().max(1e12).optional() }),
    PowerView
  ),
  'experiments:decide': command(
    'Record a decision (ship a variation, roll back, keep running) with who made it and why',
    z.strictObject({
      id,
      decision: Decision,
      variation: z.int().min(0).max(9).nullable().default(null),
      reason: z.string().trim().min(1, 'say why').max(4000),
      decidedBy: z.string().trim().min(1, 'say who decided').max(120)
    }),
    z.object({ status: ExperimentStatus, decisionId: z.number() })
  ),
  'experiments:promote': command(
    'Promote the decided variation’s model version in the registry: move an alias to it, or move it to a stage',
    z
      .strictObject({ id, alias: z.string().trim().min(1).max(60).optional(), stage: Stage.optional() })
      .refine((x) => Boolean(x.alias) !== Boolean(x.stage), { message: 'give either an alias or a stage', path: ['alias'] }),
    z.object({ versionId: z.number(), description: z.string() })
  ),
  'experiments:exportCsv': query(
    'Results as CSV (every metric, variation and dimension value)',
    ResultsInput.omit({ dimension: true }),
    z.object({ filename: z.string(), csv: z.string() })
  )
} as const

export const experimentsEvents = {
  'experiments:changed': viewEvent(z.object({ experimentId: z.number(), at: z.number() })),
  /** A problem the alerting engine turns into an alert: a sample-ratio mismatch, or a guardrail significantly worse. */
  'experiments:signal': viewEvent(
    z.object({
      experimentId: z.number(),
      experiment: z.string(),
      kind: z.enum(['srm', 'guardrail']),
      metric: z.string().nullable(),
      variation: z.string().nullable(),
      pValue: z.number().nullable(),
      summary: z.string(),
      at: z.number()
    })
  )
} as const

export * from './experimentsResults'
export * from './experimentsEnums'
