/**
 * The per-unit pass of an import: for each unit (first exposure, variation, dimension values) and its event records,
 * the value of every metric as it grows day by day after exposure (within each metric's conversion window) and before
 * exposure (CUPED), turned into daily increments of the sums (see sums.ts). Increments, not values, because squares
 * and products do not add up over days: when a unit's x goes from a to b on day t, Σx² grows by b² - a² on day t.
 * The whole experiment keeps one row of sums per day (the cumulative chart); dimension values keep totals.
 */
import type { MetricDef } from '../../../shared/contract/experiments'
import { RECORD } from './spool'
import { DAY_MS } from './time'
import { F, NF } from './sums'

export interface PlannedMetric {
  def: MetricDef
  /** Base metrics: index of their event; ratios: -1. */
  event: number
  windowMs: number
  /** Ratios: indexes (in the metric list) of numerator and denominator. */
  num: number
  den: number
  /** Keep the value before exposure (CUPED on this metric, or on a ratio using it). */
  pre: boolean
}

export interface UnitPassShape {
  metrics: PlannedMetric[]
  variations: number
  day0: number
  days: number
  /** Dimension slices (values of every dimension). */
  slices: number
  lookbackMs: number
  /** Pre-exposure values come from a covariates file (NaN timestamps), not from events before exposure. */
  covariates: boolean
}

/** Sums of the whole experiment ([metric][variation][day][field]) and of dimension slices ([metric][slice][variation][field]). */
export class SumsAccumulator {
  readonly daily: Float64Array[]
  readonly bySlice: Float64Array[]
  readonly unitsDaily: Float64Array
  readonly unitsBySlice: Float64Array

  constructor(readonly shape: UnitPassShape) {
    const { metrics, variations: V, days: D, slices: S } = shape
    this.daily = metrics.map(() => new Float64Array(V * D * NF))
    this.bySlice = metrics.map(() => new Float64Array(S * V * NF))
    this.unitsDaily = new Float64Array(V * D)
    this.unitsBySlice = new Float64Array(S * V)
  }
}

/** Scratch space reused from unit to unit. */
class Scratch {
  recs = new Int32Array(64)
  /** The unit's records grouped by event (time order kept within each): byEvent[evStart[e] .. evStart[e + 1]). */
  byEvent = new Int32Array(64)
  evStart: Int32Array
  evFill: Int32Array
  chDay: Int32Array[]
  chVal: Float64Array[]
  chN: Int32Array
  pre: Float64Array
  constructor(m: number, events: number) {
    this.evStart = new Int32Array(events + 1)
    this.evFill = new Int32Array(events)
    this.chDay = Array.from({ length: m }, () => new Int32Array(16))
    this.chVal = Array.from({ length: m }, () => new Float64Array(16))
    this.chN = new Int32Array(m)
    this.pre = new Float64Array(m)
  }
  pushChange(mi: number, day: number, value: number): void {
    const k = this.chN[mi]!
    if (k > 0 && this.chDay[mi]![k - 1] === day) {
      this.chVal[mi]![k - 1] = value
      return
    }
    if (k === this.chDay[mi]!.length) {
      const d = new Int32Array(k * 2)
      d.set(this.chDay[mi]!)
      this.chDay[mi] = d
      const v = new Float64Array(k * 2)
      v.set(this.chVal[mi]!)
      this.chVal[mi] = v
    }
    this.chDay[mi]![k] = day
    this.chVal[mi]![k] = value
    this.chN[mi] = k + 1
  }
}

export interface UnitTable {
  variation: Int8Array
  exposedAt: Float64Array
  /** [dimension] → slice index per unit. */
  sliceOf: Int32Array[]
}

/**
 * Runs the per-unit pass over one partition of units [first, first + count) whose records are `recs` (the spool's
 * layout). Units with a negative variation (multi-exposed, unknown) are skipped.
 */
