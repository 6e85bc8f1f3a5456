/**
 * What other areas may do with the registry: read a version and its artifact (explain), move an alias to it or move it
 * to a stage (experiments' "promote"), register a new version (optimisation's tuned trials), record its training data (the
 * feature store's training sets). Consumers that only read take the narrower `ModelsReader`.
 */
import type { Stage } from '../../../shared/contract/models'

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

declare module '../../core/ports' {
  interface Ports {
    models: ModelRegistryPort
  }
}
