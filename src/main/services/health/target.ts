import type { CheckConfig } from '../../../shared/health/types'

/** One line naming what a check probes, for tables and incident causes. */
export function describeTarget(c: CheckConfig): string {
  switch (c.kind) {
    case 'http':
      return `${c.method} ${c.url}`
    case 'tcp':
      return `tcp://${c.host}:${c.port}`
    case 'dns':
      return `dns ${c.recordType} ${c.hostname}${c.server ? ` @${c.server}` : ''}`
    case 'tls':
      return `tls ${c.host}:${c.port}`
    default:
      return c.kind
  }
}
