/** One Optuna study as read from a storage (RDB or journal file), in Optuna's external representation. */

export type TrialState = 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL' | 'WAITING'
export const TRIAL_STATES: readonly TrialState[] = ['RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING']
export type Direction = 'minimize' | 'maximize'

/** Optuna's distributions (`distribution_json`), as stored. */
export type Distribution =
  | { kind: 'float'; low: number; high: number; log: boolean; step: number | null }
  | { kind: 'int'; low: number; high: number; log: boolean; step: number }
  | { kind: 'categorical'; choices: (string | number | boolean | null)[] }

export type ParamValue = string | number | boolean | null

export interface OptunaTrial {
  number: number
  state: TrialState
  /** One per objective; ±Infinity kept, NaN as NaN; empty when the trial has none. */
  values: number[]
  params: Record<string, ParamValue>
  distributions: Record<string, Distribution>
  /** step → value */
  intermediate: [number, number][]
  userAttrs: Record<string, unknown>
  startedAt: number | null
  completedAt: number | null
}

export interface OptunaStudy {
  name: string
  directions: Direction[]
  userAttrs: Record<string, unknown>
  trials: OptunaTrial[]
}

export class OptunaFormatError extends Error {
  override name = 'OptunaFormatError'
}

/** Parses `distribution_json` (Optuna ≥ 3: Float/Int/Categorical; 2.x names mapped onto them). */
export function parseDistribution(json: string, where: string): Distribution {
  let d: { name?: string; attributes?: Record<string, unknown> }
  try {
    d = JSON.parse(json) as typeof d
  } catch {
    throw new OptunaFormatError(`${where}: distribution_json is not JSON`)
  }
  const a = d.attributes ?? {}
  const num = (k: string): number => {
    const v = a[k]
    if (typeof v !== 'number') throw new OptunaFormatError(`${where}: distribution ${d.name} has no numeric "${k}"`)
    return v
  }
  switch (d.name) {
    case 'FloatDistribution':
      return { kind: 'float', low: num('low'), high: num('high'), log: a.log === true, step: typeof a.step === 'number' ? a.step : null }
    case 'UniformDistribution':
      return { kind: 'float', low: num('low'), high: num('high'), log: false, step: null }
    case 'LogUniformDistribution':
      return { kind: 'float', low: num('low'), high: num('high'), log: true, step: null }
    case 'DiscreteUniformDistribution':
      return { kind: 'float', low: num('low'), high: num('high'), log: false, step: num('q') }
    case 'IntDistribution':
      return { kind: 'int', low: num('low'), high: num('high'), log: a.log === true, step: typeof a.step === 'number' ? a.step : 1 }
    case 'IntUniformDistribution':
      return { kind: 'int', low: num('low'), high: num('high'), log: false, step: typeof a.step === 'number' ? a.step : 1 }
    case 'IntLogUniformDistribution':
      return { kind: 'int', low: num('low'), high: num('high'), log: true, step: 1 }
    case 'CategoricalDistribution':
      if (!Array.isArray(a.choices)) throw new OptunaFormatError(`${where}: categorical distribution without choices`)
      return { kind: 'categorical', choices: a.choices as ParamValue[] }
    default:
      throw new OptunaFormatError(`${where}: unknown distribution "${String(d.name)}"`)
  }
}

/** Optuna's internal representation → the value the objective saw (categorical: an index into the choices). */
export function externalValue(d: Distribution, internal: number, where: string): ParamValue {
  if (d.kind === 'categorical') {
    const i = Math.round(internal)
    if (i < 0 || i >= d.choices.length)
      throw new OptunaFormatError(`${where}: choice index ${internal} outside ${d.choices.length} choices`)
    return d.choices[i]!
  }
  return d.kind === 'int' ? Math.round(internal) : internal
}

/** Optuna's datetimes ("2026-12-06 04:17:56.882291" or ISO with T), naive local time as UTC ms. */
export function parseOptunaTime(s: unknown): number | null {
  if (typeof s !== 'string' || !s) return null
  const t = Date.parse(s.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1') + (/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? '' : 'Z'))
  return Number.isFinite(t) ? t : null
}
