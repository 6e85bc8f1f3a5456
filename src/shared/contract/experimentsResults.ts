/** Experiments: what the statistics engine hands back (results per metric and slice, time series, power). */
import { z } from 'zod'
import { Correction, Engine, Family, MetricKind, MetricRole } from './experimentsEnums'

const id = z.int().positive()

export const SrmView = z.object({
  pValue: z.number(),
  chiSquare: z.number(),
  units: z.array(z.number()),
  expected: z.array(z.number()),
  status: z.enum(['ok', 'mismatch', 'not-enough-traffic'])
})

/** Open ends of one-sided intervals travel as null (JSON has no infinity). */
const Bound = z.number().nullable()
export const VariationResult = z.object({
  variation: z.number(),
  key: z.string(),
  name: z.string(),
  units: z.number(),
  /** Mean per unit, unadjusted (for a ratio metric: Σ numerator / Σ denominator). */
  mean: z.number(),
  /** Against control (null for control itself). */
  estimate: z.number().nullable(),
  se: z.number().nullable(),
  ci: z.tuple([Bound, Bound]).nullable(),
  pValue: z.number().nullable(),
  pValueAdjusted: z.number().nullable(),
  ciAdjusted: z.tuple([Bound, Bound]).nullable(),
  chanceToWin: z.number().nullable(),
  /** Expected loss of keeping control, of shipping this variation. */
  risk: z.tuple([z.number(), z.number()]).nullable(),
  /** better / worse: significant (or chance to win beyond 95 % / below 5 %) in the metric's good / bad direction. */
  verdict: z.enum(['better', 'worse', 'flat', 'none']),
  error: z.string().nullable()
})
export type VariationResult = z.infer<typeof VariationResult>

export const MetricResult = z.object({
  key: z.string(),
  name: z.string(),
  kind: MetricKind,
  role: MetricRole,
  higherIsBetter: z.boolean(),
  /** CUPED was asked for and applied (θ ≠ 0). */
  cuped: z.boolean(),
  variations: z.array(VariationResult)
})
export type MetricResult = z.infer<typeof MetricResult>

export const SliceResult = z.object({
  dimension: z.string(),
  value: z.string(),
  units: z.array(z.number()),
  srm: SrmView,
  metrics: z.array(MetricResult)
})
export type SliceResult = z.infer<typeof SliceResult>

export const ResultsInput = z.strictObject({
  id,
  engine: Engine.optional(),
  difference: z.enum(['relative', 'absolute']).default('relative'),
  correction: Correction.optional(),
  family: Family.optional(),
  /** A dimension to break down by (every value of it), or null for the overall results only. */
  dimension: z.string().max(60).nullable().default(null)
})

export const Results = z.object({
  experimentId: z.number(),
  engine: Engine,
  difference: z.enum(['relative', 'absolute']),
  alpha: z.number(),
  correction: Correction,
  family: Family,
  /** null until data are imported. */
  importedAt: z.number().nullable(),
  overall: SliceResult.nullable(),
  dimension: z.string().nullable(),
  slices: z.array(SliceResult),
  /** Units seen in more than one variation (excluded from every figure). */
  multiExposed: z.number(),
  /** Why figures are missing (metrics added after the import …). */
  notes: z.array(z.string()),
  computeMs: z.number()
})
export type Results = z.infer<typeof Results>

export const Timeseries = z.object({
  metric: z.string(),
  engine: Engine,
  difference: z.enum(['relative', 'absolute']),
  /** Start of each UTC day (epoch ms); figures are cumulative up to the end of that day. */
  days: z.array(z.number()),
  variations: z.array(
    z.object({
      variation: z.number(),
      key: z.string(),
      name: z.string(),
      estimate: z.array(z.number().nullable()),
      lo: z.array(z.number().nullable()),
      hi: z.array(z.number().nullable()),
      units: z.array(z.number())
    })
  )
})
export type Timeseries = z.infer<typeof Timeseries>

export const PowerView = z.object({
  metric: z.string(),
  mde: z.number(),
  alpha: z.number(),
  targetPower: z.number(),
  sequential: z.boolean(),
  /** Control's mean and per-unit variance the plan uses (from the data so far), or null before data. */
  baseline: z.object({ mean: z.number(), variance: z.number() }).nullable(),
  /** Units needed in all variations for the MDE; null when out of reach. */
  sampleSize: z.number().nullable(),
  unitsSoFar: z.number(),
  unitsPerDay: z.number().nullable(),
  daysSoFar: z.number(),
  daysNeeded: z.number().nullable(),
  /** Power now for the MDE (planning formula at the units so far). */
  powerNow: z.number().nullable(),
  /** MDE detectable with the target power at the units so far. */
  mdeNow: z.number().nullable(),
  midExperiment: z.array(
    z.object({
      variation: z.number(),
      name: z.string(),
      power: z.number(),
      additionalUnits: z.number().nullable(),
      additionalDays: z.number().nullable(),
      status: z.enum(['powered', 'needs-more', 'unreachable', 'no-data'])
    })
  )
})
export type PowerView = z.infer<typeof PowerView>
