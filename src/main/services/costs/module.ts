import { costsChannels } from '../../../shared/contract/costs'
import { defineModule } from '../../core/module'
import { matching } from '../../core/palette'
import { costsWorkerExecutor } from '../../workers/pool'
import { CostsService } from './service'

/** Costs: imported bills, budgets, forecasts, savings and reports. */
export const costsModule = defineModule({
  id: 'costs',
  channels: costsChannels,
  emits: ['costs:budget', 'costs:report', 'costs:reportSent', 'workspace:settings', 'job:progress'],
  create: ({ db, clock, bus, logger, pollers, jobs, nativeBinding, ports }) =>
    new CostsService({
      db,
      clock,
      bus,
      logger,
      pollers,
      jobs,
      executor: costsWorkerExecutor(),
      health: ports.get('health'),
      ...(nativeBinding ? { nativeBinding } : {})
    }),
  provides: (costs) => ({
    costsPrices: costs.prices(),
    costs: { series: (input) => costs.series(input) },
    costImporters: { setExternalImporters: (i) => (costs.externalImporters = i) }
  }),
  handlers: (costs, { bus, clock }) => ({
    'costs:summary': (input) => costs.summary({ month: input?.month, basis: input?.basis ?? 'billed' }),
    'costs:series': (input) => costs.series(input),
    'costs:dimensions': () => costs.dimensions(),
    'costs:movers': (input) => costs.movers(input),
    'costs:unitCosts': ({ from, to }) => costs.unitCosts(from, to),
    'costs:links': () => costs.links(),
    'costs:link': ({ costService, serviceId }) => costs.link(costService, serviceId),
    'costs:unlink': ({ costService, serviceId }) => ({ removed: costs.repo.unlink(costService, serviceId) }),
    'costs:import': (input) => costs.startImport(input),
    'costs:imports': () => costs.imports(),
    'costs:importFormats': () => costs.importFormats(),
    'costs:deleteImport': ({ id }) => costs.deleteImport(id),
    'costs:header': ({ path }) => costs.header(path),
    'costs:sources': () => costs.sources(),
    'costs:saveSource': ({ name, mapping }) => costs.saveSource(name, mapping),
    'costs:deleteSource': ({ id }) => ({ deleted: costs.repo.deleteSource(id) }),
    'costs:manualList': () => costs.manualList(),
    'costs:manualCreate': (input) => costs.manualCreate(input),
    'costs:manualDelete': ({ id }) => costs.manualDelete(id),
    'costs:budgets': (input) => costs.budgets(input?.asOf),
    'costs:budgetCreate': (input) => costs.budgetCreate(input),
    'costs:budgetUpdate': (input) => costs.budgetUpdate(input),
    'costs:budgetDelete': ({ id }) => costs.budgetDelete(id),
    'costs:forecast': (input) =>
      costs.forecast(
        input?.basis ?? 'billed',
        input?.service ? { kind: 'service', service: input.service } : { kind: 'all' },
        input?.trend ?? 'damped'
      ),
    'costs:recommendations': () => costs.recommendations(),
    'costs:savingsGoal': () => costs.savingsGoal(),
    'costs:setSavingsGoal': ({ baselineMonth, targetPct }) => costs.setSavingsGoal(baselineMonth, targetPct),
    'costs:report': (input) => costs.report(input),
    'costs:reportCsv': (input) => costs.reportCsv(input),
    'costs:schedules': () => costs.schedules(),
    'costs:scheduleCreate': (input) => costs.scheduleCreate(input),
    'costs:scheduleDelete': ({ id }) => ({ deleted: costs.repo.deleteSchedule(id) }),
    'costs:settings': () => costs.settings(),
    'costs:setSettings': (patch) => {
      const saved = costs.setSettings(patch)
      bus.publish('workspace:settings', { key: 'costs', at: clock.now() })
      return saved
    }
  }),
  start: (costs, { startPollers }) => {
    if (startPollers) costs.start()
  },
  stop: (costs) => costs.stop(),
  palette: (costs) => (q, limit) =>
    matching(
      costs.budgetRows(),
      q,
      limit,
      (b) => b.name,
      (b) => ({
        kind: 'budget',
        id: String(b.id),
        title: b.name,
        subtitle: `${b.period} budget`,
        route: '/costs/budgets'
      })
    )
})
