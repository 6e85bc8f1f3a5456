/**
 * TLS of an HTTPS endpoint: which protocol versions and cipher suites it accepts (one handshake per candidate, each
 * counted against the scan's budget), its certificate, chain, expiry and host name.
 */
import { X509Certificate } from 'node:crypto'
import net from 'node:net'
import tls from 'node:tls'
import type { Finding, TlsSummary } from '../../../../shared/contract/testingScan'
import type { PoliteClient } from './politeHttp'

type Strength = 'strong' | 'weak' | 'insecure'

/** TLS 1.2 suites worth asking about, with how Mozilla's and OWASP's guidance rates them. */
const TLS12_CIPHERS: [string, Strength, string][] = [
  ['ECDHE-ECDSA-AES128-GCM-SHA256', 'strong', ''],
  ['ECDHE-RSA-AES128-GCM-SHA256', 'strong', ''],
  ['ECDHE-ECDSA-AES256-GCM-SHA384', 'strong', ''],
  ['ECDHE-RSA-AES256-GCM-SHA384', 'strong', ''],
  ['ECDHE-ECDSA-CHACHA20-POLY1305', 'strong', ''],
  ['ECDHE-RSA-CHACHA20-POLY1305', 'strong', ''],
  ['DHE-RSA-AES128-GCM-SHA256', 'strong', ''],
  ['DHE-RSA-AES256-GCM-SHA384', 'strong', ''],
  ['ECDHE-RSA-AES128-SHA256', 'weak', 'CBC mode'],
  ['ECDHE-RSA-AES256-SHA384', 'weak', 'CBC mode'],
  ['ECDHE-ECDSA-AES128-SHA', 'weak', 'CBC mode with SHA-1'],
  ['ECDHE-ECDSA-AES256-SHA', 'weak', 'CBC mode with SHA-1'],
  ['ECDHE-RSA-AES128-SHA', 'weak', 'CBC mode with SHA-1'],
  ['ECDHE-RSA-AES256-SHA', 'weak', 'CBC mode with SHA-1'],
  ['AES128-GCM-SHA256', 'weak', 'no forward secrecy (RSA key exchange)'],
  ['AES256-GCM-SHA384', 'weak', 'no forward secrecy (RSA key exchange)'],
  ['AES128-SHA256', 'weak', 'no forward secrecy, CBC mode'],
  ['AES256-SHA256', 'weak', 'no forward secrecy, CBC mode'],
  ['AES128-SHA', 'weak', 'no forward secrecy, CBC mode with SHA-1'],
  ['AES256-SHA', 'weak', 'no forward secrecy, CBC mode with SHA-1'],
  ['DES-CBC3-SHA', 'insecure', '3DES (Sweet32)'],
  ['RC4-SHA', 'insecure', 'RC4'],
  ['RC4-MD5', 'insecure', 'RC4 with MD5'],
  ['NULL-SHA256', 'insecure', 'no encryption'],
  ['NULL-SHA', 'insecure', 'no encryption']
]
const TLS13_SUITES = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']
const VERSIONS: tls.SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']
/** Let our client offer what old servers speak; the scan asks, it does not endorse. */
const ANY = 'ALL:@SECLEVEL=0'
const DAY = 86_400_000

interface Hello {
  ok: boolean
  /** The client itself cannot offer this (not built into this OpenSSL): unknown, not absent. */
  unsupported?: boolean
  socket?: tls.TLSSocket
  error?: string
}

function handshake(host: string, port: number, opts: tls.ConnectionOptions, timeoutMs: number): Promise<Hello> {
  return new Promise((resolve) => {
    let socket: tls.TLSSocket
    try {
      socket = tls.connect({ host, port, rejectUnauthorized: false, servername: net.isIP(host) ? '' : host, ...opts })
    } catch (err) {
      const code = (err as { code?: string }).code ?? ''
      return resolve({ ok: false, unsupported: /NO_CIPHER_MATCH|UNSUPPORTED|INVALID/.test(code), error: (err as Error).message })
    }
    const timer = setTimeout(() => finish({ ok: false, error: 'handshake timed out' }), timeoutMs)
    const finish = (h: Hello): void => {
      clearTimeout(timer)
      if (!h.socket) socket.destroy()
      resolve(h)
    }
    socket.once('secureConnect', () => finish({ ok: true, socket }))
    socket.once('error', (err) => finish({ ok: false, error: err.message }))
  })
}

let roots: Set<string> | null = null
const fingerprint = (pem: string): string => new X509Certificate(pem).fingerprint256

/**
 * Whether the chain ends in a trusted root. OpenSSL names one error per handshake (an expired certificate may hide an
 * untrusted issuer), so this looks at the top of the chain itself: self-signed and among the roots (or the extra CA).
 */
