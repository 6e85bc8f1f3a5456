/** The area-wide default rules: one per signal that other areas raise and that users expect in Alerts without setup. */
import type { RuleWrite } from './repo'

type DefaultRule = Omit<RuleWrite, 'channelIds' | 'builtin'>

const common = { serviceId: null, checkId: null, forS: 0, labels: {}, reminderS: 0, notifyResolve: true, enabled: true } as const

/** Keyed by a stable name: each is created once per workspace (migration 0034 keeps the keys), never again after a delete. */
export const DEFAULT_SIGNAL_RULES: Record<string, DefaultRule> = {
  testing: {
    ...common,
    name: 'Testing: new high finding, failed verification or drill',
    condition: { signal: 'testing', kinds: ['scan', 'verification', 'drill', 'breaker'] },
    severity: 'critical',
    runbook:
      '## A test failed\n\n1. Open Testing from the link in the alert: the scan, verification or drill shows what failed with its evidence.\n2. A failed deploy verification links its rollback runbook.\n3. The alert resolves when the next scan, verification or drill passes.'
  },
  budget: {
    ...common,
    name: 'Budget threshold crossed',
    // every threshold a budget defines (actual or forecast spend) reaches Alerts; raise minThreshold to hear only of the later ones
    condition: { signal: 'budget', minThreshold: 0, basis: 'any' },
    severity: 'warning',
    runbook:
      '## A budget threshold was crossed\n\n1. Open Costs → Budgets: the budget shows its spend, forecast and the thresholds that fired.\n2. The cost dashboard ranks the services behind the spend.\n3. The alert resolves a day after the last crossing.'
  },
  drift: {
    ...common,
    name: 'Drift detected',
    // a drift check publishes a signal only on a drift verdict, so every signal fires
    condition: { signal: 'drift', minShare: 0 },
    severity: 'warning',
    runbook:
      '## A drift check found drift\n\n1. Open the run from Drift → Checks: the columns that drifted come first, each with its test and chart.\n2. Export the report (HTML) to share it.\n3. The alert resolves six hours after the last drift verdict.'
  }
}
