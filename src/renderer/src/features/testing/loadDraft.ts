/** The load-test editor's draft: what the user types (stages as "30s:50", thresholds one per line), and the plan it makes. */
import type { LoadPlanInput, LoadTestDetail } from './types'
import { formatDuration, parseDuration } from '../../../../shared/health/format'

export type ExecutorKind = 'constant-arrival-rate' | 'ramping-arrival-rate' | 'constant-vus' | 'ramping-vus'

export interface RequestDraft {
  name: string
  method: string
  url: string
  headers: string
  body: string
  weight: string
  expectStatus: string
}

export interface LoadDraft {
  name: string
  serviceId: string
  kind: ExecutorKind
  rate: string
  duration: string
  preAllocatedVUs: string
  maxVUs: string
  startRate: string
  stages: string
  vus: string
  startVUs: string
  thinkMs: string
  thresholds: string
  variablesFile: string
  timeoutMs: string
  maxRequests: string
  insecureTls: boolean
  requests: RequestDraft[]
}

export const emptyRequest = (): RequestDraft => ({
  name: '',
  method: 'GET',
  url: '',
  headers: '',
  body: '',
  weight: '1',
  expectStatus: '200-399'
})

export const emptyLoadDraft = (): LoadDraft => ({
  name: '',
  serviceId: '',
  kind: 'constant-arrival-rate',
  rate: '50',
  duration: '30s',
  preAllocatedVUs: '10',
  maxVUs: '100',
  startRate: '0',
  stages: '30s:50, 1m:50, 30s:0',
  vus: '10',
  startVUs: '0',
  thinkMs: '0',
  thresholds: 'http_req_duration: p(95)<500\nhttp_req_failed: rate<0.01',
  variablesFile: '',
  timeoutMs: '10000',
  maxRequests: '1000000',
  insecureTls: false,
  requests: [emptyRequest()]
})

const num = (s: string): number => (s.trim() === '' ? NaN : Number(s.trim()))
const secs = (s: string): number => {
  const t = s.trim()
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t)
  const ms = parseDuration(t)
  return ms === undefined ? NaN : ms / 1000
}

/** "30s:50, 1m:100" → stages; a bad part gives NaN, which the contract names. */
export function parseStages(text: string): { durationS: number; target: number }[] {
  return text
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const [d, t] = p.split(':')
      return { durationS: secs(d ?? ''), target: num(t ?? '') }
    })
}

const formatStages = (stages: { durationS: number; target: number }[]): string =>
  stages.map((s) => `${formatDuration(s.durationS * 1000).replace(/ /g, '')}:${s.target}`).join(', ')

/** One threshold per line: `metric{tag:value}: expression`, with " abort" at the end for abortOnFail. */
export function parseThresholds(text: string): Record<string, (string | { threshold: string; abortOnFail: boolean })[]> {
  const out: Record<string, (string | { threshold: string; abortOnFail: boolean })[]> = {}
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const close = line.indexOf('}')
    const at = line.indexOf(':', close >= 0 ? close : 0)
    const key = at < 0 ? line : line.slice(0, at).trim()
    let expr = at < 0 ? '' : line.slice(at + 1).trim()
    const abort = /\s+abort$/i.test(expr)
    if (abort) expr = expr.replace(/\s+abort$/i, '')
    ;(out[key] ??= []).push(abort ? { threshold: expr, abortOnFail: true } : expr)
  }
  return out
}

function formatThresholds(map: Record<string, unknown[]>): string {
  return Object.entries(map)
    .flatMap(([k, list]) =>
      list.map((t) =>
        typeof t === 'string'
          ? `${k}: ${t}`
          : `${k}: ${(t as { threshold: string }).threshold}${(t as { abortOnFail?: boolean }).abortOnFail ? ' abort' : ''}`
      )
    )
    .join('\n')
}

const headersOf = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => [
        l.slice(0, l.indexOf(':') < 0 ? l.length : l.indexOf(':')).trim(),
        l.indexOf(':') < 0 ? '' : l.slice(l.indexOf(':') + 1).trim()
      ])
  )

function executorOf(d: LoadDraft): LoadPlanInput['executor'] {
  switch (d.kind) {
    case 'constant-arrival-rate':
      return {
        kind: d.kind,
        rate: num(d.rate),
        durationS: secs(d.duration),
        preAllocatedVUs: num(d.preAllocatedVUs),
        maxVUs: num(d.maxVUs)
      }
    case 'ramping-arrival-rate':
      return {
        kind: d.kind,
        startRate: num(d.startRate),
        stages: parseStages(d.stages),
        preAllocatedVUs: num(d.preAllocatedVUs),
        maxVUs: num(d.maxVUs)
      }
    case 'constant-vus':
      return { kind: d.kind, vus: num(d.vus), durationS: secs(d.duration), thinkMs: num(d.thinkMs) }
    case 'ramping-vus':
      return { kind: d.kind, startVUs: num(d.startVUs), stages: parseStages(d.stages), thinkMs: num(d.thinkMs) }
  }
}

export function loadInputOf(d: LoadDraft): { name: string; serviceId: number | null; plan: LoadPlanInput } {
  return {
    name: d.name,
    serviceId: d.serviceId ? Number(d.serviceId) : null,
    plan: {
      requests: d.requests.map((r) => ({
        name: r.name,
        method: r.method as 'GET',
        url: r.url,
        headers: headersOf(r.headers),
        body: r.body,
        weight: num(r.weight),
        expectStatus: r.expectStatus
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      })),
      executor: executorOf(d),
      variablesFile: d.variablesFile.trim() || null,
      thresholds: parseThresholds(d.thresholds),
      maxRequests: num(d.maxRequests),
      timeoutMs: num(d.timeoutMs),
      insecureTls: d.insecureTls
    }
  }
}

export function draftOfTest(t: LoadTestDetail): LoadDraft {
  const p = t.plan as unknown as Required<LoadPlanInput> & { executor: Record<string, unknown> }
  const e = p.executor as Record<string, number | string | { durationS: number; target: number }[]>
  const base = emptyLoadDraft()
  const str = (v: unknown, fallback: string): string => (v === undefined || v === null ? fallback : String(v))
  return {
    ...base,
    name: t.name,
    serviceId: t.serviceId === null ? '' : String(t.serviceId),
    kind: e.kind as ExecutorKind,
    rate: str(e.rate, base.rate),
    duration: e.durationS !== undefined ? `${e.durationS}s` : base.duration,
    preAllocatedVUs: str(e.preAllocatedVUs, base.preAllocatedVUs),
    maxVUs: str(e.maxVUs, base.maxVUs),
    startRate: str(e.startRate, base.startRate),
    stages: Array.isArray(e.stages) ? formatStages(e.stages) : base.stages,
    vus: str(e.vus, base.vus),
    startVUs: str(e.startVUs, base.startVUs),
    thinkMs: str(e.thinkMs, base.thinkMs),
    thresholds: formatThresholds((p.thresholds ?? {}) as Record<string, unknown[]>),
    variablesFile: p.variablesFile ?? '',
    timeoutMs: str(p.timeoutMs, base.timeoutMs),
    maxRequests: str(p.maxRequests, base.maxRequests),
    insecureTls: p.insecureTls === true,
    requests: p.requests.map((r) => ({
      name: r.name ?? '',
      method: r.method ?? 'GET',
      url: r.url,
      headers: Object.entries(r.headers ?? {})
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n'),
      body: r.body ?? '',
      weight: String(r.weight ?? 1),
      expectStatus: (r.expectStatus ?? ['200-399']).join(', ')
    }))
  }
}
