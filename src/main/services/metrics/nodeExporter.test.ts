/** Debian's prometheus-node-exporter on loopback: the built-in scraper reads its real page, and the USE queries answer. */
import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempApp, type TestApp } from '../../../../tests/helpers/app'

let proc: ChildProcess
let url = ''
let t: TestApp

beforeAll(async () => {
  const s = http.createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))
  const { port } = s.address() as AddressInfo
  await new Promise((r) => s.close(r))
  proc = spawn('/usr/bin/prometheus-node-exporter', [`--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' })
  url = `http://127.0.0.1:${port}/metrics`
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false
      )
    )
      break
    await new Promise((r) => setTimeout(r, 100))
  }
  t = tempApp()
}, 30_000)

afterAll(async () => {
  proc?.kill()
  await t?.cleanup()
})

describe('the built-in scraper on a real node exporter', () => {
  it('stores its page and answers CPU and memory queries from it', async () => {
    const target = await t.app.metrics.saveTarget({ url, job: 'node', intervalS: 15 })
    const first = await t.app.metrics.scrapeNow(target.id)
    expect(first.lastError).toBeNull()
    expect(first.lastSamples).toBeGreaterThan(100)
    const mem = await t.app.metrics.query(0, '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes')
    const used = mem.series[0]!.points[0]![1]!
    expect(used).toBeGreaterThan(0)
    expect(used).toBeLessThan(1)
    const cpus = await t.app.metrics.query(0, 'count(count by (cpu) (node_cpu_seconds_total))')
    expect(cpus.series[0]!.points[0]![1]).toBeGreaterThanOrEqual(1)
  })
})
