/** A load plan compiled for the engine: origins, request templates (or ready-made bytes), the weighted request order. */
import type { LoadPlan, LoadRequest } from '../../../../shared/contract/testingLoad'
import { statusAccepted } from '../../../../shared/health/types'
import { compileTemplate, isStatic, renderTemplate, unknownVariables, type TemplatePart } from '../../../../shared/testing/template'
import type { Origin } from './client'

export interface Variables {
  columns: string[]
  rows: string[][]
}

export interface CompiledRequest {
  index: number
  name: string
  method: string
  url: string
  originKey: string
  origin: Origin
  isHead: boolean
  /** Tags thresholds can filter on: name, method and the request's own. */
  tags: Record<string, string>
  /** The whole request when nothing in it varies. */
  fixed: Buffer | null
  build: (iter: number, vu: number) => Buffer
  accepts: (status: number) => boolean
}

export interface CompiledPlan {
  plan: LoadPlan
  requests: CompiledRequest[]
  /** Request index for each slot of one weighted round. */
  order: number[]
}

export class PlanError extends Error {
  override name = 'PlanError'
  constructor(
    message: string,
    readonly field: string
  ) {
    super(message)
  }
}

function compileRequest(r: LoadRequest, index: number, vars: Variables, insecure: boolean): CompiledRequest {
  const field = `requests[${index}]`
  const missing = [r.url, r.body, ...Object.values(r.headers)].flatMap((t) => unknownVariables(t, vars.columns))
  if (missing.length)
    throw new PlanError(
      `${field}: {{${missing[0]}}} is neither a column of the variables file${vars.columns.length ? ` (${vars.columns.join(', ')})` : ' (none given)'} nor __ITER or __VU`,
      field
    )
  const origin = /^(https?):\/\/([^/?#]+)/i.exec(r.url)!
  const base = new URL(`${origin[1]}://${origin[2]}`)
  const tlsOn = base.protocol === 'https:'
  const host = base.hostname.replace(/^\[|\]$/g, '')
  const port = Number(base.port || (tlsOn ? 443 : 80))
  const rest = r.url.slice(origin[0].length) || '/'
  const pathParts = compileTemplate(rest.startsWith('/') ? rest : `/${rest}`)
  const bodyParts = compileTemplate(r.body)
  const headerParts = Object.entries(r.headers).map(([k, v]) => [k, compileTemplate(v)] as const)
  const col = new Map(vars.columns.map((c, i) => [c, i]))
  const value = (iter: number, vu: number) => (name: string) => {
    if (name === '__ITER') return String(iter)
    if (name === '__VU') return String(vu)
    const row = vars.rows[iter % Math.max(1, vars.rows.length)]
    return row?.[col.get(name)!] ?? ''
  }
  const hasHeader = (h: string): boolean => Object.keys(r.headers).some((k) => k.toLowerCase() === h)
  const render = (parts: TemplatePart[], iter: number, vu: number): string => renderTemplate(parts, value(iter, vu))
  const build = (iter: number, vu: number): Buffer => {
    const body = Buffer.from(render(bodyParts, iter, vu))
    let head = `${r.method} ${render(pathParts, iter, vu)} HTTP/1.1\r\nhost: ${base.host}\r\n`
    if (!hasHeader('user-agent')) head += 'user-agent: control-console-loadtest\r\n'
    for (const [k, parts] of headerParts) head += `${k}: ${render(parts, iter, vu)}\r\n`
    if (body.length || !['GET', 'HEAD', 'OPTIONS', 'DELETE'].includes(r.method)) head += `content-length: ${body.length}\r\n`
    return Buffer.concat([Buffer.from(head + '\r\n', 'latin1'), body])
  }
  const fixed = isStatic(pathParts) && isStatic(bodyParts) && headerParts.every(([, p]) => isStatic(p)) ? build(0, 0) : null
  const path = rest.split('?')[0]!
  const name = r.name || `${r.method} ${path}`
  return {
    index,
    name,
    method: r.method,
    url: r.url,
    originKey: `${base.protocol}//${base.host}`,
    origin: { tls: tlsOn, host, port, hostHeader: base.host, insecure },
    isHead: r.method === 'HEAD',
    tags: { name, method: r.method, ...r.tags },
    fixed,
    build,
    accepts: (status) => statusAccepted(status, r.expectStatus)
  }
}

export function compilePlan(plan: LoadPlan, vars: Variables = { columns: [], rows: [] }): CompiledPlan {
  const requests = plan.requests.map((r, i) => compileRequest(r, i, vars, plan.insecureTls))
  const order: number[] = []
  // interleave by weight (smooth weighted round robin), so a 3:1 mix is a,a,b,a … not a,a,a,b
  const current = requests.map(() => 0)
  const total = plan.requests.reduce((s, r) => s + r.weight, 0)
  for (let k = 0; k < total; k++) {
    let best = 0
    plan.requests.forEach((r, i) => {
      current[i]! += r.weight
      if (current[i]! > current[best]!) best = i
    })
    current[best]! -= total
    order.push(best)
  }
  return { plan, requests, order }
}
