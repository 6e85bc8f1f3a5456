/** What the benchmarks that run work beside the health poller share: its checks, a timer probe, bundled workers. */
import { createHash } from 'node:crypto'
import path from 'node:path'
import { ServiceInput } from '../src/shared/contract'
import { createApp, type App } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'
import { percentile, type Figure } from './harness'

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
export const sortNum = (a: number[]): number[] => [...a].sort((x, y) => x - y)

/**
 * A worker as the built app runs it: one bundled ES module (like electron-vite's out/main/<kind>-worker.js), built
 * fresh from source with esbuild, instead of the tsx bootstrap the source tree uses (which transpiles every module
 * again in each worker and would be timed as work).
 */
export async function bundleWorker(kind: string, entry = `src/main/workers/${kind}.worker.ts`): Promise<string> {
  const esbuild = (await import('esbuild' as string)) as { build(o: Record<string, unknown>): Promise<unknown> }
  // one folder per checkout: node_modules may be shared by several worktrees whose benchmarks run at once
  const checkout = createHash('sha1').update(process.cwd()).digest('hex').slice(0, 10)
  const outfile = path.resolve(`node_modules/.cache/control-console/${checkout}/${kind}-worker.mjs`)
  await esbuild.build({
    entryPoints: [path.resolve(entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning'
  })
  return outfile
}

/** A 10 ms interval timer's lateness (how long any timer of the main thread, the poller's too, waits): sorted ms. */
export function timerLag(): { stop(): number[] } {
  const lags: number[] = []
  let last = performance.now()
  const iv = setInterval(() => {
    const now = performance.now()
    lags.push(Math.max(0, now - last - 10))
    last = now
  }, 10)
  return { stop: () => (clearInterval(iv), sortNum(lags)) }
}

/** Adds `checks` loopback HTTP checks (5 s interval, five per service) to a workspace, as the health poller would run them. */
export function addLoopbackChecks(app: App, ports: number[], checks: number): void {
  for (let s = 0; s < checks / 5; s++) {
    const list = Array.from({ length: 5 }, (_, c) => ({
      name: `c${c}`,
      intervalS: 5,
      config: { kind: 'http' as const, url: `http://127.0.0.1:${ports[(s * 5 + c) % ports.length]}/health/${s * 5 + c}`, timeoutMs: 5000 }
    }))
    app.health.createService(ServiceInput.parse({ name: `svc-${s}`, checks: list }))
  }
}

/** A workspace file with `checks` loopback checks. */
export async function seedChecks(file: string, ports: number[], checks: number): Promise<void> {
  const setup = createApp({ workspacePath: file, mode: 'test', logger: silentLogger })
  addLoopbackChecks(setup, ports, checks)
  await setup.close()
}

/**
 * The control window: once every check has run (first runs spread over 5 s), the poller's lag and a timer's lateness
 * over 10 s without the work under test, to tell the machine's own noise from ours.
 */
export async function controlWindow(app: {
  health: { schedulerStats(): { lagMs: number[] } }
}): Promise<{ lags: number[]; timer: number[] }> {
  await sleep(11_000)
  const from = app.health.schedulerStats().lagMs.length
  const probe = timerLag()
  await sleep(10_000)
  const timer = probe.stop()
  return { lags: sortNum(app.health.schedulerStats().lagMs.slice(from)), timer }
}

/** The poller-lag and timer-lateness figures of an import against a control window without it. */
export function lagFigures(
  prefix: string,
  checks: number,
  during: { lags: number[]; timer: number[] },
  control: { lags: number[]; timer: number[] }
): Figure[] {
  const trio = (a: number[]): string => `ms / ${percentile(a, 99).toFixed(1)} ms / ${(a.at(-1) ?? NaN).toFixed(1)} ms`
  return [
    {
      metric: `${prefix}health poller scheduling lag p50 (${checks} checks / 5 s) during the import`,
      value: percentile(during.lags, 50),
      unit: 'ms'
    },
    {
      metric: `${prefix}health poller scheduling lag p99 during the import`,
      value: percentile(during.lags, 99),
      unit: 'ms',
      goal: '< 200 ms'
    },
    { metric: `${prefix}health poller scheduling lag max during the import`, value: during.lags.at(-1) ?? NaN, unit: 'ms' },
    {
      metric: `${prefix}same lag p50 / p99 / max, control window without the import (10 s)`,
      value: percentile(control.lags, 50),
      unit: trio(control.lags)
    },
    {
      metric: `${prefix}10 ms timer lateness p50 / p99 / max during the import`,
      value: percentile(during.timer, 50),
      unit: trio(during.timer)
    },
    { metric: `${prefix}same, control window`, value: percentile(control.timer, 50), unit: trio(control.timer) }
  ]
}
