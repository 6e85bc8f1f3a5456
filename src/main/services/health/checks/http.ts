// HTTP(S) check: one deadline over connect + headers + body + redirects, then judge the response
// (status ranges, keyword, JSON health report, conditions).
import { performance } from 'node:perf_hooks'
import {
  conditionsNeedJson,
  conditionsUse,
  evaluateConditions,
  parseConditions,
  type JsonBody,
  type ParsedCondition
} from '../../../../shared/health/conditions'
import { startDeadline } from './deadline'
import { describeFailure, type Failure } from './failures'
import { formatBytes, roundMs } from '../../../../shared/health/format'
import { describeHealth, healthCheckStatus, parseHealthReport } from './healthJson'
import { fetchWithRedirects, type HttpResponse } from './httpTransport'
import { statusAccepted, type CheckOutcome, type ConditionResult, type HttpCheckConfig } from '../../../../shared/health/types'

export interface HttpCheckDeps {
  /** Caller's cancel signal. */
  signal?: AbortSignal
  /** Wall clock for certificate expiry (defaults to Date.now). */
  clock?: { now(): number }
  /** Extra trusted CA certificates (PEM). */
  ca?: string | string[]
}

const SNIPPET_BYTES = 2048
const DAY_MS = 86_400_000

/** Parsed conditions per (validated, never mutated) config object. */
const parsedConditions = new WeakMap<HttpCheckConfig, ParsedCondition[]>()

function conditionsOf(cfg: HttpCheckConfig): ParsedCondition[] {
  let parsed = parsedConditions.get(cfg)
  if (!parsed) parsedConditions.set(cfg, (parsed = parseConditions(cfg.conditions)))
  return parsed
}

export async function runHttpCheck(cfg: HttpCheckConfig, deps: HttpCheckDeps = {}): Promise<CheckOutcome> {
  const started = performance.now()
  const elapsed = (): number => roundMs(performance.now() - started)
  const now = deps.clock?.now() ?? Date.now()
  let conditions: ParsedCondition[]
  try {
    conditions = conditionsOf(cfg)
  } catch (err) {
    return { status: 'DOWN', latencyMs: 0, error: (err as Error).message, errorKind: 'condition' }
  }

  const progress = { connected: false }
  const deadline = startDeadline(cfg.timeoutMs, deps.signal)
  let response: HttpResponse
  try {
    response = await fetchWithRedirects(cfg, { signal: deadline.signal, progress, ...(deps.ca && { ca: deps.ca }) })
  } catch (err) {
    return transportFailure(describeFailure(err, hostPort(cfg.url)), conditions, progress.connected, elapsed(), now)
  } finally {
    deadline.dispose()
  }
  return judgeResponse(cfg, conditions, response, elapsed(), now)
}

/** No response: still evaluate conditions on [CONNECTED] so "[CONNECTED] == false" checks can pass. */
function transportFailure(
  failure: Failure,
  conditions: ParsedCondition[],
  connected: boolean,
  latencyMs: number,
  now: number
): CheckOutcome {
  const outcome: CheckOutcome = { status: 'DOWN', latencyMs, ...failure }
  if (failure.errorKind === 'cancelled' || !conditionsUse(conditions, 'CONNECTED')) return outcome
  const conditionResults = evaluateConditions(conditions, { responseTimeMs: latencyMs, connected, now })
  return conditionResults.every((r) => r.ok) ? { status: 'UP', latencyMs, conditionResults } : { ...outcome, conditionResults }
}

