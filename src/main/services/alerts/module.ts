import { alertsChannels } from '../../../shared/contract/alerts'
import { actingName } from '../../core/actor'
import { defineModule } from '../../core/module'
import { matching } from '../../core/palette'
import { AlertService } from './service'
import { alertsSettings } from './settings'

/** Alerting: rules over health results and other areas' signals, alerts, silences and notification destinations. */
export const alertsModule = defineModule({
  id: 'alerts',
  channels: alertsChannels,
  emits: ['alerts:changed', 'alerts:config', 'notify:desktop'],
  settings: alertsSettings,
  create: ({ db, clock, bus, logger, secrets, ports, settings }) =>
    new AlertService({ db, clock, bus, logger, secrets, settings, health: ports.get('health'), logs: ports.get('logs') }),
  provides: (alerts) => ({
    alerts: { list: (f) => alerts.list(f) },
    alertChannelKinds: { setExtensionDeliverer: (d) => (alerts.dispatcher.extDeliverer = d) },
    alertsFiles: alerts.filesPort()
  }),
  handlers: (alerts) => ({
    'alerts:list': (f) => alerts.list(f),
    'alerts:get': ({ id }) => alerts.get(id),
    'alerts:acknowledge': ({ id, by }, meta) => alerts.acknowledge(id, actingName(by, meta.caller, 'by')),
    'alerts:snooze': ({ id, minutes }) => alerts.snooze(id, minutes),
    'alerts:addNote': ({ id, author, text }, meta) => alerts.addNote(id, actingName(author, meta.caller, 'author'), text),
    'alerts:settings': () => alerts.settings(),
    'alerts:setSettings': (s) => alerts.setSettings(s),
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
    // open alerts first, then the recent ones: an incident is one search away
    ...matching(
      q ? alerts.list({ limit: 200 }) : [],
      q,
      limit,
      (a) => `${a.ruleName} ${a.target} ${a.summary} #${a.id}`,
      (a) => ({
        kind: 'alert',
        id: String(a.id),
        title: `${a.ruleName} — ${a.target}`,
        subtitle: `${a.state} · ${a.summary}`.slice(0, 140),
        route: `/alerts/${a.id}`
      })
    ),
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
