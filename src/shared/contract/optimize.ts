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
  )
} as const
