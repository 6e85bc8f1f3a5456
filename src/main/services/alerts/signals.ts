/** Signals from other areas (drift, budgets, the model registry, experiments, tuning studies, metrics rules) turned into alerts; they resolve after a quiet period. */
import type { RuleCondition } from '../../../shared/contract'
import type { EventPayload } from '../../../shared/events'
import type { Verdict } from './condition'
import type { AlertEngine, RuleRec } from './engine'
import type { AlertParts } from './parts'
import type { AlertRow } from './repo'

/** Event signals have no "all clear" event: their alerts resolve after this long without a new one. */
const SIGNAL_RESOLVE_MS: Record<string, number> = {
  drift: 6 * 3_600_000,
  budget: 24 * 3_600_000,
  model: 0,
  experiment: 24 * 3_600_000,
  study: 0,
  testing: 7 * 86_400_000,
  log_issue: 3_600_000,
  ensemble: 0,
  /** Metrics rules report every 15 s (and resolve on `ok`); an hour of silence means the rule was deleted or stopped. */
  metric: 3_600_000,
  /** An extension resolves its signal itself (`resolved: true`); an hour of silence resolves it too. */
  extension: 3_600_000
}
const SEVERITY_RANK = { info: 0, warning: 1, critical: 2 } as const

export class AlertSignals {
  private seen = new Map<string, number>()

  constructor(
    private parts: AlertParts,
    private engine: AlertEngine
  ) {}

  /** Subscribes to the signals on the bus; returns the unsubscribe functions. */
  listen(): (() => void)[] {
    const { bus } = this.parts.deps
    return [
      bus.on('drift:detected', (p) => this.onDrift(p)),
      bus.on('costs:budget', (p) => this.onBudget(p)),
      bus.on('models:changed', (p) => this.onModel(p)),
      bus.on('experiments:signal', (p) => this.onExperiment(p)),
      bus.on('optimize:studyFinished', (p) => this.onStudy(p)),
      bus.on('testing:signal', (p) => this.onTesting(p)),
      bus.on('logs:issue', (p) => this.onLogIssue(p)),
      bus.on('optimize:ensembleBeatChampion', (p) => this.onEnsemble(p)),
      bus.on('metrics:ruleEvaluated', (p) => this.onMetricRule(p)),
      bus.on('extensions:signal', (p) => this.onExtension(p))
    ]
  }

  /** Resolves a firing event-signal alert whose signal has gone quiet; true when it did. */
  resolveQuiet(rule: RuleRec, a: AlertRow, now: number): boolean {
    const quietFor = SIGNAL_RESOLVE_MS[rule.condition.signal]
    if (quietFor === undefined) return false
    if (now - (this.seen.get(`${rule.id}|${a.target}`) ?? a.fired_at ?? now) < quietFor) return false
    this.engine.resolveSignal(rule.id, a.target, 'no new signal since; resolved automatically')
    return true
  }

  private signal(kind: string, target: string, verdictFor: (c: RuleCondition) => Verdict | null, labels: Record<string, string>): void {
    const now = this.parts.deps.clock.now()
    for (const r of this.parts.repo.rules()) if (r.condition.signal === kind) this.seen.set(`${r.id}|${target}`, now)
    this.engine.onSignal(kind, target, verdictFor, labels)
  }

  private onDrift(p: EventPayload<'drift:detected'>): void {
    this.signal(
      'drift',
      `drift:${p.checkId}`,
      (c) =>
        c.signal !== 'drift' || (c.model && c.model !== p.model)
          ? null
          : {
              holds: p.share >= c.minShare,
              value: p.share,
              summary: `${p.checkName}: ${(p.share * 100).toFixed(0)} % of columns drifted (${p.driftedColumns.slice(0, 5).join(', ')}) for ${p.model} ${p.version}`
            },
      { model: p.model, version: p.version, drift_check: p.checkName }
    )
  }

  private onBudget(p: EventPayload<'costs:budget'>): void {
    this.signal(
      'budget',
      `budget:${p.budgetId}:${p.period}`,
      (c) =>
        c.signal !== 'budget' || (c.basis !== 'any' && c.basis !== p.basis)
          ? null
          : {
              holds: p.threshold >= c.minThreshold,
              value: p.amount,
              summary: `${p.name}: ${p.basis} spend ${p.amount.toFixed(2)} ${p.currency} is ${(p.threshold * 100).toFixed(0)} % of the ${p.budget.toFixed(2)} ${p.currency} budget for ${p.period}`
            },
      { budget: p.name, period: p.period }
    )
  }

