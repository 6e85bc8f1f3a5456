import { z } from 'zod'
import { command, query, viewEvent } from './define'
import { JobStarted } from './jobs'
import { filePath, httpUrl as httpUrl_ } from './paths'

/** MLOps: job definitions, triggers, runs with live logs, the retraining pipeline and its gate, sweeps, deployments. */
const id = z.int().positive()
const name = z.string().trim().min(1, 'must not be empty').max(120)
const httpUrl = httpUrl_()

export const PARAM_TYPES = ['string', 'number', 'path', 'choice'] as const
export const JobParam = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][\w]*$/, 'a parameter name is letters, digits and _ (not starting with a digit)'),
  type: z.enum(PARAM_TYPES).default('string'),
  default: z.string().max(4000).optional(),
  choices: z.array(z.string().max(200)).max(100).default([]),
  /** The training data: recorded as the version's lineage. */
  isData: z.boolean().default(false)
})
export type JobParam = z.infer<typeof JobParam>

export const GateRule = z.strictObject({
  metric: z.string().trim().min(1, 'must not be empty').max(200),
  /** The candidate must reach this value (≥, or ≤ when lower is better). */
  threshold: z.number().optional(),
  /** Better than the champion by more than this much (absolute). */
  minAbsoluteChange: z.number().min(0).optional(),
  /** Better than the champion by more than this fraction of the champion's value. */
  minRelativeChange: z.number().min(0).optional(),
  greaterIsBetter: z.boolean().default(true)
})
export type GateRule = z.infer<typeof GateRule>

export const Pipeline = z.strictObject({
  /** Register each successful run's output as a version of this model (created when missing). */
  modelName: z.string().trim().min(1, 'must not be empty').max(200),
  /** Offline evaluation on a holdout (the models area); without it the gate reads the run's own metrics. */
  evaluation: z
    .strictObject({
      holdoutPath: filePath(),
      labelColumn: z.string().trim().min(1, 'must not be empty').max(200),
      task: z.enum(['classification', 'regression']).default('classification'),
      /** File inside the version's artifact folder with its predictions on the holdout. */
      predictionsFile: z.string().trim().min(1).max(500).default('predictions.csv'),
      column: z.string().trim().max(200).optional(),
      scoreColumn: z.string().trim().max(200).optional(),
      positiveLabel: z.string().max(200).optional()
    })
    .optional(),
  gate: z.array(GateRule).max(20).default([]),
  /** On pass: the alias to move (champion or challenger) or a stage. */
  promoteTo: z.enum(['champion', 'challenger', 'Staging', 'Production', 'none']).default('champion')
})
export type Pipeline = z.infer<typeof Pipeline>

export const JobDefinitionInput = z.strictObject({
  id: id.optional(),
  name,
  /** e.g. `python3 train.py --lr {lr} --out {output_dir}`; each word is one argument, placeholders never reach a shell. */
  command: z.string().trim().min(1, 'must not be empty').max(4000),
  /** Run the command through /bin/sh (only when you need pipes or globbing). */
  useShell: z.boolean().default(false),
  params: z.array(JobParam).max(50).default([]),
  workingDir: filePath(),
  env: z.record(z.string().regex(/^[A-Za-z_]\w*$/, 'names are letters, digits and _'), z.string().max(4000)).default({}),
  /** Sealed at rest, never sent back: the list answers only their names. Omit a name to keep its stored value. */
  secretEnv: z.record(z.string().regex(/^[A-Za-z_]\w*$/, 'names are letters, digits and _'), z.string().max(4000)).default({}),
  /** Secret names to forget. */
  dropSecrets: z.array(z.string().max(200)).max(50).default([]),
  timeoutSec: z
    .int()
    .min(1)
    .max(7 * 86400)
    .default(3600),
  retries: z.int().min(1, 'at least 1 try').max(20).default(3),
  backoffSec: z.int().min(0).max(86400).default(120),
  concurrency: z.int().min(1).max(32).default(1),
  output: z.enum(['mlflow', 'metrics']).default('mlflow'),
  /** For `metrics`: the artifact inside the output folder (the job writes metrics.json beside it). */
  artifactPath: z.string().trim().max(500).default('model'),
  pipeline: Pipeline.optional()
})
export type JobDefinitionInput = z.input<typeof JobDefinitionInput>

