/** What other areas may do with the registry: read a version, move an alias to it, move it to a stage (experiments' "promote"). */
import type { Stage } from '../../../shared/contract/models'

export interface ModelVersionRef {
  id: number
  modelId: number
  modelName: string
  version: number
  stage: Stage
  aliases: string[]
}

export interface ModelRegistryPort {
  /** A version, or undefined when there is none with this id. */
  version(id: number): ModelVersionRef | undefined
  /** Points `alias` of the version's model at it (moving it from another version). */
  setAlias(versionId: number, alias: string): ModelVersionRef
  /** Moves the version to a stage, archiving the model's other versions in that stage; recorded as a transition. */
  moveToStage(versionId: number, stage: Stage, comment: string): ModelVersionRef
}

declare module '../../core/ports' {
  interface Ports {
    models: ModelRegistryPort
  }
}
