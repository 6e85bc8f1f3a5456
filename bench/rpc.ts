import { silentLogger } from '../src/main/core/log'
import { dispatch } from '../src/main/transport/dispatch'
import { servedApp } from '../tests/helpers/serve'
import { percentile, sample, type BenchResult } from './harness'

/** RPC round trip: in-process handler binding versus HTTP, small and 1 MB payloads. */
export async function rpcBench(): Promise<BenchResult> {
  const s = await servedApp()
  const figures: BenchResult['figures'] = []
  const payloads = { small: 'ping', '1 MB': 'x'.repeat(1024 * 1024) }
  try {
    for (const [label, payload] of Object.entries(payloads)) {
      const n = label === 'small' ? 3000 : 200
      const direct = await sample(n, () =>
        dispatch(s.app.handlers, 'system:ping', { payload }, { transport: 'direct' }, { logger: silentLogger })
      )
      const body = JSON.stringify({ payload })
      const http = await sample(n, async () => {
        const res = await fetch(`${s.server.url}/api/rpc/system:ping`, {
          method: 'POST',
          headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
          body
        })
        await res.json()
      })
      figures.push(
        { metric: `handler binding, ${label}: p50`, value: percentile(direct, 50), unit: 'µs' },
        { metric: `handler binding, ${label}: p99`, value: percentile(direct, 99), unit: 'µs' },
        { metric: `HTTP, ${label}: p50`, value: percentile(http, 50), unit: 'µs' },
        { metric: `HTTP, ${label}: p99`, value: percentile(http, 99), unit: 'µs' }
      )
    }
  } finally {
    await s.cleanup()
  }
  return { name: 'rpc', figures, notes: ['system:ping echoes its payload; input is validated with zod on every call'] }
}
