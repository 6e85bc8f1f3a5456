// TCP check: can we open a connection to host:port before the deadline?
import net from 'node:net'
import { performance } from 'node:perf_hooks'
import { abortable, startDeadline } from './deadline'
import { describeFailure } from './failures'
import { roundMs } from '../../../../shared/health/format'
import type { CheckOutcome, TcpCheckConfig } from '../../../../shared/health/types'

export interface TcpCheckDeps {
  signal?: AbortSignal
}

export async function runTcpCheck(cfg: TcpCheckConfig, deps: TcpCheckDeps = {}): Promise<CheckOutcome> {
  const started = performance.now()
  const deadline = startDeadline(cfg.timeoutMs, deps.signal)
  try {
    await abortable<void>(deadline.signal, (resolve, reject) => {
      const socket = net.connect({ host: cfg.host, port: cfg.port })
      socket.once('connect', () => {
        socket.destroy()
        resolve()
      })
      socket.on('error', reject)
      return () => socket.destroy()
    })
    return { status: 'UP', latencyMs: roundMs(performance.now() - started) }
  } catch (err) {
    return { status: 'DOWN', latencyMs: roundMs(performance.now() - started), ...describeFailure(err, `${cfg.host}:${cfg.port}`) }
  } finally {
    deadline.dispose()
  }
}
