/** Discovery's settings: the folders last searched (the page fills them in again). */
import { z } from 'zod'
import type { SettingsDef } from '../../core/settings'

const DiscoverySettings = z.object({ folders: z.array(z.string()).max(20).default([]) })

export const discoverySettings: SettingsDef<typeof DiscoverySettings> = {
  key: 'discovery',
  schema: DiscoverySettings,
  defaults: { folders: [] }
}
