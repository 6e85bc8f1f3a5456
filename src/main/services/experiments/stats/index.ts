/** The experiments stats engine: statistics, effects, frequentist / sequential / Bayesian tests, SRM, corrections, power. */
export * from './statistic'
export * from './effect'
export * from './frequentist'
export * from './bayesian'
export * from './srm'
export * from './corrections'
export * from './power'
