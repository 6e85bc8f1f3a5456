/** Runs csvScan.worker.ts (bundled with esbuild, as the app's workers are) on a file: CSV parsing speed on a worker thread. */
import fs from 'node:fs'
import { bundleWorker } from './pollerLag'
import { Worker } from 'node:worker_threads'

export async function csvScanOnWorker(
  file: string,
  numeric: string[]
): Promise<{ seconds: number; rows: number; mbPerS: number; cpuSeconds: number; mbPerCpuS: number }> {
  const outfile = await bundleWorker('csv-scan', 'bench/csvScan.worker.ts')
  const cpu0 = process.cpuUsage()
  const r = await new Promise<{ seconds: number; rows: number }>((resolve, reject) => {
    const w = new Worker(outfile, { workerData: { file, numeric } })
    w.once('message', resolve)
    w.once('error', reject)
    w.once('exit', (code) => reject(new Error(`csv scan worker exited with ${code}`)))
  })
  const cpu = process.cpuUsage(cpu0)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  const mb = fs.statSync(file).size / 1024 / 1024
  return { ...r, mbPerS: mb / r.seconds, cpuSeconds, mbPerCpuS: mb / cpuSeconds }
}
