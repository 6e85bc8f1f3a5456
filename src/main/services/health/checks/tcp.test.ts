import { describe, expect, it } from 'vitest'
import { runTcpCheck } from './tcp'
import { freePort, startTcp } from '../../../../../tests/helpers/servers'
import { TcpCheckSchema } from '../../../../shared/health/types'

const tcpCheck = (port: number, extra: Record<string, unknown> = {}) =>
  TcpCheckSchema.parse({ kind: 'tcp', host: '127.0.0.1', port, ...extra })

describe('tcp check', () => {
  it('is UP when the port accepts connections', async () => {
    let accepted = 0
    const srv = await startTcp(() => accepted++)
    try {
      const out = await runTcpCheck(tcpCheck(srv.port))
      expect(out.status).toBe('UP')
      expect(out.latencyMs).toBeGreaterThanOrEqual(0)
      await new Promise((r) => setTimeout(r, 20))
      expect(accepted).toBe(1)
    } finally {
      await srv.close()
    }
  })

  it('is DOWN with refused when nothing listens', async () => {
    const port = await freePort()
    expect(await runTcpCheck(tcpCheck(port))).toEqual({
      status: 'DOWN',
      latencyMs: expect.any(Number),
      error: `connection refused (127.0.0.1:${port})`,
      errorKind: 'refused'
    })
  })

  // A connect that hangs cannot be staged on 127.0.0.1 (the kernel completes the handshake), and this
  // sandbox answers even unroutable addresses; the shared deadline is covered by the http/tls/dns timeout tests.

  it('can be cancelled', async () => {
    const ctl = new AbortController()
    ctl.abort()
    expect(await runTcpCheck(tcpCheck(1), { signal: ctl.signal })).toMatchObject({ status: 'DOWN', errorKind: 'cancelled' })
  })
})
