import { z } from 'zod'
import { command, query, viewEvent } from './define'
import { JobStarted } from './jobs'
import { filePath } from './paths'

/** The tools tool discovery looks for. */
export const TOOL_IDS = ['kubectl', 'docker', 'podman', 'mlflow', 'prometheus', 'git', 'aws', 'gcloud', 'azure'] as const
export const ToolId = z.enum(TOOL_IDS)
export type ToolId = z.infer<typeof ToolId>

/**
 * What the console offers for a finding: a contract call the user can make from the page (an import, a metrics source,
 * an MLOps job), a hint that leads to a page, or plainly nothing yet.
 */
export const ToolOffer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('models:importMlruns'), label: z.string(), input: z.object({ path: z.string() }) }),
  z.object({ kind: z.literal('models:importMlflowDb'), label: z.string(), input: z.object({ path: z.string() }) }),
  z.object({ kind: z.literal('metrics:saveSource'), label: z.string(), input: z.object({ name: z.string(), url: z.string() }) }),
  z.object({ kind: z.literal('mlops:importMlproject'), label: z.string(), input: z.object({ path: z.string() }) }),
  z.object({ kind: z.literal('hint'), label: z.string(), text: z.string(), route: z.string().nullable() }),
  z.object({ kind: z.literal('none'), label: z.string(), text: z.string() })
])
export type ToolOffer = z.infer<typeof ToolOffer>

export const ToolItem = z.object({
  /** A context, a profile, a store or repository folder. */
  name: z.string(),
  path: z.string().nullable(),
  detail: z.string(),
  offer: ToolOffer.nullable()
})
export type ToolItem = z.infer<typeof ToolItem>

export const ToolFinding = z.object({
  tool: ToolId,
  label: z.string(),
  /** found: the tool (or its configuration) is here; absent: not found; timeout / error: the probe did not finish. */
  state: z.enum(['found', 'absent', 'timeout', 'error']),
  /** The executable found on PATH. */
  binary: z.string().nullable(),
  version: z.string().nullable(),
  /** One line for people: "2 contexts, current: prod", "the daemon answers on /var/run/docker.sock". */
  detail: z.string(),
  items: z.array(ToolItem),
  offer: ToolOffer.nullable(),
  /** How long the probe took, ms. */
  ms: z.number()
})
export type ToolFinding = z.infer<typeof ToolFinding>

export const DiscoveryResults = z.object({
  /** When the last scan finished (null: never scanned). */
  scannedAt: z.number().nullable(),
  /** The folders searched for MLflow stores and git repositories with an MLproject. */
  folders: z.array(z.string()),
  findings: z.array(ToolFinding)
})
export type DiscoveryResults = z.infer<typeof DiscoveryResults>

export const discoveryChannels = {
  'discovery:scan': command(
    'Look for tools on this machine (kubectl, docker, podman, mlflow, prometheus, git + MLproject, cloud CLI profiles), read-only, as a job',
    z.strictObject({ folders: z.array(filePath()).max(20, 'at most 20 folders').default([]) }),
    JobStarted
  ),
  'discovery:results': query(
    'The last scan: each tool with what was found and what the console offers',
    z.strictObject({}).optional(),
    DiscoveryResults
  )
} as const

export const discoveryEvents = {
  'discovery:changed': viewEvent(z.object({ at: z.number() }))
} as const
