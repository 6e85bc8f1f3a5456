import { alertsChannels } from '../../../shared/contract/alerts'
import { defineModule } from '../../core/module'
import { matching } from '../../core/palette'
import { AlertService } from './service'

/** Alerting: rules over health results and other areas' signals, alerts, silences and notification destinations. */
export const alertsModule = defineModule({
  id: 'alerts',
  channels: alertsChannels,
  emits: ['alerts:changed', 'alerts:config', 'notify:desktop'],
  create: ({ db, clock, bus, logger, secrets, ports }) =>
    new AlertService({ db, clock, bus, logger, secrets, health: ports.get('health'), logs: ports.get('logs') }),
  handlers: (alerts) => ({
    'alerts:list': (f) => alerts.list(f),
    'alerts:get': ({ id }) => alerts.get(id),
    'alerts:acknowledge': ({ id, by }) => alerts.acknowledge(id, by),
    'alerts:snooze': ({ id, minutes }) => alerts.snooze(id, minutes),
    'alerts:rules': (input) => alerts.rules(input?.serviceId),
    'alerts:createRule': (rule) => alerts.createRule(rule),
    'alerts:updateRule': ({ id, ...rule }) => alerts.updateRule(id, rule),
    'alerts:deleteRule': ({ id }) => alerts.deleteRule(id),
    'alerts:backtest': ({ rule, days }) => alerts.backtest(rule, days),
    'alerts:silences': (input) => alerts.silences(input?.includeExpired ?? false),
    'alerts:createSilence': (s) => alerts.createSilence(s),
    'alerts:expireSilence': ({ id }) => alerts.expireSilence(id),
    'alerts:channels': () => alerts.channels(),
    'alerts:createChannel': (c) => alerts.createChannel(c),
    'alerts:updateChannel': ({ id, ...c }) => alerts.updateChannel(id, c),
    'alerts:deleteChannel': ({ id }) => alerts.deleteChannel(id),
    'alerts:testChannel': ({ id }) => alerts.testChannel(id),
    'alerts:deliveries': (f) => alerts.deliveries(f)
  }),
  start: (alerts) => alerts.start(),
  stop: (alerts) => alerts.stop(),
  palette: (alerts) => (q, limit) => [
    ...matching(
      alerts.rules(),
      q,
      limit,
      (r) => `${r.name} ${r.serviceName ?? ''}`,
      (r) => ({
        kind: 'alert rule',
        id: String(r.id),
        title: r.name,
        subtitle: r.serviceName ?? 'every service',
        route: `/alerts/rules/${r.id}`
      })
    ),
    ...matching(
      alerts.channels(),
      q,
      limit,
      (c) => `${c.name} ${c.kind}`,
      (c) => ({
        kind: 'channel',
        id: String(c.id),
        title: c.name,
        subtitle: c.kind,
        route: `/integrations/${c.id}`
      })
    )
  ]
})
