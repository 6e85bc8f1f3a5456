import { metricsChannels } from '../../../shared/contract/metrics'
import { defineModule } from '../../core/module'
import { MetricsService } from './service'

/** Metrics: Prometheus-compatible sources, the built-in scraper and store, RED/USE dashboards, forecasts, rules, advice. */
export const metricsModule = defineModule({
  id: 'metrics',
  channels: metricsChannels,
  emits: ['metrics:changed', 'metrics:ruleEvaluated'],
  create: ({ db, clock, bus, logger, pollers, secrets, ports }) =>
    new MetricsService({
      db,
      clock,
      bus,
      logger,
      pollers,
      secrets,
      health: ports.has('health') ? ports.get('health') : null,
      costs: ports.has('costsPrices') ? ports.get('costsPrices') : null
    }),
  provides: (m) => ({ metrics: { queryRange: (input) => m.queryRange(input) } }),
  handlers: (m) => ({
    'metrics:sources': () => m.sources(),
    'metrics:saveSource': (input) => m.saveSource(input),
    'metrics:deleteSource': ({ id }) => m.deleteSource(id),
    'metrics:query': ({ sourceId, query, time }) => m.query(sourceId, query, time),
    'metrics:queryRange': (input) => m.queryRange(input),
    'metrics:labels': ({ sourceId }) => m.labels(sourceId),
    'metrics:labelValues': ({ sourceId, name }) => m.labelValues(sourceId, name),
    'metrics:series': ({ sourceId, match, start, end }) => m.series(sourceId, match, start, end),
    'metrics:targets': () => m.targets(),
    'metrics:saveTarget': (input) => m.saveTarget(input),
    'metrics:deleteTarget': ({ id }) => m.deleteTarget(id),
    'metrics:scrapeNow': ({ id }) => m.scrapeNow(id),
    'metrics:dashboard': (input) => m.dashboard(input),
    'metrics:fleet': (input) => m.fleet(input),
    'metrics:forecast': (input) => m.forecast(input),
    'metrics:rules': () => m.rules(),
    'metrics:saveRule': (input) => m.saveRule(input),
    'metrics:deleteRule': ({ id }) => m.deleteRule(id),
    'metrics:evaluateRules': () => m.evaluateRules(),
    'metrics:recommendations': (input) => m.recommendations(input?.state),
    'metrics:analyze': (input) => m.analyze(input),
    'metrics:decide': ({ id, decision, snoozeDays }) => m.decide(id, decision, snoozeDays)
  }),
  start: (m, { startPollers }) => startPollers && m.start(),
  stop: (m) => m.stop(),
  palette: (m) => (q, limit) => m.palette(q, limit)
})
