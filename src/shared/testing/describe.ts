/** One-line descriptions of testing objects, for lists and reports (pure). */
import type { Executor } from '../contract/testingLoad'
import type { Toxic } from '../contract/testingOps'

const s = (x: number): string => `${+x.toFixed(2)} s`

export function describeExecutor(e: Executor): string {
  switch (e.kind) {
    case 'constant-arrival-rate':
      return `${e.rate} requests/s for ${s(e.durationS)} (open model, up to ${e.maxVUs} VUs)`
    case 'ramping-arrival-rate': {
      const total = e.stages.reduce((a, st) => a + st.durationS, 0)
      const peak = Math.max(e.startRate, ...e.stages.map((st) => st.target))
      return `ramping ${e.startRate} → ${peak} requests/s over ${s(total)} (open model, ${e.stages.length} stages)`
    }
    case 'constant-vus':
      return `${e.vus} VUs for ${s(e.durationS)} (closed model)`
    case 'ramping-vus': {
      const total = e.stages.reduce((a, st) => a + st.durationS, 0)
      const peak = Math.max(e.startVUs, ...e.stages.map((st) => st.target))
      return `ramping ${e.startVUs} → ${peak} VUs over ${s(total)} (closed model, ${e.stages.length} stages)`
    }
  }
}

export const executorSeconds = (e: Executor): number => ('stages' in e ? e.stages.reduce((a, st) => a + st.durationS, 0) : e.durationS)

/** "error 503 on any method /price (50 %)". */
export const describeToxic = (t: Toxic): string =>
  `${t.kind}${t.kind === 'error' ? ` ${t.status}` : t.kind === 'latency' ? ` +${t.latencyMs} ms` : t.kind === 'bandwidth' ? ` ${t.rateKiBps} KiB/s` : ''} on ${t.method ?? 'any method'} ${t.route}${t.probability < 1 ? ` (${Math.round(t.probability * 100)} %)` : ''}`
