/**
 * When each iteration of an open-model test is meant to start. Rates are piecewise linear over stages (k6's
 * ramping-arrival-rate; a constant rate is one flat stage): iteration i (0-based) is due at the time t where the
 * number of arrivals so far, ∫₀ᵗ rate, equals i. Checked against scripts/reference/loadtest_reference.py.
 */

export interface RateStage {
  durationS: number
  /** Rate at the end of the stage (iterations per second); it moves linearly from the previous stage's end rate. */
  target: number
}

/** Iterations due from `startRate` through the stages, as seconds from the start; ends after the last stage. */
export class ArrivalSchedule {
  private stage = 0
  private stageStart = 0
  private areaBefore = 0
  private r0: number
  private next = 0
  readonly totalS: number
  readonly expected: number

  constructor(
    startRate: number,
    private stages: readonly RateStage[]
  ) {
    this.r0 = startRate
    this.totalS = stages.reduce((s, st) => s + st.durationS, 0)
    let rate = startRate
    let area = 0
    for (const st of stages) {
      area += ((rate + st.target) / 2) * st.durationS
      rate = st.target
    }
    // iterations 0 … floor(area) are due within [0, total] (the last one exactly at its end is not started)
    this.expected = Math.max(0, Math.ceil(area - 1e-9))
  }

  /** Seconds from the start when the next iteration is due, or null after the last stage. */
  nextDue(): number | null {
    const i = this.next
    while (this.stage < this.stages.length) {
      const st = this.stages[this.stage]!
      const r1 = st.target
      const d = st.durationS
      const need = i - this.areaBefore
      const stageArea = ((this.r0 + r1) / 2) * d
      if (need <= stageArea + 1e-9 && !(need === 0 && this.r0 === 0 && r1 === 0)) {
        const a = (r1 - this.r0) / (2 * d)
        // stable root of a·τ² + r0·τ − need = 0
        const tau =
          a === 0 ? (this.r0 > 0 ? need / this.r0 : 0) : (2 * need) / (this.r0 + Math.sqrt(Math.max(0, this.r0 * this.r0 + 4 * a * need)))
        if (tau < d - 1e-12 || (tau <= d && this.stage < this.stages.length - 1)) {
          this.next++
          return this.stageStart + tau
        }
      }
      this.areaBefore += stageArea
      this.stageStart += d
      this.r0 = r1
      this.stage++
    }
    return null
  }

  /** The target rate at `t` seconds (for the report's target line). */
  rateAt(t: number, startRate: number): number {
    let start = 0
    let r0 = startRate
    for (const st of this.stages) {
      if (t < start + st.durationS) return r0 + ((st.target - r0) * (t - start)) / st.durationS
      start += st.durationS
      r0 = st.target
    }
    return r0
  }
}

/** Virtual users at `t` seconds for k6's ramping-vus: linear between stage targets, rounded down. */
export function vusAt(t: number, startVUs: number, stages: readonly RateStage[]): number {
  let start = 0
  let v0 = startVUs
  for (const st of stages) {
    if (t < start + st.durationS) return Math.floor(v0 + ((st.target - v0) * (t - start)) / st.durationS + 1e-9)
    start += st.durationS
    v0 = st.target
  }
  return v0
}
