// Turns thrown errors (Node network/TLS codes, our own failures) into readable text + an ErrorKind.
import type { ErrorKind } from '../../../../shared/health/types'

export interface Failure {
  error: string
  errorKind?: ErrorKind
}

/** A failure we detected ourselves (too many redirects, body too large, ...). */
export class CheckFailure extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string
  ) {
    super(message)
    this.name = 'CheckFailure'
  }
}

export const ALLOW_HINT = "(enable 'accept invalid certificates' to allow)"

// Certificate verification codes (OpenSSL names as Node reports them) → wording.
const CERT_MESSAGES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'certificate chain contains a self-signed certificate',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate is not signed by a trusted authority',
  UNABLE_TO_GET_ISSUER_CERT: 'certificate issuer is unknown',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate issuer is not trusted',
  CERT_SIGNATURE_FAILURE: 'certificate signature is invalid',
  CERT_REVOKED: 'certificate has been revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not match the host name'
}

/** Wording for a certificate verification code (err.code or TLSSocket.authorizationError). */
export function describeCertProblem(code: string, detail?: string): string {
  const base = CERT_MESSAGES[code] ?? `certificate is not trusted (${code})`
  const extra = code === 'ERR_TLS_CERT_ALTNAME_INVALID' && detail ? `: ${detail}` : ''
  return `${base}${extra} ${ALLOW_HINT}`
}

interface NodeError extends Error {
  code?: string
  address?: string
  port?: number
  hostname?: string
  reason?: string
}

/** `target` ("host:port") is used when the error itself does not say where it was going. */
export function describeFailure(err: unknown, target?: string): Failure {
  if (err instanceof CheckFailure) return { error: err.message, errorKind: err.kind }
  const e = (err instanceof Error ? err : new Error(String(err))) as NodeError
  const code = e.code ?? ''
  const where = e.address !== undefined && e.port !== undefined ? `${e.address}:${e.port}` : target
  const at = where ? ` (${where})` : ''

  if (code in CERT_MESSAGES) return { error: describeCertProblem(code, e.reason), errorKind: 'tls' }
  switch (code) {
    case 'ECONNREFUSED':
      return { error: `connection refused${at}`, errorKind: 'refused' }
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return { error: `host unreachable${at}`, errorKind: 'refused' }
    case 'ECONNRESET':
    case 'EPIPE':
      if (e.message === 'socket hang up') return { error: `connection closed before a response (socket hang up)${at}`, errorKind: 'reset' }
      if (e.message === 'aborted') return { error: `connection closed before the body was complete${at}`, errorKind: 'reset' }
      return { error: `connection reset by peer${at}`, errorKind: 'reset' }
    case 'ETIMEDOUT':
      return { error: `connect timed out${at}`, errorKind: 'timeout' }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NODATA':
    case 'EAI_NONAME':
      return { error: `DNS lookup failed: ${code} ${e.hostname ?? target ?? ''}`.trim(), errorKind: 'dns' }
    case 'EPROTO':
      return { error: `TLS handshake failed: ${e.message}`, errorKind: 'tls' }
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return { error: `TLS handshake failed: ${e.message}`, errorKind: 'tls' }
  if (code.startsWith('HPE_')) return { error: `invalid HTTP response: ${e.message}`, errorKind: 'protocol' }
  return { error: e.message || String(err) }
}
