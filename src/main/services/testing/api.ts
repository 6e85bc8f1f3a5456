/** What other areas may do with deploy markers: record one as the deploys hook does (extensions with `deploys:write`). */
import type { z } from 'zod'
import type { DeployHookInput } from '../../../shared/contract/testing'

export interface DeployMarkerWriter {
  fromHook(input: z.output<typeof DeployHookInput>): { id: number; serviceId: number; verificationRunId: number | null }
}

declare module '../../core/ports' {
  interface Ports {
    deployMarkers: DeployMarkerWriter
  }
}
