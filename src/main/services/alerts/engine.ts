import type { RuleCondition } from '../../../shared/contract'
import type { Clock } from '../../core/clock'
import type { Logger } from '../../core/log'
import type { ResultEvent } from '../health/api'
import type { Verdict } from './condition'
import { RuleEvaluator, type Transition } from './evaluator'
import { SampleWindow } from './window'

export interface RuleRec {
  id: number
  name: string
  serviceId: number | null
  checkId: number | null
  condition: RuleCondition
  forS: number
  severity: 'critical' | 'warning' | 'info'
  labels: Record<string, string>
  runbook: string
  channelIds: number[]
  reminderS: number
  notifyResolve: boolean
  enabled: boolean
}

export interface Tracker {
  rule: RuleRec
  target: string
  serviceId: number | null
  labels: Record<string, string>
  evaluator: RuleEvaluator
  timer: NodeJS.Timeout | null
  /** When the open alert's value and summary were last written (updates are written at most every 10 s). */
  lastUpdate: number
}

/** Side effects the engine asks for; the alert service performs them. */
export interface EngineSink {
  transition(t: Tracker, tr: Transition): void
  /** Labels describing a target (service, environment, region, check). */
  targetLabels(serviceId: number | null, checkId: number | null): Record<string, string>
  openAlert(ruleId: number, target: string): { state: 'pending' | 'firing'; pendingSince: number } | undefined
}

const HEALTH_SIGNALS = new Set(['down', 'error_rate', 'latency', 'component', 'value'])
const WINDOW_MS = 300_000

/**
 * Routes results and signals to the rules that watch them. Rules are indexed by service, so a
 * result costs only the rules of its own service plus global ones.
 */
export class AlertEngine {
  private byService = new Map<number | 'all', RuleRec[]>()
  private bySignal = new Map<string, RuleRec[]>()
  private trackers = new Map<string, Tracker>()
  private windows = new Map<string, SampleWindow>()
  private maxWindowMs = WINDOW_MS

  constructor(
    private clock: Clock,
    private sink: EngineSink,
    private logger: Logger
  ) {}

  load(rules: RuleRec[]): void {
    for (const t of this.trackers.values()) if (t.timer) clearTimeout(t.timer)
    const previous = this.trackers
    this.trackers = new Map()
    this.byService.clear()
    this.bySignal.clear()
    this.maxWindowMs = WINDOW_MS
    for (const r of rules) {
      if (!r.enabled) continue
      const key = HEALTH_SIGNALS.has(r.condition.signal) ? (r.serviceId ?? 'all') : null
      if (key !== null) this.byService.set(key, [...(this.byService.get(key) ?? []), r])
      else this.bySignal.set(r.condition.signal, [...(this.bySignal.get(r.condition.signal) ?? []), r])
      if ('windowS' in r.condition) this.maxWindowMs = Math.max(this.maxWindowMs, r.condition.windowS * 1000)
    }
    // keep the state of rules that did not change
    for (const [k, t] of previous) {
      const rule = rules.find((r) => r.id === t.rule.id)
      if (rule && rule.enabled && JSON.stringify(rule.condition) === JSON.stringify(t.rule.condition) && rule.forS === t.rule.forS) {
        t.rule = rule
        this.trackers.set(k, t)
        this.arm(t)
      }
    }
    for (const w of this.windows.values()) w.widen(this.maxWindowMs)
  }

  stop(): void {
    for (const t of this.trackers.values()) if (t.timer) clearTimeout(t.timer)
  }

  private window(key: string): SampleWindow {
    let w = this.windows.get(key)
    if (!w) this.windows.set(key, (w = new SampleWindow(this.maxWindowMs)))
    return w
  }

  private tracker(rule: RuleRec, target: string, serviceId: number | null, checkId: number | null): Tracker {
    const key = `${rule.id}|${target}`
    let t = this.trackers.get(key)
    if (!t) {
      const evaluator = new RuleEvaluator(rule.condition, rule.forS * 1000)
      const open = this.sink.openAlert(rule.id, target)
      if (open) evaluator.restore(open.state, open.pendingSince)
      const labels = {
        alertname: rule.name,
        severity: rule.severity,
        signal: rule.condition.signal,
        ...this.sink.targetLabels(serviceId, checkId),
        ...rule.labels
      }
      t = { rule, target, serviceId, labels, evaluator, timer: null, lastUpdate: 0 }
      this.trackers.set(key, t)
    }
    return t
  }

