/** The scan's active checks, each a few read-only requests: CORS, exposed paths, open redirects, HTTP methods. */
import type { Finding } from '../../../../shared/contract/testingScan'
import { evidence, header, type PoliteClient } from './politeHttp'

const EVIL = 'https://evil.example'

export async function corsFindings(client: PoliteClient, url: string): Promise<Finding[]> {
  const out: Finding[] = []
  for (const origin of [EVIL, 'null']) {
    const a = await client.request(url, 'GET', { origin })
    const acao = header(a.headers, 'access-control-allow-origin')
    const creds = header(a.headers, 'access-control-allow-credentials')?.trim().toLowerCase() === 'true'
    const ev = evidence('GET', url, a, ['access-control-allow-origin', 'access-control-allow-credentials'], `(sent Origin: ${origin})`)
    if (acao === origin && origin !== 'null')
      out.push({
        id: creds ? 'cors.reflected.credentials' : 'cors.reflected',
        category: 'cors',
        severity: creds ? 'high' : 'low',
        title: creds ? 'Any origin is reflected with credentials allowed' : 'Any origin is reflected in Access-Control-Allow-Origin',
        evidence: ev,
        fix: 'Allow a fixed list of trusted origins; never echo the Origin header, above all with Access-Control-Allow-Credentials: true.',
        url
      })
    if (acao === 'null' && origin === 'null')
      out.push({
        id: 'cors.null',
        category: 'cors',
        severity: creds ? 'high' : 'medium',
        title: `Origin null is allowed${creds ? ' with credentials' : ''}`,
        evidence: ev,
        fix: 'Never allow the null origin: sandboxed frames and local files send it, so any attacker page can.',
        url
      })
    if (acao === '*' && creds && origin !== 'null')
      out.push({
        id: 'cors.wildcard.credentials',
        category: 'cors',
        severity: 'medium',
        title: 'Access-Control-Allow-Origin: * together with Allow-Credentials: true',
        evidence: ev,
        fix: 'A wildcard cannot go with credentials; list trusted origins instead.',
        url
      })
  }
  return out
}

