/**
 * A circuit-breaker test: steady requests to a service whose dependency sits behind a fault proxy, in three phases —
 * baseline, fault (a toxic switched on), recovery (switched off). A breaker that works stops calling the failing
 * dependency soon after the fault starts (the proxy sees the calls stop while the service still answers), lets a few
 * trial calls through, and serves again once the fault is gone. The observed behaviour is the test result.
 */
import { performance } from 'node:perf_hooks'
import { sleep } from '../../../core/sleep'
import type { z } from 'zod'
import type { BreakerReport, BreakerTestInput, Toxic } from '../../../../shared/contract/testing'
import { describeToxic } from '../../../../shared/testing/describe'
import { k6Percentile } from '../../../../shared/testing/percentile'
import type { FaultProxy } from './proxy'

type Input = z.output<typeof BreakerTestInput>

interface Sample {
  second: number
  ok: boolean
  latencyMs: number
}

const cancelled = (): Error => Object.assign(new Error('cancelled'), { name: 'AbortError' })

export async function runBreakerTest(
  input: Input,
  proxy: FaultProxy,
  progress: (done: number, total: number, message: string) => void,
  signal?: AbortSignal
): Promise<BreakerReport> {
  const total = input.baselineS + input.faultS + input.recoveryS
  const faultFrom = input.baselineS
  const recoveryFrom = input.baselineS + input.faultS
  const samples: Sample[] = []
  const inflight = new Set<Promise<void>>()
  const t0 = Date.now()
  const p0 = performance.now()
  const fault: Toxic = { ...input.fault, enabled: true }
  const timeoutMs = 5000

  const fire = (): void => {
    const started = performance.now()
    const second = Math.floor((started - p0) / 1000)
    const p = fetch(input.serviceUrl, { signal: AbortSignal.timeout(timeoutMs), headers: { 'user-agent': 'control-console-breaker-test' } })
      .then(async (res) => {
        await res.arrayBuffer()
        samples.push({ second, ok: res.status >= 200 && res.status < 300, latencyMs: performance.now() - started })
      })
      .catch(() => void samples.push({ second, ok: false, latencyMs: performance.now() - started }))
      .finally(() => inflight.delete(p))
    inflight.add(p)
  }

  const interval = 1000 / input.requestsPerS
  let phase: 'baseline' | 'fault' | 'recovery' = 'baseline'
  try {
    for (let i = 0; ; i++) {
      const due = i * interval
      if (due >= total * 1000) break
      const wait = due - (performance.now() - p0)
      if (wait > 0) await sleep(wait, signal)
      if (signal?.aborted) throw cancelled()
      const s = (performance.now() - p0) / 1000
      if (phase === 'baseline' && s >= faultFrom) {
        phase = 'fault'
        proxy.toxics = [fault, ...proxy.toxics]
        progress(faultFrom, total, `fault on: ${describeToxic(fault)}`)
      } else if (phase === 'fault' && s >= recoveryFrom) {
        phase = 'recovery'
        proxy.toxics = proxy.toxics.filter((t) => t !== fault)
        progress(recoveryFrom, total, 'fault off: watching the recovery')
      }
      fire()
    }
  } finally {
    proxy.toxics = proxy.toxics.filter((t) => t !== fault)
  }
  await Promise.race([Promise.allSettled([...inflight]), sleep(timeoutMs)])
  const upstream = proxy.callsPerSecond(t0, t0 + total * 1000)
  return judge(input, samples, upstream)
}

/** Reads the breaker's behaviour from the samples and the dependency calls, second by second. */
export function judge(input: Input, samples: Sample[], upstream: number[]): BreakerReport {
  const total = input.baselineS + input.faultS + input.recoveryS
  const faultFrom = input.baselineS
  const recoveryFrom = input.baselineS + input.faultS
  const seconds = Array.from({ length: total }, (_, i) => i)
  const per = seconds.map((s) => samples.filter((x) => x.second === s))
  const ok = per.map((l) => l.filter((x) => x.ok).length)
  const failed = per.map((l) => l.filter((x) => !x.ok).length)
  const calls = seconds.map((s) => upstream[s] ?? 0)
  const p50 = per.map((l) =>
    l.length
      ? Math.round(
          k6Percentile(
            l.map((x) => x.latencyMs).sort((a, b) => a - b),
            0.5
          ) * 10
        ) / 10
      : null
  )
  const quiet = Math.max(1, Math.floor(input.requestsPerS * 0.1))
  let opened: number | null = null
  for (let s = faultFrom; s < recoveryFrom; s++)
    if (calls[s]! <= quiet && per[s]!.length > 0) {
      opened = s
      break
    }
  const callsAfterOpen = opened === null ? 0 : calls.slice(opened + 1, recoveryFrom).reduce((a, b) => a + b, 0)
  let recovered: number | null = null
  for (let s = recoveryFrom; s < total; s++)
    if (per[s]!.length > 0 && ok[s]! >= 0.9 * per[s]!.length && calls[s]! > 0) {
      recovered = s
      break
    }
  const baseline = per.slice(0, faultFrom).flat()
  const baseOk = baseline.filter((x) => x.ok).length
  const observations = [
    `Before the fault: ${baseline.length} requests, ${baseOk} answered 2xx; the dependency received ${calls.slice(0, faultFrom).reduce((a, b) => a + b, 0)} calls.`,
    `The fault (${describeToxic(input.fault)}) went on at ${faultFrom} s.`,
    opened === null
      ? `The service never stopped calling the failing dependency: ${calls.slice(faultFrom, recoveryFrom).reduce((a, b) => a + b, 0)} calls in ${input.faultS} s. The breaker did not open.`
      : `The breaker opened after ${opened - faultFrom} s: the dependency's calls fell to ${calls[opened]} in that second; ${callsAfterOpen} trial call${callsAfterOpen === 1 ? '' : 's'} reached it while open (at most ${input.maxCallsWhileOpen} allowed).`,
    `The fault went off at ${recoveryFrom} s.`,
    recovered === null
      ? `The service did not recover within ${input.recoveryS} s (no second with 90 % of requests answered 2xx while calling the dependency).`
      : `It recovered after ${recovered - recoveryFrom} s: 90 % or more of requests answered 2xx and the dependency was called again.`
  ]
  const verdict = opened !== null && callsAfterOpen <= input.maxCallsWhileOpen && recovered !== null ? 'pass' : 'fail'
  return {
    phases: [
      { name: 'baseline', fromS: 0, toS: faultFrom },
      { name: 'fault', fromS: faultFrom, toS: recoveryFrom },
      { name: 'recovery', fromS: recoveryFrom, toS: total }
    ],
    series: { t: seconds, ok, failed, fastFailed: seconds.map((s) => Math.max(0, failed[s]! - calls[s]!)), upstreamCalls: calls, p50 },
    openedAfterS: opened === null ? null : opened - faultFrom,
    callsAfterOpen,
    recoveredAfterS: recovered === null ? null : recovered - recoveryFrom,
    observations,
    verdict
  }
}
