import type { App } from '../app'
import type { HandlersFor } from './types'

type AlertChannels =
  | 'alerts:list'
  | 'alerts:get'
  | 'alerts:acknowledge'
  | 'alerts:snooze'
  | 'alerts:rules'
  | 'alerts:createRule'
  | 'alerts:updateRule'
  | 'alerts:deleteRule'
  | 'alerts:backtest'
  | 'alerts:silences'
  | 'alerts:createSilence'
  | 'alerts:expireSilence'
  | 'alerts:channels'
  | 'alerts:createChannel'
  | 'alerts:updateChannel'
  | 'alerts:deleteChannel'
  | 'alerts:testChannel'
  | 'alerts:deliveries'

export const alertHandlers = ({ alerts }: App): HandlersFor<AlertChannels> => ({
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
})
