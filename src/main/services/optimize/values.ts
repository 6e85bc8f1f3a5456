/** Values as the workspace and the contract carry them (JSON has no Infinity or NaN), and parameter specs. */
import type { ParamSpec, TrialValue } from '../../../shared/contract/optimize'
import type { Distribution } from './optuna/types'

export const toJsonValue = (v: number): TrialValue => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v)
export const fromJsonValue = (v: TrialValue): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v)

/** One spec per parameter over all trials: the widest range seen, or the categorical choices. */
export function paramSpecsOf(dists: Record<string, Distribution>[]): ParamSpec[] {
  const specs = new Map<string, ParamSpec>()
  for (const ds of dists)
    for (const [name, d] of Object.entries(ds)) {
      const s = specs.get(name)
      if (d.kind === 'categorical') specs.set(name, { name, kind: 'categorical', low: null, high: null, log: false, choices: d.choices })
      else
        specs.set(name, {
          name,
          kind: d.kind,
          low: Math.min(d.low, s?.low ?? Infinity),
          high: Math.max(d.high, s?.high ?? -Infinity),
          log: d.log,
          choices: null
        })
    }
  return [...specs.values()].sort((a, b) => a.name.localeCompare(b.name))
}
