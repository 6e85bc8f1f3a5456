/** What the benchmarks that measure the health poller during heavy work share: worker bundles, lag probes, checks. */
import fs from 'node:fs'
import path from 'node:path'
import { ServiceInput } from '../src/shared/contract'
import { createApp } from '../src/main/app'
import { silentLogger } from '../src/main/core/log'

const sortNum = (a: number[]): number[] => [...a].sort((x, y) => x - y)

/**
 * A worker as the built app runs it: one bundled ES module (like electron-vite's out/main/<name>-worker.js), built
 * fresh from source with esbuild instead of the tsx bootstrap the source tree uses (which would transpile every module
 * again in each worker and be timed as work).
 */
export async function bundleWorker(name: string): Promise<string> {
  const entry = path.resolve(`src/main/workers/${name}.worker.ts`)
  if (!fs.existsSync(entry)) throw new Error(`no worker entry ${entry}`)
  const esbuild = (await import('esbuild' as string)) as { build(o: Record<string, unknown>): Promise<unknown> }
  const outfile = path.resolve(`node_modules/.cache/control-console/${name}-worker.mjs`)
  await esbuild.build({
    entryPoints: [entry],
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

/** A workspace with `count` loopback HTTP checks (5 s interval), as the health poller would run them. */
export async function seedChecks(file: string, ports: number[], count: number): Promise<void> {
  const setup = createApp({ workspacePath: file, mode: 'test', logger: silentLogger })
  for (let s = 0; s < count / 5; s++) {
    const checks = Array.from({ length: 5 }, (_, c) => ({
      name: `c${c}`,
      intervalS: 5,
      config: { kind: 'http' as const, url: `http://127.0.0.1:${ports[(s * 5 + c) % ports.length]}/health/${s * 5 + c}`, timeoutMs: 5000 }
    }))
    setup.health.createService(ServiceInput.parse({ name: `svc-${s}`, checks }))
  }
  await setup.close()
}
