/** Experiments: the fixed vocabularies (statuses, engines, metric kinds and roles, corrections, decisions). */
import { z } from 'zod'

export const EXPERIMENT_STATUSES = ['draft', 'running', 'stopped', 'decided'] as const
export const ExperimentStatus = z.enum(EXPERIMENT_STATUSES)
export type ExperimentStatus = z.infer<typeof ExperimentStatus>

export const ENGINES = ['frequentist', 'sequential', 'bayesian'] as const
export const Engine = z.enum(ENGINES)
export type Engine = z.infer<typeof Engine>
export const ENGINE_LABELS: Record<Engine, string> = {
  frequentist: 'Frequentist (Welch t-test)',
  sequential: 'Sequential (always valid)',
  bayesian: 'Bayesian'
}

export const METRIC_KINDS = ['proportion', 'mean', 'ratio'] as const
export const MetricKind = z.enum(METRIC_KINDS)
export type MetricKind = z.infer<typeof MetricKind>

export const METRIC_ROLES = ['primary', 'secondary', 'guardrail'] as const
export const MetricRole = z.enum(METRIC_ROLES)
export type MetricRole = z.infer<typeof MetricRole>

export const CORRECTIONS = ['none', 'holm-bonferroni', 'benjamini-hochberg'] as const
export const Correction = z.enum(CORRECTIONS)
/** Which p-values are corrected together: every goal metric, variation and dimension value of a view, or one metric at a time. */
export const FAMILIES = ['all', 'metric'] as const
export const Family = z.enum(FAMILIES)

export const DECISIONS = ['ship', 'rollback', 'keep-running'] as const
export const Decision = z.enum(DECISIONS)
export type Decision = z.infer<typeof Decision>
