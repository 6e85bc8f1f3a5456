/**
 * Load test thresholds in k6's syntax: `{ 'http_req_duration': ['p(95)<200'], 'http_req_failed{name:login}': ['rate<0.01'] }`,
 * each entry a string or `{ threshold, abortOnFail, delayAbortEval }`. Pure: parsing and evaluation only.
 */
import { parseDuration } from '../health/format'

export const METRICS = {
  http_req_duration: 'trend',
  http_req_failed: 'rate',
  http_reqs: 'counter',
  iterations: 'counter',
  dropped_iterations: 'counter',
  data_received: 'counter'
} as const
export type MetricName = keyof typeof METRICS
type MetricKind = (typeof METRICS)[MetricName]

export type Aggregation =
  | { kind: 'avg' | 'min' | 'max' | 'med' | 'rate' | 'count' }
  | {
      kind: 'p'
      /** 0..1 */
      p: number
    }

const AGGS: Record<MetricKind, string[]> = {
  trend: ['avg', 'min', 'max', 'med', 'p'],
  rate: ['rate'],
  counter: ['count', 'rate']
}
const OPS = ['===', '==', '!=', '<=', '>=', '<', '>'] as const
export type ThresholdOp = (typeof OPS)[number]

export interface ThresholdEntry {
  threshold: string
  abortOnFail?: boolean | undefined
  delayAbortEval?: string | undefined
}

export interface ParsedThreshold {
  /** The metric key as written, e.g. `http_req_duration{name:checkout}`. */
  key: string
  metric: MetricName
  tags: Record<string, string>
  source: string
  agg: Aggregation
  op: ThresholdOp
  value: number
  abortOnFail: boolean
  delayAbortEvalMs: number
}

export class ThresholdSyntaxError extends Error {
  override name = 'ThresholdSyntaxError'
  constructor(
    message: string,
    /** The metric key the error is about (a field name for forms). */
    readonly key: string
  ) {
    super(message)
  }
}

const KEY_RE = /^\s*([a-z_][a-z0-9_]*)\s*(?:\{([^}]*)\})?\s*$/

/** `http_req_duration{name:checkout, method:GET}` → metric and tag filter. */
export function parseMetricKey(key: string): { metric: MetricName; tags: Record<string, string> } {
  const m = KEY_RE.exec(key)
  if (!m) throw new ThresholdSyntaxError(`"${key}" is not a metric name with an optional {tag:value} filter`, key)
  const metric = m[1]!
  if (!(metric in METRICS)) throw new ThresholdSyntaxError(`unknown metric ${metric} (known: ${Object.keys(METRICS).join(', ')})`, key)
  const tags: Record<string, string> = {}
  if (m[2] !== undefined) {
    for (const part of m[2].split(',')) {
      const at = part.indexOf(':')
      const name = part.slice(0, at).trim()
      const value = part.slice(at + 1).trim()
      if (at < 0 || !/^[a-zA-Z_][\w]*$/.test(name) || value === '')
        throw new ThresholdSyntaxError(`tag filter "${part.trim()}" must be name:value`, key)
      tags[name] = value
    }
  }
  return { metric: metric as MetricName, tags }
}

/** `p(95) < 200`, `rate<0.01`, `count==0` for a metric. */
export function parseExpression(metric: MetricName, text: string, key: string): Pick<ParsedThreshold, 'agg' | 'op' | 'value'> {
  const src = text.trim()
  const op = OPS.find((o) => src.includes(o))
  if (!op) throw new ThresholdSyntaxError(`"${src}": missing operator (one of < <= > >= == != ===)`, key)
  const at = src.indexOf(op)
  const left = src.slice(0, at).trim()
  const right = src.slice(at + op.length).trim()
  if (!/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(right)) throw new ThresholdSyntaxError(`"${src}": "${right}" is not a number`, key)
  const kind = METRICS[metric]
  const pm = /^p\(\s*(\d+(?:\.\d+)?)\s*\)$/.exec(left)
  let agg: Aggregation
  if (pm) {
    const p = Number(pm[1])
    if (p < 0 || p > 100) throw new ThresholdSyntaxError(`"${src}": a percentile is between p(0) and p(100)`, key)
    agg = { kind: 'p', p: p / 100 }
  } else if (['avg', 'min', 'max', 'med', 'rate', 'count'].includes(left)) {
    agg = { kind: left as 'avg' }
  } else throw new ThresholdSyntaxError(`"${src}": unknown aggregation "${left}"`, key)
  if (!AGGS[kind].includes(agg.kind))
    throw new ThresholdSyntaxError(
      `"${src}": ${metric} is a ${kind}; use ${AGGS[kind].map((a) => (a === 'p' ? 'p(N)' : a)).join(', ')}`,
      key
    )
  return { agg, op, value: Number(right) }
}

/** Parses every threshold; throws ThresholdSyntaxError naming the metric key. */
export function parseThresholds(map: Record<string, readonly (string | ThresholdEntry)[]>): ParsedThreshold[] {
  const out: ParsedThreshold[] = []
  for (const [key, list] of Object.entries(map)) {
    const { metric, tags } = parseMetricKey(key)
    for (const item of list) {
      const entry: ThresholdEntry = typeof item === 'string' ? { threshold: item } : item
      let delay = 0
      if (entry.delayAbortEval) {
        const ms = parseDuration(entry.delayAbortEval)
        if (ms === undefined) throw new ThresholdSyntaxError(`delayAbortEval "${entry.delayAbortEval}" is not a duration like 10s`, key)
        delay = ms
      }
      out.push({
        key: key.trim(),
        metric,
        tags,
        source: entry.threshold.trim(),
        ...parseExpression(metric, entry.threshold, key),
        abortOnFail: entry.abortOnFail === true,
        delayAbortEvalMs: delay
      })
    }
  }
  return out
}

export const compare = (a: number, op: ThresholdOp, b: number): boolean => {
  switch (op) {
    case '<':
      return a < b
    case '<=':
      return a <= b
    case '>':
      return a > b
    case '>=':
      return a >= b
    case '==':
    case '===':
      return a === b
    case '!=':
      return a !== b
  }
}

export const aggregationLabel = (a: Aggregation): string => (a.kind === 'p' ? `p(${+(a.p * 100).toFixed(4)})` : a.kind)
