/**
 * Before and after: for the main configuration objects, a command channel maps to the object it changes and a read of
 * that object through the area's own query channel (never its tables). The audit log reads it before the handler runs
 * and after it returns; commands not listed here record their input and result only (docs/audit.md).
 */
import type { ChannelName, ChannelOutput, ParsedInput } from '../../../shared/contract'

/** Calls a query channel's handler (the same handlers the transports dispatch to). */
export type QueryCall = <C extends ChannelName>(channel: C, input: ParsedInput<C>) => Promise<ChannelOutput<C>>

type Key = string | number
export interface ObjectRead {
  /** The object's key from the input (before) or from the input and the answer (after); undefined: no object yet. */
  key(input: any, result?: any): Key | undefined
  read(call: QueryCall, key: Key): Promise<unknown>
  /** A short label for the object, from its state. */
  label?(state: any, key: Key): string
}

const idOf = (input: any, result?: any): Key | undefined => input?.id ?? result?.id
const named = (noun: string) => (s: any, k: Key) => `${noun} ${k}${s?.name ? `: ${s.name}` : s?.title ? `: ${s.title}` : ''}`
const one = (noun: string, read: (call: QueryCall, key: any) => Promise<unknown>, key = idOf): ObjectRead => ({
  key,
  read,
  label: named(noun)
})
const inList =
  <C extends ChannelName>(list: C, input: ParsedInput<C>) =>
  async (call: QueryCall, key: Key): Promise<unknown> =>
    ((await call(list, input)) as unknown as { id: Key }[]).find((x) => x.id === key) ?? null
/** A whole settings object: the key is constant. */
const settings = (noun: string, read: (call: QueryCall) => Promise<unknown>): ObjectRead => ({ key: () => noun, read, label: () => noun })

/** A check lives inside its service: find the service that holds it. */
async function readCheck(call: QueryCall, id: Key): Promise<unknown> {
  for (const s of await call('health:overview', undefined)) {
    const check = (await call('services:get', { id: s.id })).checks.find((c) => c.id === id)
    if (check) return check
  }
  return null
}

const service = one('service', (call, id) => call('services:get', { id }))
const check = one('check', readCheck)
const maintenance = one('maintenance window', inList('maintenance:list', undefined))
const statusPage = one('status page', inList('statusPages:list', undefined))
const rule = one('alert rule', inList('alerts:rules', undefined))
const destination = one('notification destination', inList('alerts:channels', undefined))
const silence = one('silence', inList('alerts:silences', { includeExpired: true }))
const alert = one('alert', async (call, id) => {
  const { timeline: _t, deliveries: _d, notes: _n, runbook: _r, ...view } = await call('alerts:get', { id })
  return view
})
const dashboard = one(
  'dashboard',
  (call, uid) => call('dashboards:get', { uid }),
  (i, r) => i?.uid ?? r?.uid
)
const budget = one('budget', inList('costs:budgets', undefined))
const logSource = one('log source', inList('logs:sources', undefined))
const metricSource = one('metrics source', inList('metrics:sources', undefined))
const metricRule = one('metrics rule', inList('metrics:rules', undefined))
const mlopsJob = one('MLOps job', inList('mlops:jobs', undefined))
const deployTarget = one('deployment target', inList('mlops:targets', undefined))
const featureView = one(
  'feature view',
  (call, name) => call('features:view', { name }),
  (i, r) => i?.name ?? r?.name
)
const extension = one(
  'extension',
  async (call, id) => {
    const { logs: _logs, ...info } = (await call('extensions:get', { id, logLimit: 1 })) as any
    return info
  },
  (i, r) => i?.id ?? r?.id
)

export const BEFORE_AFTER: Partial<Record<ChannelName, ObjectRead>> = {
  'workspace:rename': settings('workspace', async (call) => ({ name: (await call('workspace:info', undefined)).name })),
  'system:setResourceLimits': settings('resource limits', async (call) => (await call('system:resources', { hours: 1 })).limits),
  'services:create': service,
  'services:update': service,
  'services:replace': service,
  'services:delete': service,
  'checks:create': check,
  'checks:update': check,
  'checks:delete': check,
  'checks:pause': check,
  'checks:resume': check,
  'maintenance:create': maintenance,
  'maintenance:update': maintenance,
  'maintenance:delete': maintenance,
  'health:setSettings': settings('health settings', (call) => call('health:getSettings', undefined)),
  'statusPages:save': statusPage,
  'statusPages:delete': statusPage,
  'alerts:setSettings': settings('alerting settings', (call) => call('alerts:settings', undefined)),
  'alerts:acknowledge': alert,
  'alerts:createRule': rule,
  'alerts:updateRule': rule,
  'alerts:deleteRule': rule,
  'alerts:createSilence': silence,
  'alerts:expireSilence': silence,
  'alerts:createChannel': destination,
  'alerts:updateChannel': destination,
  'alerts:deleteChannel': destination,
  'dashboards:save': dashboard,
  'dashboards:delete': dashboard,
  'dashboards:restore': dashboard,
  'dashboards:import': dashboard,
  'costs:budgetCreate': budget,
  'costs:budgetUpdate': budget,
  'costs:budgetDelete': budget,
  'costs:setSettings': settings('cost settings', (call) => call('costs:settings', undefined)),
  'logs:createSource': logSource,
  'logs:updateSource': logSource,
  'logs:deleteSource': logSource,
  'metrics:saveSource': metricSource,
  'metrics:deleteSource': metricSource,
  'metrics:saveRule': metricRule,
  'metrics:deleteRule': metricRule,
  'mlops:saveJob': mlopsJob,
  'mlops:deleteJob': mlopsJob,
  'mlops:saveTarget': deployTarget,
  'mlops:deleteTarget': deployTarget,
  'mlops:saveSettings': settings('MLOps settings', (call) => call('mlops:settings', undefined)),
  'features:saveView': featureView,
  'features:deleteView': featureView,
  'extensions:install': extension,
  'extensions:enable': extension,
  'extensions:disable': extension,
  'extensions:uninstall': extension,
  'extensions:setSettings': settings('extension settings', (call) => call('extensions:getSettings', undefined))
}
