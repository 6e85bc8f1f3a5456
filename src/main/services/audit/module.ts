import { z } from 'zod'
import { auditChannels } from '../../../shared/contract/audit'
import { defineModule } from '../../core/module'
import type { SettingsDef } from '../../core/settings'
import { AuditService } from './service'

const AuditSettings = z.object({ retentionDays: z.int().min(1).max(3650), maxRows: z.int().min(1000).max(10_000_000) })
export const auditSettings: SettingsDef<typeof AuditSettings> = {
  key: 'audit',
  schema: AuditSettings,
  defaults: { retentionDays: 90, maxRows: 200_000 }
}

/** The audit log: every command call (who, what, when, outcome, before/after), recorded at the dispatch layer. */
export const auditModule = defineModule({
  id: 'audit',
  channels: auditChannels,
  emits: ['audit:recorded'],
  settings: auditSettings,
  create: ({ db, clock, bus, logger, settings }) =>
    new AuditService({ db, clock, bus, logger, limits: () => settings.read(auditSettings) }),
  handlers: (a) => ({
    'audit:search': (input) => a.search(input)
  }),
  start: (a) => void a.trim()
})
