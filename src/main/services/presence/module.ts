import { presenceChannels } from '../../../shared/contract/presence'
import { defineModule } from '../../core/module'
import { PresenceService } from './service'

/** Presence: who is looking at what, from heartbeats of every open view (top bar avatars, "also here" on a page). */
export const presenceModule = defineModule({
  id: 'presence',
  channels: presenceChannels,
  emits: ['presence:changed'],
  create: ({ clock, bus, testHooks }) =>
    new PresenceService({ clock, bus, ...(typeof testHooks.presenceTtlMs === 'number' ? { ttlMs: testHooks.presenceTtlMs } : {}) }),
  handlers: (p) => ({
    'presence:heartbeat': (input, meta) => p.heartbeat(meta.caller, input),
    'presence:list': (_input, meta) => p.list(meta.caller)
  }),
  // the sweep is cheap and in memory: it runs in every mode, so views expire in tests over real serve mode too
  start: (p) => p.start(),
  stop: (p) => p.stop()
})
