// TLS check: handshake, read the peer certificate, judge trust and days left.
import net from 'node:net'
import { performance } from 'node:perf_hooks'
import tls from 'node:tls'
import { abortable, startDeadline } from './deadline'
import { CheckFailure, describeCertProblem, describeFailure } from './failures'
import { roundMs } from '../../../../shared/health/format'
import type { CheckOutcome, TlsCheckConfig } from '../../../../shared/health/types'

export interface TlsCheckDeps {
  signal?: AbortSignal
  /** Wall clock for days-left (defaults to Date.now). */
  clock?: { now(): number }
  /** Extra trusted CA certificates (PEM). */
  ca?: string | string[]
}

interface Handshake {
  authorized: boolean
  authorizationError?: string
  validTo: number
}

const DAY_MS = 86_400_000

export async function runTlsCheck(cfg: TlsCheckConfig, deps: TlsCheckDeps = {}): Promise<CheckOutcome> {
  const started = performance.now()
  const latency = (): number => roundMs(performance.now() - started)
  const deadline = startDeadline(cfg.timeoutMs, deps.signal)
  let hs: Handshake
  try {
    hs = await handshake(cfg, deps, deadline.signal)
  } catch (err) {
    return { status: 'DOWN', latencyMs: latency(), ...describeFailure(err, `${cfg.host}:${cfg.port}`) }
  } finally {
    deadline.dispose()
  }

  const now = deps.clock?.now() ?? Date.now()
  const certDaysLeft = Math.floor((hs.validTo - now) / DAY_MS)
  const outcome: CheckOutcome = { status: 'UP', latencyMs: latency(), certExpiresAt: hs.validTo, certDaysLeft }
  const expiry = new Date(hs.validTo).toISOString()
  if (hs.validTo <= now) return { ...outcome, status: 'DOWN', error: `certificate expired on ${expiry}`, errorKind: 'tls' }
  if (!hs.authorized && !cfg.ignoreTlsErrors) {
    return { ...outcome, status: 'DOWN', error: describeCertProblem(hs.authorizationError ?? 'UNKNOWN'), errorKind: 'tls' }
  }
  if (certDaysLeft < cfg.warnDays) {
    return {
      ...outcome,
      status: 'DEGRADED',
      error: `certificate expires in ${certDaysLeft} days (${expiry}; warning below ${cfg.warnDays})`,
      errorKind: 'tls'
    }
  }
  return outcome
}

/** Connects without rejecting so an untrusted certificate can still be read, then reports trust. */
function handshake(cfg: TlsCheckConfig, deps: TlsCheckDeps, signal: AbortSignal): Promise<Handshake> {
  return abortable(signal, (resolve, reject) => {
    const socket = tls.connect({
      host: cfg.host,
      port: cfg.port,
      rejectUnauthorized: false,
      ...(net.isIP(cfg.host) === 0 && { servername: cfg.host }),
      ...(deps.ca && { ca: deps.ca })
    })
    socket.once('secureConnect', () => {
      const validTo = Date.parse(socket.getPeerCertificate().valid_to ?? '')
      const authorizationError = socket.authorizationError ? String(socket.authorizationError) : undefined
      socket.destroy()
      if (!Number.isFinite(validTo)) return reject(new CheckFailure('tls', 'server sent no certificate'))
      resolve({ authorized: socket.authorized, validTo, ...(authorizationError && { authorizationError }) })
    })
    socket.on('error', reject)
    return () => socket.destroy()
  })
}
