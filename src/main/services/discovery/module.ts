import { discoveryChannels } from '../../../shared/contract/discovery'
import { defineModule } from '../../core/module'
import { DiscoveryService, type ProbeOptions } from './service'
import { discoverySettings } from './settings'

/** Tool discovery: tools on this machine the console can work with (shown under Extensions → Tools on this machine). */
export const discoveryModule = defineModule({
  id: 'discovery',
  channels: discoveryChannels,
  emits: ['discovery:changed', 'job:progress'],
  settings: discoverySettings,
  create: ({ clock, bus, jobs, settings, testHooks }) =>
    new DiscoveryService({
      clock,
      bus,
      jobs,
      settings,
      ...(testHooks['discoveryProbe'] ? { probe: testHooks['discoveryProbe'] as Partial<ProbeOptions> } : {})
    }),
  handlers: (d) => ({
    'discovery:scan': ({ folders }) => d.startScan(folders),
    'discovery:results': () => d.results()
  })
})