  /** One health result: update windows, then every rule of its service. */
  onHealthResult(e: ResultEvent): void {
    const failed = e.outcome.status === 'DOWN'
    if (!e.maintenance) {
      this.window(`service:${e.serviceId}`).add(e.at, failed, e.outcome.latencyMs)
      this.window(`check:${e.checkId}`).add(e.at, failed, e.outcome.latencyMs)
    }
    const sample = {
      at: e.at,
      failed,
      latencyMs: e.outcome.latencyMs,
      components: e.outcome.components,
      error: e.outcome.error,
      checkName: e.checkName,
      checkId: e.checkId,
      maintenance: e.maintenance
    }
    for (const list of [this.byService.get(e.serviceId), this.byService.get('all')]) {
      if (!list) continue
      for (const rule of list) {
        if (rule.checkId !== null && rule.checkId !== e.checkId) continue
        const perCheck = rule.checkId !== null || rule.condition.signal === 'component' || rule.condition.signal === 'value'
        const target = perCheck ? `check:${e.checkId}` : `service:${e.serviceId}`
        const t = this.tracker(rule, target, e.serviceId, perCheck ? e.checkId : null)
        const window = this.window(perCheck ? `check:${e.checkId}` : `service:${e.serviceId}`)
        this.handle(t, t.evaluator.health(sample, window))
      }
    }
  }

  /** A discrete signal from another area (drift, budget, model, logs); verdict per rule (or for one rule). */
  onSignal(
    signal: string,
    target: string,
    verdictFor: (c: RuleCondition) => Verdict | null,
    extraLabels: Record<string, string> = {},
    onlyRule?: number
  ): void {
    const at = this.clock.now()
    for (const rule of this.bySignal.get(signal) ?? []) {
      if (onlyRule !== undefined && rule.id !== onlyRule) continue
      const verdict = verdictFor(rule.condition)
      if (!verdict) continue
      const t = this.tracker(rule, target, null, null)
      Object.assign(t.labels, extraLabels)
      this.handle(t, t.evaluator.apply(verdict, at))
    }
  }

  /** Resolve an event-signal alert whose cause has passed (no new signal for a while). */
  resolveSignal(ruleId: number, target: string, summary: string): void {
    const t = this.trackers.get(`${ruleId}|${target}`)
    if (!t || t.evaluator.phase === 'ok') return
    this.handle(t, t.evaluator.apply({ holds: false, value: null, summary }, this.clock.now()))
  }

  private handle(t: Tracker, tr: Transition | null): void {
    if (!tr) return
    if (tr.kind === 'update') {
      if (tr.at - t.lastUpdate < 10_000) return
      t.lastUpdate = tr.at
    }
    try {
      this.sink.transition(t, tr)
    } catch (err) {
      this.logger.error('alerts: transition failed', { rule: t.rule.id, target: t.target, error: String(err) })
    }
    this.arm(t)
  }

  /** A pending alert fires on time even if no further result arrives. */
  private arm(t: Tracker): void {
    if (t.timer) clearTimeout(t.timer)
    t.timer = null
    const deadline = t.evaluator.deadline()
    if (deadline === null) return
    t.timer = setTimeout(
      () => {
        t.timer = null
        this.handle(t, t.evaluator.due(this.clock.now()))
      },
      Math.max(0, deadline - this.clock.now())
    )
    t.timer.unref?.()
  }

  /** Enabled rules of an event signal (the log rules are counted on a schedule). */
  rulesOf(signal: string): RuleRec[] {
    return this.bySignal.get(signal) ?? []
  }

  stats(): { rules: number; trackers: number } {
    let rules = 0
    for (const l of this.byService.values()) rules += l.length
    for (const l of this.bySignal.values()) rules += l.length
    return { rules, trackers: this.trackers.size }
  }
}