export function passPartition(acc: SumsAccumulator, units: UnitTable, first: number, count: number, recs: Float64Array): void {
  const { metrics, variations: V, day0, days: D } = acc.shape
  const nRec = recs.length / RECORD
  // counting sort of record indexes by unit
  const start = new Int32Array(count + 1)
  for (let r = 0; r < nRec; r++) start[Math.floor(recs[r * RECORD]! / 65536) - first + 1]!++
  for (let u = 0; u < count; u++) start[u + 1]! += start[u]!
  const order = new Int32Array(nRec)
  const fill = start.slice(0, count)
  for (let r = 0; r < nRec; r++) order[fill[Math.floor(recs[r * RECORD]! / 65536) - first]!++] = r
  const events = metrics.reduce((e, m) => Math.max(e, m.event + 1), 0)
  const s = new Scratch(metrics.length, events)
  const dims = units.sliceOf.length
  const slices = new Int32Array(dims)

  for (let u = 0; u < count; u++) {
    const unit = first + u
    const v = units.variation[unit]!
    if (v < 0) continue
    const exposed = units.exposedAt[unit]!
    const uDay = Math.floor(exposed / DAY_MS) - day0
    for (let k = 0; k < dims; k++) slices[k] = units.sliceOf[k]![unit]!
    // this unit's records by time (covariate records have NaN times and stay where they are)
    let n = 0
    for (let i = start[u]!; i < start[u + 1]!; i++) {
      if (n === s.recs.length) {
        const g = new Int32Array(n * 2)
        g.set(s.recs)
        s.recs = g
      }
      s.recs[n++] = order[i]!
    }
    for (let i = 1; i < n; i++) {
      const r = s.recs[i]!
      const t = recs[r * RECORD + 1]!
      let j = i - 1
      while (j >= 0 && !(Number.isNaN(t) || recs[s.recs[j]! * RECORD + 1]! <= t)) {
        s.recs[j + 1] = s.recs[j]!
        j--
      }
      s.recs[j + 1] = r
    }
    s.evStart.fill(0)
    for (let i = 0; i < n; i++) s.evStart[(recs[s.recs[i]! * RECORD]! % 65536) + 1]!++
    for (let e = 0; e < events; e++) s.evStart[e + 1]! += s.evStart[e]!
    s.evFill.set(s.evStart.subarray(0, events))
    if (s.byEvent.length < n) s.byEvent = new Int32Array(n * 2)
    for (let i = 0; i < n; i++) {
      const r = s.recs[i]!
      s.byEvent[s.evFill[recs[r * RECORD]! % 65536]!++] = r
    }
    // value of each base metric day by day, and before exposure
    for (let mi = 0; mi < metrics.length; mi++) {
      const m = metrics[mi]!
      s.chN[mi] = 0
      s.pre[mi] = 0
      if (m.event < 0) continue
      const proportion = m.def.kind === 'proportion'
      let x = 0
      let pre = 0
      for (let i = s.evStart[m.event]!; i < s.evStart[m.event + 1]!; i++) {
        const r = s.byEvent[i]! * RECORD
        const t = recs[r + 1]!
        const value = recs[r + 2]!
        if (Number.isNaN(t)) {
          if (m.pre && acc.shape.covariates) pre += value
          continue
        }
        const rel = t - exposed
        if (rel < 0) {
          if (m.pre && !acc.shape.covariates && rel >= -acc.shape.lookbackMs) pre += proportion ? 1 : value
          continue
        }
        if (rel > m.windowMs) continue
        if (proportion) {
          if (x === 0) {
            x = 1
            s.pushChange(mi, Math.floor(t / DAY_MS) - day0, 1)
          }
        } else {
          x += value
          s.pushChange(mi, Math.floor(t / DAY_MS) - day0, x)
        }
      }
      s.pre[mi] = proportion ? (pre > 0 ? 1 : 0) : pre
    }
    // increments of the sums
    const unitsAt = v * D + uDay
    acc.unitsDaily[unitsAt]!++
    for (let k = 0; k < dims; k++) acc.unitsBySlice[slices[k]! * V + v]!++
    for (let mi = 0; mi < metrics.length; mi++) {
      const m = metrics[mi]!
      const daily = acc.daily[mi]!
      const bySlice = acc.bySlice[mi]!
      const add = (day: number, f: number, delta: number): void => {
        if (delta === 0) return
        daily[(v * D + day) * NF + f]! += delta
        for (let k = 0; k < dims; k++) bySlice[(slices[k]! * V + v) * NF + f]! += delta
      }
      add(uDay, F.n, 1)
      const cuped = m.def.cuped
      if (m.event >= 0) {
        const pre = s.pre[mi]!
        if (cuped) {
          add(uDay, F.p, pre)
          add(uDay, F.pp, pre * pre)
        }
        let a = 0
        for (let c = 0; c < s.chN[mi]!; c++) {
          const day = s.chDay[mi]![c]!
          const b = s.chVal[mi]![c]!
          add(day, F.x, b - a)
          add(day, F.xx, b * b - a * a)
          if (cuped) add(day, F.xp, (b - a) * pre)
          a = b
        }
        continue
      }
      // ratio: merge the change days of numerator and denominator
      const pa = s.pre[m.num]!
      const pb = s.pre[m.den]!
      if (cuped) {
        add(uDay, F.p, pa)
        add(uDay, F.pp, pa * pa)
        add(uDay, F.q, pb)
        add(uDay, F.qq, pb * pb)
        add(uDay, F.pq, pa * pb)
      }
      let i = 0
      let j = 0
      let m0 = 0
      let d0 = 0
      const nA = s.chN[m.num]!
      const nB = s.chN[m.den]!
      while (i < nA || j < nB) {
        const dayA = i < nA ? s.chDay[m.num]![i]! : Infinity
        const dayB = j < nB ? s.chDay[m.den]![j]! : Infinity
        const day = Math.min(dayA, dayB)
        const m1 = dayA === day ? s.chVal[m.num]![i++]! : m0
        const d1 = dayB === day ? s.chVal[m.den]![j++]! : d0
        add(day, F.x, m1 - m0)
        add(day, F.xx, m1 * m1 - m0 * m0)
        add(day, F.d, d1 - d0)
        add(day, F.dd, d1 * d1 - d0 * d0)
        add(day, F.xd, m1 * d1 - m0 * d0)
        if (cuped) {
          add(day, F.xp, (m1 - m0) * pa)
          add(day, F.dq, (d1 - d0) * pb)
          add(day, F.xq, (m1 - m0) * pb)
          add(day, F.pd, pa * (d1 - d0))
        }
        m0 = m1
        d0 = d1
      }
    }
  }
}
