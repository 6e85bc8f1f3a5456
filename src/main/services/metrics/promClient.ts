/**
 * A client for the Prometheus HTTP API (/api/v1), as Prometheus, Mimir, Thanos and VictoriaMetrics serve it:
 * the base URL may carry a path (VictoriaMetrics' /select/<tenant>/prometheus), Mimir's tenant goes in
 * X-Scope-OrgID, auth is a bearer token or basic auth. Sample values arrive as strings ("NaN", "+Inf").
 */
export type PromAuth = { kind: 'none' } | { kind: 'bearer'; token: string } | { kind: 'basic'; username: string; password: string }

export interface PromConnection {
  url: string
  auth: PromAuth
  tenant: string | null
  timeoutMs?: number
}

export interface PromSeries {
  labels: Record<string, string>
  points: [number, number][]
}

export interface PromResult {
  resultType: 'vector' | 'matrix' | 'scalar' | 'string'
  series: PromSeries[]
  warnings: string[]
}

/** Prometheus refuses a range query with more points per series than this. */
export const MAX_POINTS = 11_000

export class PromApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errorType: string
  ) {
    super(message)
    this.name = 'PromApiError'
  }
}

/** "NaN", "+Inf", "-Inf" and decimals, as the API writes sample values. */
export function sampleValue(s: string): number {
  if (s === 'NaN') return NaN
  if (s === '+Inf' || s === 'Inf') return Infinity
  if (s === '-Inf') return -Infinity
  return Number(s)
}

const NICE_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]

/** A step (s) for [start, end] (ms): about `points` points, never more than MAX_POINTS, rounded to a readable step. */
export function chooseStep(startMs: number, endMs: number, points = 500, minStepS = 1): number {
  const span = Math.max(0, endMs - startMs) / 1000
  const least = Math.max(minStepS, span / (MAX_POINTS - 1), span / Math.max(1, points))
  return NICE_STEPS_S.find((s) => s >= least) ?? Math.ceil(least / 86400) * 86400
}

function endpoint(conn: PromConnection, path: string): string {
  return `${conn.url.replace(/\/+$/, '')}/api/v1/${path}`
}

function headers(conn: PromConnection): Record<string, string> {
  const h: Record<string, string> = { accept: 'application/json' }
  if (conn.auth.kind === 'bearer') h.authorization = `Bearer ${conn.auth.token}`
  if (conn.auth.kind === 'basic') h.authorization = `Basic ${Buffer.from(`${conn.auth.username}:${conn.auth.password}`).toString('base64')}`
  if (conn.tenant) h['X-Scope-OrgID'] = conn.tenant
  return h
}

async function call(conn: PromConnection, path: string, params: [string, string][]): Promise<{ data: unknown; warnings: string[] }> {
  const body = new URLSearchParams(params)
  let res: Response
  try {
    res = await fetch(endpoint(conn, path), {
      method: 'POST',
      headers: { ...headers(conn), 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(conn.timeoutMs ?? 30_000)
    })
  } catch (err) {
    throw new PromApiError(`cannot reach ${conn.url}: ${(err as Error).message}`, 0, 'unreachable')
  }
  const text = await res.text()
  let json: { status?: string; data?: unknown; errorType?: string; error?: string; warnings?: string[] }
  try {
    json = JSON.parse(text)
  } catch {
    const hint = res.status === 401 || res.status === 403 ? ' (check the token or password)' : ''
    throw new PromApiError(
      `${conn.url} answered HTTP ${res.status} without a Prometheus API body${hint}: ${text.slice(0, 200)}`,
      res.status,
      'http'
    )
  }
  if (json.status !== 'success') {
    throw new PromApiError(
      `${json.errorType ?? 'error'} (HTTP ${res.status}): ${json.error ?? text.slice(0, 200)}`,
      res.status,
      json.errorType ?? 'http'
    )
  }
  return { data: json.data, warnings: json.warnings ?? [] }
}

type RawSeries = { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] }

function toResult(data: unknown, warnings: string[]): PromResult {
  const d = data as { resultType: PromResult['resultType']; result: unknown }
  if (d.resultType === 'scalar' || d.resultType === 'string') {
    const [t, v] = d.result as [number, string]
    return { resultType: d.resultType, series: [{ labels: {}, points: [[t * 1000, sampleValue(v)]] }], warnings }
  }
  const series = (d.result as RawSeries[]).map((s) => ({
    labels: s.metric,
    points: (s.values ?? (s.value ? [s.value] : [])).map(([t, v]) => [Math.round(t * 1000), sampleValue(v)] as [number, number])
  }))
  return { resultType: d.resultType, series, warnings }
}

const secs = (ms: number): string => (ms / 1000).toString()

export async function promQuery(conn: PromConnection, query: string, timeMs: number): Promise<PromResult> {
  const { data, warnings } = await call(conn, 'query', [
    ['query', query],
    ['time', secs(timeMs)]
  ])
  return toResult(data, warnings)
}

export async function promQueryRange(
  conn: PromConnection,
  query: string,
  startMs: number,
  endMs: number,
  stepS: number
): Promise<PromResult> {
  if ((endMs - startMs) / 1000 / stepS + 1 > MAX_POINTS)
    throw new PromApiError(`step ${stepS}s gives more than ${MAX_POINTS} points per series; use a longer step`, 400, 'bad_data')
  const { data, warnings } = await call(conn, 'query_range', [
    ['query', query],
    ['start', secs(startMs)],
    ['end', secs(endMs)],
    ['step', String(stepS)]
  ])
  return toResult(data, warnings)
}

export async function promSeries(conn: PromConnection, match: string[], startMs: number, endMs: number): Promise<Record<string, string>[]> {
  const { data } = await call(conn, 'series', [
    ...match.map((m) => ['match[]', m] as [string, string]),
    ['start', secs(startMs)],
    ['end', secs(endMs)]
  ])
  return data as Record<string, string>[]
}

export async function promLabels(conn: PromConnection): Promise<string[]> {
  return (await call(conn, 'labels', [])).data as string[]
}

export async function promLabelValues(conn: PromConnection, name: string): Promise<string[]> {
  let res: Response
  try {
    res = await fetch(endpoint(conn, `label/${encodeURIComponent(name)}/values`), {
      headers: headers(conn),
      signal: AbortSignal.timeout(conn.timeoutMs ?? 30_000)
    })
  } catch (err) {
    throw new PromApiError(`cannot reach ${conn.url}: ${(err as Error).message}`, 0, 'unreachable')
  }
  const json = (await res.json().catch(() => ({}))) as { status?: string; data?: string[]; error?: string; errorType?: string }
  if (json.status !== 'success')
    throw new PromApiError(`${json.errorType ?? 'error'} (HTTP ${res.status}): ${json.error ?? ''}`, res.status, json.errorType ?? 'http')
  return json.data ?? []
}
