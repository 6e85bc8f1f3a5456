/** Stream labels: every entry carries service, environment, host, level and source, plus protocol labels. */
import { sanitizeLabel, type Labels } from '../../../shared/logs/logql/pipeline'

export type { Labels }

export const STANDARD_LABELS = ['service', 'environment', 'host', 'level', 'source'] as const

/** Sorted JSON of a label set: one stream per distinct key. */
export const labelsKey = (labels: Labels): string =>
  JSON.stringify(Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))

const first = (labels: Record<string, string | undefined>, keys: string[]): string | undefined => {
  for (const k of keys) {
    const v = labels[k]
    if (v) return v
  }
  return undefined
}

/** Protocol labels (Loki stream labels, OTLP resource attributes) with the standard five filled in from aliases and the source. */
export function streamLabels(
  given: Record<string, string>,
  defaults: { source: string; service: string; environment: string; host: string; level: string }
): Labels {
  const out: Labels = {}
  for (const [k, v] of Object.entries(given)) {
    const key = sanitizeLabel(k)
    if (key && v !== '') out[key] = String(v).slice(0, 500)
  }
  out.service = first(out, ['service', 'service_name', 'app', 'application', 'job']) ?? defaults.service
  out.environment = first(out, ['environment', 'env', 'deployment_environment', 'deployment_environment_name']) ?? defaults.environment
  out.host = first(out, ['host', 'hostname', 'host_name', 'instance', 'node']) ?? defaults.host
  out.level = defaults.level
  out.source = defaults.source
  for (const k of STANDARD_LABELS) if (!out[k]) out[k] = k === 'level' ? 'unknown' : ''
  for (const k of Object.keys(out)) if (out[k] === '') delete out[k]
  return out
}

/** The release an entry belongs to, from its fields or labels. */
export function releaseOf(...sources: (Record<string, string | undefined> | null | undefined)[]): string | null {
  for (const s of sources) {
    if (!s) continue
    const v = first(s, ['release', 'service_version', 'service.version', 'version', 'app_version', 'deploy', 'git_sha', 'commit'])
    if (v) return v.slice(0, 120)
  }
  return null
}
