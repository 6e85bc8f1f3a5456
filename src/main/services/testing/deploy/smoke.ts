/** One smoke request of a verification suite: its status and the health area's Gatus conditions on the answer. */
import { performance } from 'node:perf_hooks'
import type { SmokeRequest, SuiteReport } from '../../../../shared/contract/testing'
import { conditionsNeedJson, evaluateConditions, parseConditions, type JsonBody } from '../../../../shared/health/conditions'
import { statusAccepted } from '../../../../shared/health/types'

const BODY_CAP = 1024 * 1024

export async function runSmoke(r: SmokeRequest, now: () => number): Promise<SuiteReport['smoke'][number]> {
  const conditions = parseConditions(r.conditions)
  const started = performance.now()
  const base = { name: r.name, method: r.method, url: r.url }
  let res: Response
  try {
    res = await fetch(r.url, {
      method: r.method,
      headers: { 'user-agent': 'control-console-verify', ...r.headers },
      ...(r.body && !['GET', 'HEAD'].includes(r.method) ? { body: r.body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(r.timeoutMs)
    })
  } catch (err) {
    const latencyMs = performance.now() - started
    const e = err as Error & { cause?: { code?: string } }
    const error = e.name === 'TimeoutError' ? `no answer within ${r.timeoutMs} ms` : (e.cause?.code ?? e.message)
    const results = evaluateConditions(conditions, { responseTimeMs: latencyMs, connected: false, now: now() })
    return { ...base, status: null, latencyMs: round(latencyMs), ok: false, error, conditions: results }
  }
  const buf = Buffer.from(await res.arrayBuffer()).subarray(0, BODY_CAP)
  const latencyMs = performance.now() - started
  const bodyText = buf.toString('utf8')
  let json: JsonBody | undefined
  if (conditionsNeedJson(conditions)) {
    try {
      json = { ok: true, value: JSON.parse(bodyText) as unknown }
    } catch (err) {
      json = { ok: false, error: (err as Error).message }
    }
  }
  const results = evaluateConditions(conditions, {
    statusCode: res.status,
    responseTimeMs: latencyMs,
    bodyText,
    ...(json ? { json } : {}),
    connected: true,
    now: now()
  })
  const statusOk = statusAccepted(res.status, r.expectStatus)
  const failed = results.filter((c) => !c.ok)
  const error = !statusOk
    ? `status ${res.status}, expected ${r.expectStatus.join(', ')}`
    : failed.length
      ? `failed: ${failed.map((c) => `${c.condition} (actual ${c.actual})`).join('; ')}`
      : null
  return { ...base, status: res.status, latencyMs: round(latencyMs), ok: error === null, error, conditions: results }
}

const round = (ms: number): number => Math.round(ms * 100) / 100
