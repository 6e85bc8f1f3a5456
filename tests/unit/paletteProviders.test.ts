import { describe, expect, it } from 'vitest'
import { alertsModule } from '../../src/main/services/alerts/module'
import { costsModule } from '../../src/main/services/costs/module'
import { driftModule } from '../../src/main/services/drift/module'

type Provider = (q: string, limit: number) => { kind: string; title: string; subtitle?: string; route: string }[]
/** An area's palette provider over given data (a stand-in for its service). */
const provider = (m: { palette?: (s: never) => Provider }, service: unknown): Provider => m.palette!(service as never)
const rows = (p: Provider, q: string, limit = 10) => p(q, limit).map((i) => [i.kind, i.title, i.subtitle, i.route])

describe('palette providers of the areas', () => {
  const alerts = provider(alertsModule, {
    list: () => [{ id: 12, ruleName: 'payments is down', target: 'payments', summary: 'postgres is unreachable', state: 'firing' }],
    rules: () => [
      { id: 1, name: 'payments is down', serviceName: 'payments' },
      { id: 7, name: 'Budget threshold crossed', serviceName: null }
    ],
    channels: () => [
      { id: 2, name: 'On-call pager', kind: 'pagerduty' },
      { id: 3, name: 'Team room', kind: 'slack' }
    ]
  })

  it('alerts: alerts (for a query), rules (with their service or "every service") and channels (by name or kind)', () => {
    expect(rows(alerts, 'budget')).toEqual([['alert rule', 'Budget threshold crossed', 'every service', '/alerts/rules/7']])
    expect(rows(alerts, 'payments')).toEqual([
      ['alert', 'payments is down — payments', 'firing · postgres is unreachable', '/alerts/12'],
      ['alert rule', 'payments is down', 'payments', '/alerts/rules/1']
    ])
    expect(rows(alerts, 'slack')).toEqual([['channel', 'Team room', 'slack', '/integrations/3']])
    expect(rows(alerts, '')).toHaveLength(4) // alerts only for a query
    expect(rows(alerts, '', 1)).toHaveLength(2) // the limit holds per list; the registry cuts the total
  })

  it('drift: checks (by name or model) and datasets with their row count', () => {
    const drift = provider(driftModule, {
      checks: () => [{ id: 4, name: 'churn weekly', model: 'churn', version: '3' }],
      datasets: () => [{ id: 9, name: 'churn reference', rows: 12500 }]
    })
    expect(rows(drift, 'churn')).toEqual([
      ['drift check', 'churn weekly', 'churn v3', '/drift/checks/4'],
      ['dataset', 'churn reference', '12,500 rows', '/drift/datasets/9']
    ])
    expect(rows(drift, 'reference')).toEqual([['dataset', 'churn reference', '12,500 rows', '/drift/datasets/9']])
  })

  it('costs: budgets with their period', () => {
    const costs = provider(costsModule, { budgetRows: () => [{ id: 5, name: 'Cloud', period: 'monthly' }] })
    expect(rows(costs, 'clo')).toEqual([['budget', 'Cloud', 'monthly budget', '/costs/budgets']])
    expect(rows(costs, 'nothing')).toEqual([])
  })
})
