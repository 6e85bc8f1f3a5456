/**
 * What other areas may do with the registry: read a version and its artifact (explain), move an alias to it or move it
 * to a stage (experiments' "promote"), register a new version (optimisation's tuned trials), record its training data (the
 * feature store's training sets). Consumers that only read take the narrower `ModelsReader`.
 */
import type { QueryOf } from '../../core/ports'
import type { z } from 'zod'
import type { EvaluationInput, EvaluationResult, Stage } from '../../../shared/contract/models'
import type { Aligned } from './eval/align'
import type { EvalHooks, EvalOutput, EvalSpec } from './eval/evaluate'

export type { Aligned, EvalHooks, EvalOutput, EvalSpec }

export interface ModelVersionRef {
  id: number
  modelId: number
  modelName: string
  version: number
  stage: Stage
  aliases: string[]
}

export interface VersionArtifact {
  versionId: number
  modelId: number
  modelName: string
  version: number
  /** "churn v3" */
  label: string
  stage: string
  /** Local file or folder of the model, when the version has one. */
  artifactPath: string | null
  artifactSha256: string | null
}

export interface ModelRegistryPort {
  /** A version, or undefined when there is none with this id. */
  version(id: number): ModelVersionRef | undefined
  /** The version and its artifact; undefined when there is no such version. */
  versionArtifact(versionId: number): VersionArtifact | undefined
  /** Points `alias` of the version's model at it (moving it from another version). */
  setAlias(versionId: number, alias: string): ModelVersionRef
  /** Moves the version to a stage, archiving the model's other versions in that stage; recorded as a transition. */
  moveToStage(versionId: number, stage: Stage, comment: string): ModelVersionRef
  /** Adds a version to the model named `modelName` (registering the model first if there is none), in one transaction. */
  registerVersion(input: { modelName: string; description: string; notes: string; tags: Record<string, string> }): ModelVersionRef
  /** Sets the version's training data: its dataset text and the feature_store.* tags; publishes models:changed. */
  setTrainingData(versionId: number, link: TrainingDataLink): ModelVersionRef
}

/** A version to register from a training run (mlops): an MLflow run folder to import, or a plain artifact. */
export interface RegisterVersionInput {
  /** Created when the registry has no model of this name. */
  modelName: string
  /** An MLflow file store to import first; the version is made from its run `runUuid`. */
  mlrunsRoot?: string
  runUuid?: string
  artifactPath?: string
  parentVersionId?: number
  dataset?: string
  description: string
  tags: Record<string, string>
}

export interface LineageVersion extends ModelVersionRef {
  parentVersionId: number | null
  runId: number | null
  dataset: string | null
  tags: Record<string, string>
  createdAt: number
}

/** What mlops needs of the registry: register a trained version, evaluate it, find an alias's holder, walk lineage. */
export interface ModelTrainingPort {
  registerVersion(input: RegisterVersionInput): Promise<ModelVersionRef>
  /** Offline evaluation on a holdout, stored in the models area (runs as its job). */
  evaluate(input: z.input<typeof EvaluationInput>): Promise<EvaluationResult>
  /** The version holding an alias (`champion`) or, for a stage name, the newest version in that stage. */
  holderOf(modelName: string, aliasOrStage: string): ModelVersionRef | undefined
  /** Every version of the model with its parent, oldest first; empty when there is no such model. */
  lineage(modelName: string): LineageVersion[]
}

export type ModelsReader = Pick<ModelRegistryPort, 'versionArtifact'>

/** A feature store training set as a version's training data (lineage on the version page). */
export interface TrainingDataLink {
  trainingSetId: number
  name: string
  rows: number
  /** Exact view versions, e.g. `driver_stats@v2`. */
  views: string[]
  path: string
}

/** Version tags that carry the link (MLflow-style system tags). */
export const TRAINING_SET_TAGS = {
  id: 'feature_store.training_set_id',
  name: 'feature_store.training_set',
  views: 'feature_store.views'
} as const
/** The offline evaluation for other areas (optimisation's ensembles): read a holdout's predictions, evaluate files. */
export interface ModelsEvalPort {
  /** The holdout's labels and each version's predictions lined up with its rows (checked as models:evaluate checks them). */
  align(spec: EvalSpec, hooks: EvalHooks): Promise<Aligned>
  /** Metrics with bootstrap intervals and paired tests, as models:evaluate computes them (nothing is stored). */
  evaluate(spec: EvalSpec, hooks: EvalHooks): Promise<EvalOutput>
}

declare module '../../core/ports' {
  interface Ports {
    modelsEval: ModelsEvalPort
    models: ModelRegistryPort
    modelTraining: ModelTrainingPort
  }
}

/** Registry tables as `models:list` and `models:table` answer them (dashboards' model metric panels). */
export interface ModelsTables {
  list: QueryOf<'models:list'>
  table: QueryOf<'models:table'>
}

declare module '../../core/ports' {
  interface Ports {
    modelsTables: ModelsTables
  }
}