function anchored(top: tls.DetailedPeerCertificate, trustedCa: string | null): boolean {
  roots ??= new Set(tls.rootCertificates.map(fingerprint))
  if (name(top.subject) !== name(top.issuer)) return false
  const fp = top.fingerprint256
  return (
    roots.has(fp) ||
    (trustedCa !== null &&
      trustedCa.split(/(?=-----BEGIN CERTIFICATE-----)/).some((pem) => pem.includes('BEGIN') && fingerprint(pem) === fp))
  )
}

const name = (o: tls.PeerCertificate['subject'] | undefined): string =>
  o
    ? Object.entries(o)
        .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
        .join(', ')
    : ''

export interface TlsProbe {
  summary: TlsSummary
  findings: Finding[]
  incomplete: string[]
}

export async function probeTls(url: URL, client: PoliteClient, trustedCa: string | null): Promise<TlsProbe> {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const port = Number(url.port || 443)
  const t = client.timeoutMs
  const findings: Finding[] = []
  const incomplete: string[] = []
  const at = url.origin
  const add = (f: Omit<Finding, 'url' | 'category'> & { category?: Finding['category'] }): void =>
    void findings.push({ category: 'transport', url: at, ...f })

  // protocol versions
  const protocols: TlsSummary['protocols'] = []
  for (const v of VERSIONS) {
    await client.turn()
    const h = await handshake(host, port, { minVersion: v, maxVersion: v, ciphers: ANY }, t)
    h.socket?.destroy()
    protocols.push({ version: v, offered: h.unsupported ? null : h.ok })
  }
  const offered = (v: string): boolean => protocols.some((p) => p.version === v && p.offered)
  const old = ['TLSv1', 'TLSv1.1'].filter(offered)
  if (old.length)
    add({
      id: 'tls.protocol.deprecated',
      severity: 'medium',
      title: `Deprecated protocol${old.length > 1 ? 's' : ''} offered: ${old.join(', ')}`,
      evidence: `handshakes limited to ${old.join(' / ')} succeeded`,
      fix: 'Turn off TLS 1.0 and 1.1 (RFC 8996); offer TLS 1.2 and 1.3 only.'
    })
  if (!offered('TLSv1.2') && !offered('TLSv1.3'))
    add({
      id: 'tls.protocol.none',
      severity: 'high',
      title: 'Neither TLS 1.2 nor TLS 1.3 is offered',
      evidence: 'handshakes limited to TLS 1.2 and to TLS 1.3 failed',
      fix: 'Offer TLS 1.2 and 1.3.'
    })
  else if (!offered('TLSv1.3'))
    add({
      id: 'tls.protocol.no13',
      severity: 'info',
      title: 'TLS 1.3 is not offered',
      evidence: 'a TLS 1.3 handshake failed',
      fix: 'Enable TLS 1.3.'
    })

  // cipher suites
  const ciphers: TlsSummary['ciphers'] = []
  if (offered('TLSv1.2'))
    for (const [cipher, strength, note] of TLS12_CIPHERS) {
      await client.turn()
      const h = await handshake(host, port, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: `${cipher}:@SECLEVEL=0` }, t)
      h.socket?.destroy()
      if (h.ok) ciphers.push({ name: cipher, protocol: 'TLSv1.2', strength, note })
    }
  if (offered('TLSv1.3'))
    for (const suite of TLS13_SUITES) {
      await client.turn()
      const h = await handshake(host, port, { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', ciphers: suite }, t)
      h.socket?.destroy()
      if (h.ok) ciphers.push({ name: suite, protocol: 'TLSv1.3', strength: 'strong', note: '' })
    }
  const insecure = ciphers.filter((c) => c.strength === 'insecure')
  if (insecure.length)
    add({
      id: 'tls.cipher.insecure',
      severity: 'high',
      title: `Broken cipher suites offered: ${insecure.map((c) => c.name).join(', ')}`,
      evidence: insecure.map((c) => `${c.name}: ${c.note}`).join('\n'),
      fix: 'Remove RC4, 3DES and NULL suites; offer ECDHE with AES-GCM or ChaCha20-Poly1305.'
    })
  const noFs = ciphers.filter((c) => c.note.startsWith('no forward secrecy'))
  if (noFs.length)
    add({
      id: 'tls.cipher.noforwardsecrecy',
      severity: 'medium',
      title: `Cipher suites without forward secrecy offered: ${noFs.map((c) => c.name).join(', ')}`,
      evidence: noFs.map((c) => `${c.name}: ${c.note}`).join('\n'),
      fix: 'Offer only ECDHE (or DHE) key exchange, so a stolen key cannot decrypt recorded traffic.'
    })
  const cbc = ciphers.filter((c) => c.strength === 'weak' && !c.note.startsWith('no forward secrecy'))
  if (cbc.length)
    add({
      id: 'tls.cipher.cbc',
      severity: 'low',
      title: `CBC-mode cipher suites offered: ${cbc.map((c) => c.name).join(', ')}`,
      evidence: cbc.map((c) => `${c.name}: ${c.note}`).join('\n'),
      fix: "Prefer AEAD suites (AES-GCM, ChaCha20-Poly1305), as in Mozilla's intermediate configuration."
    })

  // certificate
  await client.turn()
  const h = await handshake(host, port, { ciphers: ANY, ...(trustedCa ? { ca: [...tls.rootCertificates, trustedCa] } : {}) }, t)
  let certificate: TlsSummary['certificate'] = null
  if (!h.ok || !h.socket) incomplete.push(`certificate: no handshake (${h.error ?? 'unknown error'})`)
  else {
    const s = h.socket
    const peer = s.getPeerCertificate(true)
    s.destroy()
    const chain: { subject: string; issuer: string; validTo: number }[] = []
    const seen = new Set<string>()
    let top = peer
    for (let c: tls.DetailedPeerCertificate | undefined = peer; c?.fingerprint256 && !seen.has(c.fingerprint256); c = c.issuerCertificate) {
      seen.add(c.fingerprint256)
      top = c
      chain.push({ subject: name(c.subject), issuer: name(c.issuer), validTo: Date.parse(c.valid_to) })
    }
    const trustedChain = s.authorized || anchored(top, trustedCa)
    const validFrom = Date.parse(peer.valid_from)
    const validTo = Date.parse(peer.valid_to)
    const now = Date.now()
    const hostnameOk = tls.checkServerIdentity(host, peer) === undefined
    const trustError = s.authorized ? null : String(s.authorizationError ?? 'not trusted')
    certificate = {
      subject: name(peer.subject),
      issuer: name(peer.issuer),
      validFrom,
      validTo,
      daysLeft: Math.round(((validTo - now) / DAY) * 10) / 10,
      altNames: (peer.subjectaltname ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
      keyBits: peer.bits ?? null,
      hostnameMatches: hostnameOk,
      trusted: s.authorized,
      trustError,
      chain
    }
    const ev = `subject: ${certificate.subject}\nissuer: ${certificate.issuer}\nvalid: ${peer.valid_from} – ${peer.valid_to}\nnames: ${certificate.altNames.join(', ') || '(none)'}`
    const cert = (f: Omit<Finding, 'url' | 'category' | 'evidence'>): void => add({ ...f, category: 'certificate', evidence: ev })
    if (validTo < now)
      cert({
        id: 'cert.expired',
        severity: 'high',
        title: `The certificate expired ${Math.ceil((now - validTo) / DAY)} days ago`,
        fix: 'Renew the certificate (and automate renewal, e.g. ACME).'
      })
    else if (validTo - now < 14 * DAY)
      cert({
        id: 'cert.expiring',
        severity: 'medium',
        title: `The certificate expires in ${certificate.daysLeft} days`,
        fix: 'Renew it now; automate renewal.'
      })
    else if (validTo - now < 30 * DAY)
      cert({
        id: 'cert.expiring',
        severity: 'low',
        title: `The certificate expires in ${certificate.daysLeft} days`,
        fix: 'Renew it soon; automate renewal.'
      })
    if (validFrom > now)
      cert({
        id: 'cert.notyetvalid',
        severity: 'high',
        title: 'The certificate is not valid yet',
        fix: 'Check the server clock and the certificate.'
      })
    if (!hostnameOk)
      cert({
        id: 'cert.hostname',
        severity: 'high',
        title: `The certificate is not valid for ${host}`,
        fix: `Issue a certificate whose subjectAltName includes ${host}.`
      })
    if (!trustedChain)
      cert({
        id: 'cert.untrusted',
        severity: 'high',
        title: `The certificate chain is not trusted (${/CERT_HAS_EXPIRED|NOT_YET_VALID/.test(trustError ?? '') ? 'self-signed or unknown issuer' : trustError})`,
        fix: 'Use a certificate from a trusted CA and send the intermediate certificates with it.'
      })
    if (certificate.keyBits !== null && peer.pubkey && !peer.asn1Curve && certificate.keyBits < 2048)
      cert({
        id: 'cert.weakkey',
        severity: 'high',
        title: `The RSA key has ${certificate.keyBits} bits`,
        fix: 'Use an RSA key of 2048 bits or more, or an ECDSA key.'
      })
  }
  return { summary: { protocols, ciphers, certificate }, findings, incomplete }
}
