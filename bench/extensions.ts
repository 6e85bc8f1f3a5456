import path from 'node:path'
import { ServiceInput } from '../src/shared/contract'
import { tempApp } from '../tests/helpers/app'
import { percentile, sample, type BenchResult } from './harness'

const PROBE = path.resolve('src/main/services/extensions/__fixtures__/probe')

/** Extension runtime: cold start of a sandboxed host, a call into it, an ext: health check through it, its memory. */
export async function extensionsBench(): Promise<BenchResult> {
  const t = tempApp()
  const figures: BenchResult['figures'] = []
  try {
    const preview = await t.app.extensions.inspect({ kind: 'folder', path: PROBE })
    await t.app.extensions.install(preview.token, ['health:read'], true)
    const cold: number[] = []
    for (let i = 0; i < 5; i++) {
      await t.app.extensions.disable('probe')
      t.app.extensions.enable('probe')
      const started = process.hrtime.bigint()
      await t.app.extensions.invoke('probe', 'check', 'echo', { op: 'noop' })
      cold.push(Number(process.hrtime.bigint() - started) / 1e3)
    }
    cold.sort((a, b) => a - b)
    const invoke = await sample(2000, () => t.app.extensions.invoke('probe', 'check', 'echo', { op: 'noop' }))
    const rpc = await sample(1000, () => t.app.extensions.invoke('probe', 'check', 'echo', { op: 'call', ns: 'health', fn: 'services' }))
    const { id } = t.app.health.createService(
      ServiceInput.parse({ name: 'bench', checks: [{ name: 'x', config: { kind: 'ext:probe/echo' } }] })
    )
    const checkId = t.app.ports.get('healthChecks').checksOf(id)[0]!.id
    const check = await sample(1000, () => t.app.health.runNow(checkId))
    figures.push(
      { metric: 'start to first answer (fork, permission model, import, activate): p50', value: percentile(cold, 50), unit: 'µs' },
      { metric: 'invoke a handler (IPC round trip): p50', value: percentile(invoke, 50), unit: 'µs' },
      { metric: 'invoke a handler: p99', value: percentile(invoke, 99), unit: 'µs' },
      { metric: 'handler calling health.services() (two round trips, permission checked): p50', value: percentile(rpc, 50), unit: 'µs' },
      { metric: 'ext: health check run and recorded: p50', value: percentile(check, 50), unit: 'µs' },
      { metric: 'ext: health check run and recorded: p99', value: percentile(check, 99), unit: 'µs' },
      { metric: 'host process RSS', value: (t.app.extensions.list()[0]!.rssBytes ?? 0) / 1e6, unit: 'MB' }
    )
  } finally {
    await t.cleanup()
  }
  return { name: 'extensions', figures, notes: ['the probe test extension; one host process; samples are sequential'] }
}
