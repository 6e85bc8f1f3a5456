/**
 * Alert rules and destinations as YAML (`*.alerts.yaml` in the provisioned folder). Services, checks and destinations are
 * named, not numbered; a destination's secret is never in the file: `secretEnv` names an environment variable of the
 * console, and without it the secret set in the console is kept.
 *
 *   destinations:
 *     - { name: On-call Slack, kind: slack, channel: '#oncall', secretEnv: CC_SLACK_ONCALL }
 *   rules:
 *     - name: Checkout slow
 *       service: checkout            # with environment: when the name is in several
 *       environment: production
 *       condition: { signal: latency, percentile: 95, aboveMs: 800 }
 *       for: 5m
 *       destinations: [On-call Slack]
 */
import { isMap, LineCounter, parseDocument, stringify, type Document } from 'yaml'
import { z } from 'zod'
import { ChannelConfig, NotifyChannelInput, RuleCondition, RuleInput } from '../../../shared/contract'
import { formatDurationShort, parseDuration } from '../../../shared/duration'
import { issueText, posAt, positionOf, showPath, YamlError, type YamlIssue } from '../../core/yamlIssues'

const duration = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (parseDuration(v) ?? v) : v),
    z.int('must be seconds or a duration such as 5m').min(0).max(max).default(0)
  )

const RuleYaml = z.strictObject({
  name: RuleInput.shape.name,
  service: z.string().trim().min(1).max(200).optional(),
  environment: z.string().trim().min(1).max(200).optional(),
  check: z.string().trim().min(1).max(200).optional(),
  condition: RuleCondition,
  for: duration(86_400),
  severity: RuleInput.shape.severity,
  labels: RuleInput.shape.labels,
  runbook: RuleInput.shape.runbook,
  destinations: z.array(z.string().trim().min(1)).max(20).default([]),
  reminder: duration(7 * 86_400),
  notifyResolve: z.boolean().default(true),
  enabled: z.boolean().default(true)
})
export type RuleYaml = z.output<typeof RuleYaml>

const DestinationYaml = z.strictObject({
  name: NotifyChannelInput.shape.name,
  enabled: z.boolean().default(true),
  secretEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable')
    .optional(),
  config: ChannelConfig
})
export type DestinationYaml = z.output<typeof DestinationYaml>

/** Where something of the file is, for errors found after parsing (an unknown service, a missing variable). */
export type Locate = (path: (string | number)[], message: string) => YamlIssue

export interface ParsedAlerts {
  rules: RuleYaml[]
  destinations: DestinationYaml[]
  locate: Locate
}

/** Destination fields sit beside `kind` in the file; the contract keeps them in `config`. */
function toDestination(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw
  const { name, enabled, secretEnv, ...config } = raw as Record<string, unknown>
  return { name, enabled, secretEnv, config }
}

const LIST_KEYS = ['destinations', 'rules'] as const

/** Parses and validates; throws a YamlError naming line, column and field of every problem. */
export function parseAlertsYaml(text: string): ParsedAlerts {
  const lines = new LineCounter()
  const doc: Document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true })
  const locate: Locate = (p, message) => ({ ...positionOf(doc, lines, p), field: showPath(p), message })
  const issues: YamlIssue[] = doc.errors
    .slice(0, 10)
    .map((e) => ({ ...posAt(lines, e.pos[0]), field: '', message: e.message.split('\n')[0]! }))
  if (issues.length) throw alertsError(issues)
  if (!isMap(doc.contents)) throw alertsError([locate([], 'expected "rules:" and/or "destinations:" lists')])
  const js = (doc.toJS() ?? {}) as Record<string, unknown>
  for (const key of Object.keys(js))
    if (!(LIST_KEYS as readonly string[]).includes(key)) issues.push(locate([key], 'unknown field (known: rules, destinations)'))
  const out: ParsedAlerts = { rules: [], destinations: [], locate }
  const each = <T>(key: (typeof LIST_KEYS)[number], schema: z.ZodType<T>, map: (raw: unknown) => unknown, push: (v: T) => void): void => {
    const list = js[key]
    if (list === undefined || list === null) return
    if (!Array.isArray(list)) return void issues.push(locate([key], 'must be a list'))
    list.forEach((raw, i) => {
      const r = schema.safeParse(map(raw))
      if (r.success) return push(r.data)
      const seen = new Set<string>()
      for (const issue of r.error.issues.slice(0, 10)) {
        const unknown = issue.code === 'unrecognized_keys' ? ((issue as { keys?: string[] }).keys ?? []) : []
        const p = [
          key,
          i,
          ...issue.path.filter((s) => s !== 'config').map((s) => (typeof s === 'number' ? s : String(s))),
          ...unknown.slice(0, 1)
        ]
        const field = showPath(p)
        if (seen.has(field)) continue
        seen.add(field)
        issues.push(locate(p, unknown.length ? 'unknown field' : issue.message))
      }
    })
  }
  each('destinations', DestinationYaml, toDestination, (d) => out.destinations.push(d))
  each(
    'rules',
    RuleYaml,
    (r) => r,
    (r) => out.rules.push(r)
  )
  for (const [key, names] of [
    ['destinations', out.destinations.map((d) => d.name)],
    ['rules', out.rules.map((r) => r.name)]
  ] as const)
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) issues.push(locate([key, i, 'name'], `"${n}" appears twice`))
    })
  if (issues.length) throw alertsError(issues)
  return out
}

export function alertsError(issues: YamlIssue[]): YamlError {
  return new YamlError('yaml', `yaml: ${issues.slice(0, 20).map(issueText).join('; ')}`, issues)
}

/** Rules and destinations as the file holds them; keys sorted, so the same configuration gives the same bytes. */
export function alertsYaml(destinations: DestinationYaml[], rules: RuleYaml[]): string {
  const doc = {
    destinations: destinations.map(({ config, secretEnv, ...d }) => ({ ...d, ...config, ...(secretEnv ? { secretEnv } : {}) })),
    rules: rules.map((r) => ({ ...r, for: formatDurationShort(r.for), reminder: formatDurationShort(r.reminder) }))
  }
  return `# Control Console alert rules and destinations (secrets stay out: secretEnv names an environment variable)\n${stringify(doc, { lineWidth: 0, sortMapEntries: true })}`
}