  private onExperiment(p: EventPayload<'experiments:signal'>): void {
    this.signal(
      'experiment',
      `experiment:${p.experimentId}:${p.kind}${p.metric ? `:${p.metric}:${p.variation}` : ''}`,
      (c) => (c.signal !== 'experiment' || !c.kinds.includes(p.kind) ? null : { holds: true, value: p.pValue, summary: p.summary }),
      {
        experiment: p.experiment,
        problem: p.kind,
        ...(p.metric ? { metric: p.metric } : {}),
        ...(p.variation ? { variation: p.variation } : {})
      }
    )
  }

  /** Testing raises (holds) and clears (not holds) its own causes: a scan's new high findings, a failed verification or drill. */
  private onTesting(p: EventPayload<'testing:signal'>): void {
    this.signal(
      'testing',
      `testing:${p.key}`,
      (c) => (c.signal !== 'testing' || !c.kinds.includes(p.kind) ? null : { holds: p.holds, value: p.value, summary: p.summary }),
      { testing: p.kind, ...p.labels }
    )
  }

  private onStudy(p: EventPayload<'optimize:studyFinished'>): void {
    const best = p.best === null ? 'no complete trial' : `best value ${p.best}`
    this.signal(
      'study',
      `study:${p.studyId}:${p.at}`,
      (c) =>
        c.signal !== 'study'
          ? null
          : { holds: true, value: p.best, summary: `Tuning study ${p.name} finished: ${p.trials} trials, ${best}` },
      { study: p.name }
    )
  }

  private onLogIssue(p: EventPayload<'logs:issue'>): void {
    this.signal(
      'log_issue',
      `issue:${p.service ? `${p.service}: ` : ''}${p.title}`,
      (c) =>
        c.signal !== 'log_issue' || !c.kinds.includes(p.kind) || (c.service && c.service !== p.service)
          ? null
          : {
              holds: true,
              value: null,
              summary: `${p.kind === 'new' ? 'New' : 'Regressed'} error in ${p.service || 'an unnamed service'}: ${p.title}${p.release ? ` (release ${p.release})` : ''}`
            },
      { ...(p.service ? { service: p.service } : {}), issue: p.title.slice(0, 200), issue_id: String(p.issueId) }
    )
  }

  private onEnsemble(p: EventPayload<'optimize:ensembleBeatChampion'>): void {
    const sig = p.pValue === null ? '' : ` (paired test p = ${p.pValue.toPrecision(2)})`
    this.signal(
      'ensemble',
      `ensemble:${p.ensembleId}`,
      (c) =>
        c.signal !== 'ensemble'
          ? null
          : {
              holds: true,
              value: p.ensembleLoss,
              summary: `Ensemble ${p.name} beats the champion ${p.champion}: ${p.lossKey} ${p.ensembleLoss.toPrecision(4)} against ${p.championLoss.toPrecision(4)} on held-out rows${sig}`
            },
      { ensemble: p.name, champion: p.champion }
    )
  }

  /** A metrics rule raises (firing) and clears (ok) its alert; pending waits out the rule's own for-duration, errors change nothing. */
  private onMetricRule(p: EventPayload<'metrics:ruleEvaluated'>): void {
    if (p.state === 'error') return
    const what = p.kind === 'predictive' ? `forecast of ${p.query}` : p.query
    this.signal(
      'metric',
      `metric:#${p.ruleId} ${p.name}`,
      (c) =>
        c.signal !== 'metric' || (c.rule && c.rule !== p.name)
          ? null
          : {
              holds: p.state === 'firing',
              value: p.value,
              summary: `Metrics rule ${p.name}: ${what} ${p.op} ${p.threshold}${p.message ? ` (${p.message})` : ''}`
            },
      { metric_rule: p.name, query: p.query.slice(0, 200) }
    )
  }

  /** An extension's `alerts.signal` (alerts:write): holds until it signals `resolved` for the same target. */
  private onExtension(p: EventPayload<'extensions:signal'>): void {
    this.signal(
      'extension',
      `ext:${p.extensionId}:${p.target}`,
      (c) =>
        c.signal !== 'extension' ||
        (c.extension && c.extension !== p.extensionId) ||
        (!p.resolved && SEVERITY_RANK[p.severity] < SEVERITY_RANK[c.minSeverity])
          ? null
          : { holds: !p.resolved, value: p.value, summary: `${p.extensionId}: ${p.summary}` },
      { extension: p.extensionId, signal_severity: p.severity }
    )
  }

  private onModel(p: EventPayload<'models:changed'>): void {
    this.signal(
      'model',
      `model:${p.modelId}:${this.parts.deps.clock.now()}`,
      (c) => (c.signal !== 'model' || !c.kinds.includes(p.kind) ? null : { holds: true, value: null, summary: p.description }),
      { change: p.kind }
    )
  }
}
