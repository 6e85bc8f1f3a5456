// DNS check: resolve one record type (optionally at a given resolver) and compare the answers
// with the expected values, ignoring order.
import { Resolver } from 'node:dns/promises'
import { performance } from 'node:perf_hooks'
import { abortable, startDeadline } from './deadline'
import { describeFailure } from './failures'
import { roundMs } from '../../../../shared/health/format'
import type { CheckOutcome, DnsCheckConfig } from '../../../../shared/health/types'

export interface DnsCheckDeps {
  signal?: AbortSignal
}

type RecordType = DnsCheckConfig['recordType']

export async function runDnsCheck(cfg: DnsCheckConfig, deps: DnsCheckDeps = {}): Promise<CheckOutcome> {
  const started = performance.now()
  const latency = (): number => roundMs(performance.now() - started)
  const deadline = startDeadline(cfg.timeoutMs, deps.signal)
  let answers: string[]
  try {
    const resolver = new Resolver({ timeout: cfg.timeoutMs, tries: 1 })
    if (cfg.server) resolver.setServers([cfg.server])
    answers = await abortable<string[]>(deadline.signal, (resolve, reject) => {
      lookup(resolver, cfg.hostname, cfg.recordType).then(resolve, reject)
      return () => resolver.cancel()
    })
  } catch (err) {
    return { status: 'DOWN', latencyMs: latency(), ...describeDnsError(err, cfg) }
  } finally {
    deadline.dispose()
  }

  const outcome: CheckOutcome = { status: 'UP', latencyMs: latency(), snippet: answers.join(', ') }
  if (cfg.expected.length === 0 || sameRecords(cfg.recordType, answers, cfg.expected)) return outcome
  return {
    ...outcome,
    status: 'DOWN',
    error: `expected ${cfg.recordType} records [${cfg.expected.join(', ')}] but got [${answers.join(', ')}]`,
    errorKind: 'dns'
  }
}

/** Answers rendered as text: MX as "10 mail.example.com", TXT chunks joined. */
async function lookup(resolver: Resolver, name: string, type: RecordType): Promise<string[]> {
  switch (type) {
    case 'A':
      return resolver.resolve4(name)
    case 'AAAA':
      return resolver.resolve6(name)
    case 'CNAME':
      return resolver.resolveCname(name)
    case 'NS':
      return resolver.resolveNs(name)
    case 'MX':
      return (await resolver.resolveMx(name)).map((mx) => `${mx.priority} ${mx.exchange}`)
    case 'TXT':
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''))
  }
}

/** Order-insensitive comparison; names case-insensitive without trailing dot, IPv6 canonical. */
export function sameRecords(type: RecordType, answers: string[], expected: string[]): boolean {
  // MX expected without priorities ("mail.example.com") compares exchanges only.
  const dropPriority = type === 'MX' && expected.every((e) => !/\s/.test(e.trim()))
  const norm = (v: string): string => {
    let s = v.trim()
    if (dropPriority) s = s.replace(/^\d+\s+/, '')
    if (type === 'TXT') return s
    if (type === 'AAAA') return canonicalIpv6(s)
    return s.toLowerCase().replace(/\.$/, '')
  }
  const a = [...new Set(answers.map(norm))].sort()
  const b = [...new Set(expected.map(norm))].sort()
  return a.length === b.length && a.every((v, i) => v === b[i])
}

function canonicalIpv6(ip: string): string {
  try {
    return new URL(`http://[${ip}]/`).hostname
  } catch {
    return ip.toLowerCase()
  }
}

function describeDnsError(err: unknown, cfg: DnsCheckConfig): ReturnType<typeof describeFailure> {
  const code = (err as { code?: string }).code
  if (code === 'ETIMEOUT') return { error: `timed out after ${cfg.timeoutMs} ms`, errorKind: 'timeout' }
  if (code && /^E[A-Z]+$/.test(code)) {
    const hint =
      code === 'ENODATA' ? ` (no ${cfg.recordType} records)` : code === 'ECONNREFUSED' ? ` (resolver ${cfg.server ?? 'system'})` : ''
    return { error: `DNS lookup failed: ${code} ${cfg.hostname}${hint}`, errorKind: 'dns' }
  }
  return describeFailure(err, cfg.server)
}
