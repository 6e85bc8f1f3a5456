/** What other areas may know of the registry: a version's identity and where its model artifact is (explain uses it). */

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

export interface ModelsReader {
  /** The version and its artifact; undefined when there is no such version. */
  versionArtifact(versionId: number): VersionArtifact | undefined
}

declare module '../../core/ports' {
  interface Ports {
    models: ModelsReader
  }
}
