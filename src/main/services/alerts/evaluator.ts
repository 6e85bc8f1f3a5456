import type { RuleCondition } from '../../../shared/contract'
import { evaluateHealth, type HealthSample, type Verdict } from './condition'
import { componentMessage, failingComponents, type FailingComponent } from './failure'
import type { SampleWindow } from './window'

export type Phase = 'ok' | 'pending' | 'firing'
export type Transition =
  | { kind: 'pending'; at: number; verdict: Verdict }
  | { kind: 'fire'; at: number; verdict: Verdict }
  | { kind: 'update'; at: number; verdict: Verdict }
  | { kind: 'cancel'; at: number }
  | { kind: 'resolve'; at: number; verdict: Verdict }

/**
 * The rule state machine for one rule and one target, free of side effects so the live engine
 * and the backtest share it: ok → pending → firing → ok, with a for-duration before firing.
 */
export class RuleEvaluator {
  phase: Phase = 'ok'
  pendingSince = 0
  last: Verdict | null = null
  private fails = new Map<number, number>()
  private oks = new Map<number, number>()
  private tripped = new Set<number>()
  private lastFailure = new Map<number, { name: string; error: string | undefined; components: FailingComponent[] }>()

  constructor(
    private condition: RuleCondition,
    private forMs: number
  ) {}

  /** Restore after a restart from an open alert. */
  restore(phase: Phase, pendingSince: number): void {
    this.phase = phase
    this.pendingSince = pendingSince
  }

  deadline(): number | null {
    return this.phase === 'pending' ? this.pendingSince + this.forMs : null
  }

  /** Fire a pending alert whose for-duration has passed while its condition held. */
  due(now: number): Transition | null {
    const d = this.deadline()
    if (d === null || now < d || !this.last?.holds) return null
    this.phase = 'firing'
    return { kind: 'fire', at: d, verdict: this.last }
  }

  /** Feed one health result. Maintenance results are not counted. */
  health(sample: HealthSample & { checkId: number; maintenance: boolean }, window: SampleWindow): Transition | null {
    if (sample.maintenance) return null
    const verdict = this.condition.signal === 'down' ? this.downVerdict(sample) : evaluateHealth(this.condition, window, sample)
    return verdict ? this.apply(verdict, sample.at) : null
  }

  /** Feed one verdict from an event signal (drift, budget, model). */
  apply(verdict: Verdict, at: number): Transition | null {
    const early = this.due(at)
    if (early) return early
    this.last = verdict
    if (verdict.holds) {
      if (this.phase === 'ok') {
        this.phase = 'pending'
        this.pendingSince = at
        if (this.forMs === 0) {
          this.phase = 'firing'
          return { kind: 'fire', at, verdict }
        }
        return { kind: 'pending', at, verdict }
      }
      if (this.phase === 'pending' && at - this.pendingSince >= this.forMs) {
        this.phase = 'firing'
        return { kind: 'fire', at, verdict }
      }
      return { kind: 'update', at, verdict }
    }
    if (this.phase === 'pending') {
      this.phase = 'ok'
      return { kind: 'cancel', at }
    }
    if (this.phase === 'firing') {
      this.phase = 'ok'
      return { kind: 'resolve', at, verdict }
    }
    return null
  }

  /** Down: a check trips after N failures in a row and clears after M successes in a row. */
  private downVerdict(s: HealthSample & { checkId: number }): Verdict {
    const c = this.condition as Extract<RuleCondition, { signal: 'down' }>
    if (s.failed) {
      this.lastFailure.set(s.checkId, { name: s.checkName, error: s.error, components: failingComponents(s.components) })
      this.fails.set(s.checkId, (this.fails.get(s.checkId) ?? 0) + 1)
      this.oks.set(s.checkId, 0)
      if (this.fails.get(s.checkId)! >= c.failuresToFire) this.tripped.add(s.checkId)
    } else {
      this.oks.set(s.checkId, (this.oks.get(s.checkId) ?? 0) + 1)
      this.fails.set(s.checkId, 0)
      if (this.oks.get(s.checkId)! >= c.successesToResolve) this.tripped.delete(s.checkId)
    }
    const holds = this.tripped.size > 0
    if (!holds) return { holds, value: 0, summary: `${s.checkName} is answering again` }
    // describe the worst tripped check, not merely the one that reported last
    let worst = s.checkId
    for (const id of this.tripped) if ((this.fails.get(id) ?? 0) > (this.fails.get(worst) ?? 0) || !this.tripped.has(worst)) worst = id
    const fails = this.fails.get(worst) ?? 0
    const f = this.lastFailure.get(worst)
    const others = this.tripped.size - 1
    // the failing component's own words ("postgres is unreachable") say more than the status code
    const said = f?.components.length ? ` — ${componentMessage(f.components)}` : ''
    const what =
      fails > 0
        ? `${f?.name ?? s.checkName} failed ${fails} time${fails === 1 ? '' : 's'} in a row${f?.error ? `: ${f.error}` : ''}${said}`
        : `${f?.name ?? s.checkName} is recovering${f?.error ? ` (last error: ${f.error}${said})` : ''}`
    const failure = { checkId: worst, checkName: f?.name ?? s.checkName, error: f?.error ?? null, components: f?.components ?? [] }
    return {
      holds,
      value: fails,
      summary: others > 0 ? `${what} (and ${others} more check${others === 1 ? '' : 's'} down)` : what,
      failure
    }
  }
}