export const JobDefinition = z.object({
  id: z.number(),
  name: z.string(),
  command: z.string(),
  useShell: z.boolean(),
  params: z.array(JobParam),
  workingDir: z.string(),
  env: z.record(z.string(), z.string()),
  secretNames: z.array(z.string()),
  timeoutSec: z.number(),
  retries: z.number(),
  backoffSec: z.number(),
  concurrency: z.number(),
  output: z.enum(['mlflow', 'metrics']),
  artifactPath: z.string(),
  pipeline: Pipeline.nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  lastRun: z.object({ id: z.number(), state: z.string(), startedAt: z.number().nullable() }).nullable()
})
export type JobDefinition = z.infer<typeof JobDefinition>

export const TRIGGER_KINDS = ['cron', 'drift', 'file', 'job'] as const
export const TriggerInput = z.strictObject({
  id: id.optional(),
  jobId: id,
  kind: z.enum(TRIGGER_KINDS),
  /** cron: five fields, minute hour day month weekday, in UTC. */
  cron: z.string().trim().max(200).optional(),
  /** drift: a drift check id (none: any check that drifted). */
  driftCheckId: id.optional(),
  /** file: a file or folder whose change starts a run. */
  watchPath: filePath().optional(),
  /** job: another job definition whose finishing starts this one. */
  afterJobId: id.optional(),
  afterOutcome: z.enum(['succeeded', 'any']).default('succeeded'),
  params: z.record(z.string(), z.string().max(4000)).default({}),
  enabled: z.boolean().default(true)
})
export type TriggerInput = z.input<typeof TriggerInput>

export const Trigger = z.object({
  id: z.number(),
  jobId: z.number(),
  kind: z.enum(TRIGGER_KINDS),
  cron: z.string().nullable(),
  driftCheckId: z.number().nullable(),
  watchPath: z.string().nullable(),
  afterJobId: z.number().nullable(),
  afterOutcome: z.enum(['succeeded', 'any']),
  params: z.record(z.string(), z.string()),
  enabled: z.boolean(),
  lastFiredAt: z.number().nullable(),
  nextAt: z.number().nullable(),
  description: z.string()
})
export type Trigger = z.infer<typeof Trigger>

export const RUN_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const
export const MlopsRunState = z.enum(RUN_STATES)

export const GateCheck = z.object({
  metric: z.string(),
  candidate: z.number().nullable(),
  champion: z.number().nullable(),
  rule: z.string(),
  passed: z.boolean(),
  reason: z.string()
})
export type GateCheck = z.infer<typeof GateCheck>

export const GateResult = z.object({
  passed: z.boolean(),
  championVersionId: z.number().nullable(),
  evaluationId: z.number().nullable(),
  checks: z.array(GateCheck),
  summary: z.string(),
  promoted: z.string().nullable()
})
export type GateResult = z.infer<typeof GateResult>

