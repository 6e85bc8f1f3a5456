/**
 * Log rules: `log_count` rules count their LogQL query over their window on a schedule (through the logs area's
 * port, on its search worker) and feed the engine a verdict each time, so they fire, stay and resolve like other
 * signals; `log_issue` rules fire on the logs area's `logs:issue` events (see signals.ts).
 */
import type { RuleCondition } from '../../../shared/contract'
import type { LogsReader } from '../logs/api'
import type { AlertEngine } from './engine'
import type { AlertParts } from './parts'

type LogCount = Extract<RuleCondition, { signal: 'log_count' }>

/** The `service` a selector names exactly, for the alert's labels (and its link to the logs). */
export const selectorService = (query: string): string | null => /\{[^}]*\bservice\s*=\s*"([^"]*)"/.exec(query)?.[1] ?? null

export class LogRules {
  private due = new Map<number, number>()
  private running = new Set<number>()

  constructor(
    private parts: AlertParts,
    private engine: AlertEngine,
    private logs: LogsReader | undefined
  ) {}

  /** Starts the counts that are due (each rule at most once at a time). */
  tick(now: number): void {
    if (!this.logs) return
    for (const rule of this.engine.rulesOf('log_count')) {
      const c = rule.condition as LogCount
      if ((this.due.get(rule.id) ?? 0) > now || this.running.has(rule.id)) continue
      this.due.set(rule.id, now + c.everyS * 1000)
      void this.evaluate(rule.id, c, now)
    }
  }

  /** Counts one rule's query now and hands the verdict to the engine. */
  async evaluate(ruleId: number, c: LogCount, now: number): Promise<void> {
    if (!this.logs) return
    this.running.add(ruleId)
    try {
      const n = await this.logs.count(c.query, now - c.windowS * 1000, now)
      const value = c.measure === 'rate' ? n / c.windowS : n
      const shown = c.measure === 'rate' ? `${value.toFixed(3)} lines/s` : `${n} lines`
      const service = selectorService(c.query)
      this.engine.onSignal(
        'log_count',
        `logs:${c.query}`,
        () => ({ holds: value > c.above, value, summary: `${shown} of ${c.query} in the last ${c.windowS} s (threshold ${c.above})` }),
        { logql: c.query.slice(0, 200), ...(service ? { service } : {}) },
        ruleId
      )
    } catch (err) {
      this.parts.deps.logger.warn('alerts: a log rule could not count its query', { rule: ruleId, error: String(err) })
    } finally {
      this.running.delete(ruleId)
    }
  }
}
