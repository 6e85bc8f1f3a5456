/**
 * What other areas may do with the registry: read a version and its artifact (explain), move an alias to it or move it
 * to a stage (experiments' "promote"), register a new version (optimisation's tuned trials). Consumers that only read take the narrower `ModelsReader`.
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
}

export type ModelsReader = Pick<ModelRegistryPort, 'versionArtifact'>

declare module '../../core/ports' {
  interface Ports {
    models: ModelRegistryPort
  }
}
