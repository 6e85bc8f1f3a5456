// Loopback targets made for the security scan: one with every weakness planted, one that leaks files and actuator
// endpoints, and a hardened one that should give no finding at all.
import http from 'node:http'
import https from 'node:https'
import { generate } from 'selfsigned'
import { listen, makeCert, type Pems, type Running } from './servers'

export type ScanTarget = Running & { url: string; ca?: string; planted: string[]; fix?: (path: string) => void }

const DAY = 86_400_000

/** Every finding the weak target was built to show (ids as the scanner names them). */
export const WEAK_PLANTED = [
  'tls.protocol.deprecated',
  'tls.cipher.noforwardsecrecy',
  'tls.cipher.cbc',
  'cert.expired',
  'cert.hostname',
  'cert.untrusted',
  'cert.weakkey',
  'headers.hsts.missing',
  'headers.csp.missing',
  'headers.xcto.missing',
  'headers.framing.missing',
  'headers.referrer.weak',
  'headers.permissions.missing',
  'headers.version.disclosed',
  'cookies.secure',
  'cookies.httponly',
  'cookies.samesite',
  'cors.reflected.credentials',
  'cors.null',
  'exposure.listing:/files/',
  'redirect.open:/login?next',
  'methods.trace',
  'methods.writable'
]

/** HTTPS with TLS 1.0, RSA key exchange and CBC suites, a 1024-bit self-signed certificate that expired and names another host; no security headers, loose cookies, CORS that trusts anyone, an open redirect, a directory listing, TRACE. */
export async function weakTarget(): Promise<ScanTarget> {
  const pems = await generate([{ name: 'commonName', value: 'other.example' }], {
    keyType: 'rsa',
    keySize: 1024,
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 400 * DAY),
    notAfterDate: new Date(Date.now() - 35 * DAY),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'other.example' }] }]
  })
  const server = https.createServer(
    {
      key: pems.private,
      cert: pems.cert,
      minVersion: 'TLSv1',
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:AES128-SHA:AES256-GCM-SHA384:@SECLEVEL=0'
    },
    (req, res) => {
      const url = new URL(req.url ?? '/', 'https://x')
      const origin = req.headers.origin
      const cors: Record<string, string> = origin
        ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true' }
        : {}
      const base = { server: 'Apache/2.4.1 (Unix)', 'x-powered-by': 'PHP/5.6.40', 'referrer-policy': 'unsafe-url', ...cors }
      if (req.method === 'TRACE') {
        res.writeHead(200, { ...base, 'content-type': 'message/http' })
        return res.end(
          `TRACE ${req.url} HTTP/1.1\r\n${Object.entries(req.headers)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join('\r\n')}\r\n`
        )
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(200, { ...base, allow: 'GET, POST, PUT, DELETE, TRACE, OPTIONS' })
        return res.end()
      }
      if (url.pathname === '/login' && url.searchParams.get('next')) {
        res.writeHead(302, { ...base, location: url.searchParams.get('next')! })
        return res.end()
      }
      if (url.pathname === '/files/') {
        res.writeHead(200, { ...base, 'content-type': 'text/html' })
        return res.end(
          '<html><head><title>Index of /files</title></head><body><h1>Index of /files</h1><a href="db.sql">db.sql</a></body></html>'
        )
      }
      if (url.pathname === '/') {
        res.writeHead(200, { ...base, 'content-type': 'text/html', 'set-cookie': ['session=abc123; Path=/', 'theme=dark; Path=/'] })
        return res.end('<html><body>Welcome</body></html>')
      }
      res.writeHead(404, base)
      res.end('not found')
    }
  )
  const running = await listen(server)
  return { ...running, url: `https://127.0.0.1:${running.port}/`, planted: WEAK_PLANTED }
}

export const LEAKY_PLANTED = ['exposure.git', 'exposure.env', 'exposure.server-status', 'exposure.actuator.env']

/** Plain HTTP, an SPA that answers 200 with its page for any path, and four files that must never be public. */
export async function leakyTarget(): Promise<ScanTarget> {
  const files: Record<string, [string, string]> = {
    '/.git/config': [
      'text/plain',
      '[core]\n\trepositoryformatversion = 0\n\tbare = false\n[remote "origin"]\n\turl = git@example.com:acme/shop.git\n'
    ],
    '/.env': ['text/plain', 'DB_PASSWORD=hunter2\nSTRIPE_KEY=sk_live_123\n'],
    '/server-status': [
      'text/html',
      '<html><title>Apache Status</title><h1>Apache Server Status for localhost</h1><dt>Server uptime: 3 days</dt></html>'
    ],
    '/actuator/env': ['application/json', '{"activeProfiles":["prod"],"propertySources":[{"name":"systemEnvironment","properties":{}}]}'],
    '/actuator/health': ['application/json', '{"status":"UP"}']
  }
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const [type, body] = files[path] ?? [
      'text/html',
      '<!doctype html><html><head><title>Shop</title></head><body><div id="app"></div></body></html>'
    ]
    res.writeHead(200, { 'content-type': type })
    res.end(body)
  })
  const running = await listen(server)
  return { ...running, url: `http://127.0.0.1:${running.port}/`, planted: LEAKY_PLANTED, fix: (path) => void delete files[path] }
}

/** HTTPS done right: TLS 1.2+ with ECDHE and AEAD only, a CA-signed certificate for 127.0.0.1, every header, strict cookies. */
export async function hardenedTarget(): Promise<ScanTarget> {
  const ca: Pems = await makeCert(3650, { isCa: true })
  const leaf = await makeCert(365, { ca })
  const server = https.createServer(
    {
      key: leaf.key,
      cert: `${leaf.cert}\n${ca.cert}`,
      minVersion: 'TLSv1.2',
      ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305',
      honorCipherOrder: true
    },
    (req, res) => {
      const secure = {
        'strict-transport-security': 'max-age=63072000; includeSubDomains',
        'content-security-policy': "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'strict-origin-when-cross-origin',
        'permissions-policy': 'camera=(), microphone=(), geolocation=()'
      }
      const path = new URL(req.url ?? '/', 'https://x').pathname
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { ...secure, allow: 'GET, HEAD, OPTIONS' })
        return res.end()
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { ...secure, allow: 'GET, HEAD, OPTIONS' })
        return res.end()
      }
      if (path === '/' || path === '/login') {
        res.writeHead(200, {
          ...secure,
          'content-type': 'text/html',
          'set-cookie': 'sid=s3cr3t; Path=/; Secure; HttpOnly; SameSite=Strict'
        })
        return res.end('<!doctype html><title>Shop</title>')
      }
      res.writeHead(404, { ...secure, 'content-type': 'text/plain' })
      res.end('not found')
    }
  )
  const running = await listen(server)
  return { ...running, url: `https://127.0.0.1:${running.port}/`, ca: ca.cert, planted: [] }
}