export const MlopsRun = z.object({
  id: z.number(),
  jobId: z.number(),
  jobName: z.string(),
  state: MlopsRunState,
  reason: z.string(),
  trigger: z.enum(['manual', 'retry', 'sweep', ...TRIGGER_KINDS]),
  params: z.record(z.string(), z.string()),
  attempt: z.number(),
  exitCode: z.number().nullable(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  cpuMs: z.number().nullable(),
  maxRssBytes: z.number().nullable(),
  logBytes: z.number(),
  versionId: z.number().nullable(),
  versionLabel: z.string().nullable(),
  parentVersionId: z.number().nullable(),
  sweepId: z.number().nullable(),
  metrics: z.record(z.string(), z.number()),
  gate: GateResult.nullable(),
  error: z.string().nullable(),
  jobUuid: z.string().nullable()
})
export type MlopsRun = z.infer<typeof MlopsRun>

export const MlopsRunDetail = MlopsRun.extend({
  samples: z.array(z.object({ at: z.number(), cpuPercent: z.number(), rssBytes: z.number() })),
  codeVersion: z.string().nullable(),
  dataPath: z.string().nullable(),
  outputDir: z.string().nullable()
})
export type MlopsRunDetail = z.infer<typeof MlopsRunDetail>

export const LogChunk = z.object({
  runId: z.number(),
  /** Lines of the log (the last `limit` lines, or those matching `search`). */
  lines: z.array(z.object({ n: z.number(), stream: z.enum(['out', 'err', 'sys']), text: z.string() })),
  totalBytes: z.number(),
  totalLines: z.number(),
  truncated: z.boolean()
})
export type LogChunk = z.infer<typeof LogChunk>

export const StartRunInput = z.strictObject({
  jobId: id,
  params: z.record(z.string(), z.string().max(4000)).default({}),
  /** Fine-tune: start from this version's artifact (`{parent_artifact}`), recorded as its parent. */
  parentVersionId: id.optional(),
  reason: z.string().trim().max(500).optional()
})

export const SweepInput = z.strictObject({
  jobId: id,
  mode: z.enum(['grid', 'random']).default('grid'),
  /** grid: each parameter's values; random: values to draw from. */
  space: z.record(z.string(), z.array(z.string().max(200)).min(1, 'give at least one value').max(100)),
  samples: z.int().min(1).max(500).default(10),
  seed: z
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(42),
  parallelism: z.int().min(1).max(16).default(2),
  params: z.record(z.string(), z.string().max(4000)).default({})
})

export const Sweep = z.object({
  id: z.number(),
  jobId: z.number(),
  mode: z.enum(['grid', 'random']),
  parallelism: z.number(),
  createdAt: z.number(),
  runs: z.array(MlopsRun)
})
export type Sweep = z.infer<typeof Sweep>

export const TargetInput = z.strictObject({
  id: id.optional(),
  name,
  modelName: z.string().trim().min(1, 'must not be empty').max(200),
  /** Follow this alias (champion …) or stage (Production …). */
  follow: z.string().trim().min(1).max(100).default('champion'),
  kind: z.enum(['endpoint', 'folder']),
  /** endpoint: the reload hook (POST) */
  reloadUrl: httpUrl.optional(),
  /** endpoint: health address (GET, 2xx) checked after each push. */
  healthUrl: httpUrl.optional(),
  /** A health-area check on the endpoint: its next result after a push must be up, and a down result in the window rolls back. */
  healthCheckId: id.optional(),
  /** Signs the reload (HMAC-SHA256); sealed at rest, never sent back. Omit to keep the stored one. */
  secret: z.string().min(8, 'at least 8 characters').max(500).optional(),
  folder: filePath({ access: 'write' }).optional(),
  canaryWeight: z.int().min(1).max(100).optional(),
  smokeUrl: httpUrl.optional(),
  smokeBody: z.string().max(100_000).optional(),
  /** The smoke answer must contain this text. */
  smokeExpect: z.string().max(10_000).optional(),
  /** After a good verification, watch the target this long; a failure in it rolls back. */
  windowSec: z.int().min(0).max(86400).default(60)
})
export type TargetInput = z.input<typeof TargetInput>

export const DeployTarget = z.object({
  id: z.number(),
  name: z.string(),
  modelName: z.string(),
  follow: z.string(),
  kind: z.enum(['endpoint', 'folder']),
  reloadUrl: z.string().nullable(),
  healthUrl: z.string().nullable(),
  healthCheckId: z.number().nullable(),
  hasSecret: z.boolean(),
  folder: z.string().nullable(),
  canaryWeight: z.number().nullable(),
  smokeUrl: z.string().nullable(),
  smokeBody: z.string().nullable(),
  smokeExpect: z.string().nullable(),
  windowSec: z.number(),
  deployedVersionId: z.number().nullable(),
  deployedLabel: z.string().nullable()
})
export type DeployTarget = z.infer<typeof DeployTarget>

export const Deployment = z.object({
  id: z.number(),
  targetId: z.number(),
  targetName: z.string(),
  action: z.enum(['push', 'verify', 'rollback']),
  versionId: z.number(),
  versionLabel: z.string(),
  previousVersionId: z.number().nullable(),
  ok: z.boolean(),
  detail: z.string(),
  at: z.number()
})
export type Deployment = z.infer<typeof Deployment>

export const LineageNode = z.object({
  versionId: z.number(),
  label: z.string(),
  parentVersionId: z.number().nullable(),
  aliases: z.array(z.string()),
  stage: z.string(),
  runId: z.number().nullable(),
  kind: z.enum(['retrain', 'fine-tune', 'registered']),
  dataPath: z.string().nullable(),
  codeVersion: z.string().nullable()
})
export type LineageNode = z.infer<typeof LineageNode>

export const mlopsChannels = {
  'mlops:jobs': query('Job definitions with their last run', z.strictObject({}).optional(), z.array(JobDefinition)),
  'mlops:job': query('One job definition', z.strictObject({ id }), JobDefinition),
  'mlops:saveJob': command(
    'Define or change a job (needs --allow-jobs when served with --allow-remote)',
    JobDefinitionInput,
    JobDefinition
  ),
  'mlops:deleteJob': command('Delete a job definition, its triggers and runs', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'mlops:importMlproject': command(
    'Define a job from an MLproject file (its first entry point, or the one named)',
    z.strictObject({ path: filePath(), entryPoint: z.string().trim().max(200).optional(), name: name.optional() }),
    JobDefinition
  ),
  'mlops:triggers': query('Triggers of a job (or all)', z.strictObject({ jobId: id.optional() }).optional(), z.array(Trigger)),
  'mlops:saveTrigger': command('Add or change a trigger', TriggerInput, Trigger),
  'mlops:deleteTrigger': command('Remove a trigger', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'mlops:startRun': command(
    'Start a run of a job by hand (a job on the Jobs page)',
    StartRunInput,
    JobStarted.extend({ runId: z.number() })
  ),
  'mlops:retryRun': command(
    'Run again with the same parameters (e.g. an interrupted run)',
    z.strictObject({ id }),
    JobStarted.extend({ runId: z.number() })
  ),
  'mlops:cancelRun': command(
    'Cancel a run: SIGTERM, then SIGKILL after the grace period',
    z.strictObject({ id }),
    z.object({ cancelled: z.boolean() })
  ),
  'mlops:runs': query(
    'Runs, newest first',
    z.strictObject({ jobId: id.optional(), limit: z.int().min(1).max(1000).default(100) }).optional(),
    z.array(MlopsRun)
  ),
  'mlops:run': query('One run with its resource samples', z.strictObject({ id }), MlopsRunDetail),
  'mlops:log': query(
    'A run’s log: the last lines, or the lines matching a search',
    z.strictObject({ id, search: z.string().max(200).default(''), limit: z.int().min(1).max(20_000).default(2000) }),
    LogChunk
  ),
  'mlops:startSweep': command('Run a job over a parameter grid or random sample with bounded parallelism', SweepInput, Sweep),
  'mlops:sweeps': query('Sweeps with their runs', z.strictObject({ jobId: id.optional() }).optional(), z.array(Sweep)),
  'mlops:targets': query('Deployment targets', z.strictObject({}).optional(), z.array(DeployTarget)),
  'mlops:saveTarget': command('Add or change a deployment target', TargetInput, DeployTarget),
  'mlops:deleteTarget': command('Remove a deployment target', z.strictObject({ id }), z.object({ deleted: z.boolean() })),
  'mlops:deployNow': command(
    'Push the version the target follows now, verify it, roll back on failure',
    z.strictObject({ id }),
    z.array(Deployment)
  ),
  'mlops:deployments': query(
    'Deployment history: pushes, verifications and rollbacks, newest first',
    z.strictObject({ targetId: id.optional(), limit: z.int().min(1).max(1000).default(200) }).optional(),
    z.array(Deployment)
  ),
  'mlops:lineage': query(
    'A model’s versions as a lineage graph: parents, retrains, fine-tunes',
    z.strictObject({ modelName: z.string().trim().min(1).max(200) }),
    z.array(LineageNode)
  ),
  'mlops:settings': query('Log retention', z.strictObject({}).optional(), z.object({ logRetentionDays: z.number() })),
  'mlops:saveSettings': command(
    'Change log retention',
    z.strictObject({ logRetentionDays: z.int().min(1).max(3650) }),
    z.object({ logRetentionDays: z.number() })
  )
} as const

/** Channels that define or change what a job runs: refused when served with --allow-remote unless --allow-jobs is given. */
export const JOB_DEFINING_CHANNELS: readonly string[] = ['mlops:saveJob', 'mlops:importMlproject']

export const mlopsEvents = {
  'mlops:changed': viewEvent(
    z.object({ kind: z.enum(['job', 'trigger', 'run', 'target', 'deployment', 'sweep']), id: z.number().nullable() })
  ),
  /** New log output of a run (throttled per run). */
  'mlops:log': viewEvent(z.object({ runId: z.number(), bytes: z.number() })),
  /** A gate refused a version, or a deployment rolled back (alerts may turn it into a notification). */
  'mlops:notice': viewEvent(z.object({ title: z.string(), body: z.string(), route: z.string() }))
} as const