function judgeResponse(
  cfg: HttpCheckConfig,
  conditions: ParsedCondition[],
  res: HttpResponse,
  latencyMs: number,
  now: number
): CheckOutcome {
  const outcome: CheckOutcome = { status: 'UP', latencyMs, statusCode: res.statusCode, bodyBytes: res.bodyBytes }
  const whole = res.body.length <= SNIPPET_BYTES // then the snippet is the text: decode once
  if (res.body.length > 0) outcome.snippet = (whole ? res.body : res.body.subarray(0, SNIPPET_BYTES)).toString('utf8')
  if (res.certValidTo !== undefined) {
    outcome.certExpiresAt = res.certValidTo
    outcome.certDaysLeft = Math.floor((res.certValidTo - now) / DAY_MS)
  }
  if (res.tooLarge) return down(outcome, { error: `response body exceeds ${formatBytes(cfg.maxBodyBytes)}`, errorKind: 'body_too_large' })

  const text = whole ? (outcome.snippet ?? '') : res.body.toString('utf8')
  const mediaType = String(res.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase()
  const claimsJson = /^application\/(?:[\w.-]+\+)?json$/.test(mediaType)
  const healthType = mediaType === 'application/health+json' || mediaType.startsWith('application/vnd.spring-boot.actuator')
  const json = claimsJson || conditionsNeedJson(conditions) ? parseJson(text) : undefined
  const jsonNeeded = conditionsNeedJson(conditions) || (cfg.interpretHealth && healthType)

  const report = cfg.interpretHealth && json?.ok ? parseHealthReport(json.value) : undefined
  if (report) outcome.components = report.components
  if (conditions.length > 0) {
    const ctx = { statusCode: res.statusCode, responseTimeMs: latencyMs, bodyText: text, connected: true, now }
    outcome.conditionResults = evaluateConditions(conditions, {
      ...ctx,
      ...(json && { json }),
      ...(res.certValidTo !== undefined && { certExpiresAt: res.certValidTo })
    })
  }

  // First problem wins, in this order.
  if (!statusAccepted(res.statusCode, cfg.acceptedStatus)) {
    return down(outcome, { error: `unexpected status ${res.statusCode} (accepted: ${cfg.acceptedStatus.join(', ')})`, errorKind: 'status' })
  }
  const keywordProblem = checkKeyword(cfg, text)
  if (keywordProblem) return down(outcome, { error: keywordProblem, errorKind: 'keyword' })
  if (json && !json.ok && claimsJson && jsonNeeded) {
    return down(outcome, { error: `response claims ${mediaType} but is not valid JSON: ${json.error}`, errorKind: 'invalid_json' })
  }
  if (cfg.interpretHealth && healthType && json?.ok && !report) {
    return down(outcome, { error: 'health response has no recognised "status" field', errorKind: 'protocol' })
  }
  const failed = outcome.conditionResults?.filter((r) => !r.ok) ?? []
  if (failed.length > 0) return down(outcome, { error: describeFailedConditions(failed, conditions.length), errorKind: 'condition' })
  if (report && healthCheckStatus(report) !== 'UP') {
    return { ...outcome, status: healthCheckStatus(report), error: describeHealth(report), errorKind: 'health' }
  }
  return outcome
}

const down = (outcome: CheckOutcome, failure: Failure): CheckOutcome => ({ ...outcome, status: 'DOWN', ...failure })

/** Ranges like "200-299", single codes "204", or classes "2xx". */
function checkKeyword(cfg: HttpCheckConfig, text: string): string | undefined {
  if (cfg.keyword === undefined) return undefined
  const found = text.includes(cfg.keyword)
  if (cfg.keywordMode === 'present' && !found) return `keyword "${cfg.keyword}" not found in the response body`
  if (cfg.keywordMode === 'absent' && found) return `keyword "${cfg.keyword}" found in the response body`
  return undefined
}

function parseJson(text: string): JsonBody {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch (err) {
    return { ok: false, error: (err as Error).message }
  }
}

function describeFailedConditions(failed: ConditionResult[], total: number): string {
  const first = failed[0]!
  const more = failed.length > 1 ? ` (${failed.length} of ${total} conditions failed)` : ''
  return `condition failed: ${first.condition} (actual: ${first.actual ?? 'n/a'})${more}`
}

function hostPort(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined
  const u = new URL(url)
  return `${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`
}