/** Paths that must never be public, each with the content that proves it is the real thing (no soft-404 false alarms). */
const EXPOSED: { path: string; id: string; severity: Finding['severity']; title: string; proof: RegExp; fix: string }[] = [
  {
    path: '/.git/config',
    id: 'exposure.git',
    severity: 'high',
    title: 'The Git repository is published (/.git/config)',
    proof: /\[core\]|\[remote /,
    fix: 'Do not deploy the .git folder; deny /.git/ in the web server.'
  },
  {
    path: '/.env',
    id: 'exposure.env',
    severity: 'high',
    title: 'The environment file is published (/.env)',
    proof: /^\s*[A-Z][A-Z0-9_]*\s*=/m,
    fix: 'Keep .env out of the web root and deny dotfiles in the web server; rotate the secrets it holds.'
  },
  {
    path: '/server-status',
    id: 'exposure.server-status',
    severity: 'medium',
    title: 'Apache mod_status is public (/server-status)',
    proof: /Apache Server Status|Server uptime|Total accesses/i,
    fix: 'Restrict /server-status to localhost or turn mod_status off.'
  },
  {
    path: '/actuator/env',
    id: 'exposure.actuator.env',
    severity: 'high',
    title: 'Spring Boot Actuator env is public (/actuator/env)',
    proof: /"propertySources"|"activeProfiles"/,
    fix: 'Expose only health (and info) over HTTP: management.endpoints.web.exposure.include=health.'
  },
  {
    path: '/actuator/heapdump',
    id: 'exposure.actuator.heapdump',
    severity: 'high',
    title: 'Spring Boot Actuator heapdump is public (/actuator/heapdump)',
    proof: /^JAVA PROFILE|^\x1f\x8b/,
    fix: 'Expose only health over HTTP; a heap dump holds secrets and session data.'
  },
  {
    path: '/actuator/configprops',
    id: 'exposure.actuator.configprops',
    severity: 'high',
    title: 'Spring Boot Actuator configprops is public',
    proof: /"contexts"|"beans"/,
    fix: 'Expose only health over HTTP.'
  },
  {
    path: '/actuator/mappings',
    id: 'exposure.actuator.mappings',
    severity: 'medium',
    title: 'Spring Boot Actuator mappings is public',
    proof: /"contexts"|"mappings"/,
    fix: 'Expose only health over HTTP.'
  },
  {
    path: '/actuator/beans',
    id: 'exposure.actuator.beans',
    severity: 'medium',
    title: 'Spring Boot Actuator beans is public',
    proof: /"contexts"|"beans"/,
    fix: 'Expose only health over HTTP.'
  },
  {
    path: '/actuator/loggers',
    id: 'exposure.actuator.loggers',
    severity: 'medium',
    title: 'Spring Boot Actuator loggers is public (log levels can be changed)',
    proof: /"levels"|"loggers"/,
    fix: 'Expose only health over HTTP.'
  },
  {
    path: '/actuator/threaddump',
    id: 'exposure.actuator.threaddump',
    severity: 'medium',
    title: 'Spring Boot Actuator threaddump is public',
    proof: /"threads"/,
    fix: 'Expose only health over HTTP.'
  }
]
const LISTING_DIRS = ['/', '/files/', '/uploads/', '/static/', '/backup/', '/assets/']
const LISTING = /<title>\s*Index of \/|Directory listing for \/|<h1>Index of \//i

export async function exposureFindings(client: PoliteClient, base: URL): Promise<Finding[]> {
  const out: Finding[] = []
  for (const e of EXPOSED) {
    const url = new URL(e.path, base).href
    const a = await client.request(url, 'GET', { range: 'bytes=0-65535' })
    if ((a.status === 200 || a.status === 206) && e.proof.test(a.body))
      out.push({
        id: e.id,
        category: 'exposure',
        severity: e.severity,
        title: e.title,
        fix: e.fix,
        url,
        evidence: evidence('GET', url, a, ['content-type'], a.body.slice(0, 200))
      })
  }
  for (const dir of LISTING_DIRS) {
    const url = new URL(dir, base).href
    const a = await client.request(url)
    if (a.status === 200 && LISTING.test(a.body))
      out.push({
        id: `exposure.listing:${dir}`,
        category: 'exposure',
        severity: 'medium',
        title: `Directory listing is on at ${dir}`,
        fix: 'Turn directory listings off (autoindex off, Options -Indexes).',
        url,
        evidence: evidence('GET', url, a, [], (/<title>[^<]*<\/title>/i.exec(a.body)?.[0] ?? a.body.slice(0, 120)).trim())
      })
  }
  return out
}

const REDIRECT_PARAMS = [
  'next',
  'url',
  'redirect',
  'redirect_uri',
  'redirect_url',
  'return',
  'returnTo',
  'return_to',
  'continue',
  'dest',
  'destination',
  'goto'
]

/** True when a Location header sends the browser to evil.example. */
function leavesSite(location: string | null, from: string): boolean {
  if (!location) return false
  try {
    return new URL(location.replace(/^\/\\/, '//'), from).hostname === 'evil.example'
  } catch {
    return false
  }
}

export async function redirectFindings(client: PoliteClient, base: URL, paths: string[]): Promise<Finding[]> {
  const out: Finding[] = []
  for (const p of paths) {
    for (const param of REDIRECT_PARAMS) {
      const u = new URL(p, base)
      u.searchParams.set(param, `${EVIL}/`)
      const a = await client.request(u.href)
      const location = header(a.headers, 'location')
      if (a.status >= 300 && a.status < 400 && leavesSite(location, u.href)) {
        out.push({
          id: `redirect.open:${p}?${param}`,
          category: 'redirect',
          severity: 'medium',
          title: `Open redirect: ${p}?${param}= sends visitors to any site`,
          fix: 'Redirect only to relative paths or to an allow-list of your own hosts; reject absolute URLs from parameters.',
          url: u.href,
          evidence: evidence('GET', u.href, a, ['location'])
        })
        break // one parameter is enough to prove the path
      }
    }
  }
  return out
}

export async function methodFindings(client: PoliteClient, url: string): Promise<{ methods: string[]; findings: Finding[] }> {
  const out: Finding[] = []
  const opt = await client.request(url, 'OPTIONS')
  const allow = header(opt.headers, 'allow') ?? header(opt.headers, 'access-control-allow-methods') ?? ''
  const methods = allow
    .split(',')
    .map((m) => m.trim().toUpperCase())
    .filter(Boolean)
  const trace = await client.request(url, 'TRACE', { 'x-scan-probe': 'trace-echo' })
  if (trace.status === 200 && /x-scan-probe|TRACE \//i.test(trace.body)) {
    if (!methods.includes('TRACE')) methods.push('TRACE')
    out.push({
      id: 'methods.trace',
      category: 'methods',
      severity: 'medium',
      title: 'TRACE is enabled and echoes the request (cross-site tracing)',
      fix: 'Turn TRACE off (TraceEnable off, or refuse it with 405).',
      url,
      evidence: evidence('TRACE', url, trace, ['content-type'], trace.body.slice(0, 200))
    })
  }
  const risky = methods.filter((m) => ['PUT', 'DELETE', 'PATCH', 'CONNECT'].includes(m))
  if (risky.length)
    out.push({
      id: 'methods.writable',
      category: 'methods',
      severity: 'low',
      title: `The root advertises ${risky.join(', ')}`,
      fix: 'Allow only the methods each path needs; static and public paths need GET, HEAD and OPTIONS.',
      url,
      evidence: evidence('OPTIONS', url, opt, ['allow'])
    })
  return { methods, findings: out }
}
