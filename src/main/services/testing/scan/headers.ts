/** HTTP security headers graded against the OWASP Secure Headers Project, and the flags of the cookies a page sets. */
import type { Finding, HeaderGrade } from '../../../../shared/contract/testingScan'
import { evidence, header, type Answer } from './politeHttp'

const HALF_YEAR_S = 15_552_000

/** The directive list of a CSP, by name. */
function cspDirectives(csp: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/)
    if (name) out.set(name.toLowerCase(), values)
  }
  return out
}

export function gradeHeaders(url: string, a: Answer): { grades: HeaderGrade[]; findings: Finding[] } {
  const https = url.startsWith('https:')
  const grades: HeaderGrade[] = []
  const findings: Finding[] = []
  const add = (id: string, severity: Finding['severity'], title: string, fix: string, show: string[]): void =>
    void findings.push({ id, category: 'headers', severity, title, fix, url, evidence: evidence('GET', url, a, show) })

  // Strict-Transport-Security
  const hsts = header(a.headers, 'strict-transport-security')
  if (!https) grades.push({ header: 'Strict-Transport-Security', value: hsts, grade: 'n/a', note: 'only meaningful over HTTPS' })
  else if (!hsts) {
    grades.push({ header: 'Strict-Transport-Security', value: null, grade: 'fail', note: 'missing' })
    add(
      'headers.hsts.missing',
      'medium',
      'No Strict-Transport-Security header',
      'Send Strict-Transport-Security: max-age=63072000; includeSubDomains.',
      ['strict-transport-security']
    )
  } else {
    const maxAge = Number(/max-age\s*=\s*"?(\d+)/i.exec(hsts)?.[1] ?? 0)
    if (maxAge < HALF_YEAR_S) {
      grades.push({ header: 'Strict-Transport-Security', value: hsts, grade: 'warn', note: `max-age ${maxAge} s is under six months` })
      add(
        'headers.hsts.short',
        'low',
        `HSTS max-age is only ${maxAge} s`,
        'Use a max-age of at least 15552000 (six months); two years is common.',
        ['strict-transport-security']
      )
    } else grades.push({ header: 'Strict-Transport-Security', value: hsts, grade: 'pass', note: '' })
  }

  // Content-Security-Policy
  const csp = header(a.headers, 'content-security-policy')
  const directives = csp ? cspDirectives(csp) : new Map<string, string[]>()
  if (!csp) {
    grades.push({ header: 'Content-Security-Policy', value: null, grade: 'fail', note: 'missing' })
    add(
      'headers.csp.missing',
      'medium',
      'No Content-Security-Policy header',
      "Send a policy that limits scripts to your origins, e.g. default-src 'self'; object-src 'none'; base-uri 'self'.",
      ['content-security-policy']
    )
  } else {
    const scripts = directives.get('script-src') ?? directives.get('default-src') ?? ['*']
    const unsafe = scripts.filter((s) => ["'unsafe-inline'", "'unsafe-eval'", '*', 'http:', 'https:', 'data:'].includes(s.toLowerCase()))
    if (unsafe.length) {
      grades.push({ header: 'Content-Security-Policy', value: csp, grade: 'warn', note: `scripts allowed from ${unsafe.join(' ')}` })
      add(
        'headers.csp.unsafe',
        'low',
        `The CSP lets scripts run from ${unsafe.join(' ')}`,
        "Drop 'unsafe-inline', 'unsafe-eval' and wildcards from script-src; use nonces or hashes.",
        ['content-security-policy']
      )
    } else grades.push({ header: 'Content-Security-Policy', value: csp, grade: 'pass', note: '' })
  }

  // X-Content-Type-Options
  const xcto = header(a.headers, 'x-content-type-options')
  if (xcto?.trim().toLowerCase() === 'nosniff') grades.push({ header: 'X-Content-Type-Options', value: xcto, grade: 'pass', note: '' })
  else {
    grades.push({ header: 'X-Content-Type-Options', value: xcto, grade: 'fail', note: xcto ? 'not nosniff' : 'missing' })
    add('headers.xcto.missing', 'low', 'X-Content-Type-Options is not nosniff', 'Send X-Content-Type-Options: nosniff.', [
      'x-content-type-options'
    ])
  }

  // framing: X-Frame-Options or CSP frame-ancestors
  const xfo = header(a.headers, 'x-frame-options')
  const ancestors = directives.get('frame-ancestors')
  if (ancestors || /^(deny|sameorigin)$/i.test(xfo?.trim() ?? ''))
    grades.push({ header: 'X-Frame-Options', value: xfo ?? `(CSP frame-ancestors ${ancestors!.join(' ')})`, grade: 'pass', note: '' })
  else {
    grades.push({ header: 'X-Frame-Options', value: xfo, grade: 'fail', note: 'any site can frame the page (clickjacking)' })
    add(
      'headers.framing.missing',
      'medium',
      'Any site can frame this page (no X-Frame-Options, no CSP frame-ancestors)',
      "Send X-Frame-Options: DENY or CSP frame-ancestors 'none'.",
      ['x-frame-options', 'content-security-policy']
    )
  }

  // Referrer-Policy
  const rp = header(a.headers, 'referrer-policy')
  const lastRp = rp?.split(',').pop()?.trim().toLowerCase()
  if (!rp || lastRp === 'unsafe-url' || lastRp === 'no-referrer-when-downgrade') {
    grades.push({ header: 'Referrer-Policy', value: rp, grade: 'fail', note: rp ? `${lastRp} leaks full URLs` : 'missing' })
    add(
      'headers.referrer.weak',
      'low',
      rp ? `Referrer-Policy ${lastRp} sends full URLs to other sites` : 'No Referrer-Policy header',
      'Send Referrer-Policy: strict-origin-when-cross-origin (or no-referrer).',
      ['referrer-policy']
    )
  } else grades.push({ header: 'Referrer-Policy', value: rp, grade: 'pass', note: '' })

  // Permissions-Policy
  const pp = header(a.headers, 'permissions-policy')
  if (!pp) {
    grades.push({ header: 'Permissions-Policy', value: null, grade: 'fail', note: 'missing' })
    add(
      'headers.permissions.missing',
      'low',
      'No Permissions-Policy header',
      'Send Permissions-Policy turning off what the site does not use, e.g. camera=(), microphone=(), geolocation=().',
      ['permissions-policy']
    )
  } else grades.push({ header: 'Permissions-Policy', value: pp, grade: 'pass', note: '' })

  // version disclosure
  const banner = [header(a.headers, 'server'), header(a.headers, 'x-powered-by')].filter((v): v is string => !!v && /\d/.test(v))
  if (banner.length)
    add(
      'headers.version.disclosed',
      'info',
      `Software versions disclosed: ${banner.join(', ')}`,
      'Remove version numbers from Server and X-Powered-By.',
      ['server', 'x-powered-by']
    )

  return { grades, findings: [...findings, ...cookieFindings(url, a)] }
}

const SESSION_LIKE = /sess|token|auth|sid|jwt|login/i

/** One finding per missing flag, naming the cookies that lack it. */
export function cookieFindings(url: string, a: Answer): Finding[] {
  const https = url.startsWith('https:')
  const lacking = { secure: [] as string[], httponly: [] as string[], samesite: [] as string[], noneInsecure: [] as string[] }
  let sensitive = false
  for (const line of a.cookies) {
    const [pair, ...attrs] = line.split(';').map((p) => p.trim())
    const name = pair!.split('=')[0]!
    const flags = new Map(attrs.map((x) => [x.split('=')[0]!.toLowerCase(), (x.split('=')[1] ?? '').toLowerCase()]))
    if (https && !flags.has('secure')) lacking.secure.push(name)
    if (!flags.has('httponly')) {
      lacking.httponly.push(name)
      if (SESSION_LIKE.test(name)) sensitive = true
    }
    if (!flags.has('samesite')) lacking.samesite.push(name)
    else if (flags.get('samesite') === 'none' && !flags.has('secure')) lacking.noneInsecure.push(name)
  }
  const out: Finding[] = []
  const ev = evidence('GET', url, a, [], a.cookies.map((c) => `set-cookie: ${c}`).join('\n'))
  const add = (id: string, severity: Finding['severity'], title: string, fix: string): void =>
    void out.push({ id, category: 'cookies', severity, title, fix, url, evidence: ev })
  if (lacking.secure.length)
    add(
      'cookies.secure',
      'medium',
      `Cookies without Secure: ${lacking.secure.join(', ')}`,
      'Set the Secure flag so cookies never travel over plain HTTP.'
    )
  if (lacking.httponly.length)
    add(
      'cookies.httponly',
      sensitive ? 'medium' : 'low',
      `Cookies readable by scripts (no HttpOnly): ${lacking.httponly.join(', ')}`,
      'Set HttpOnly on every cookie scripts do not need, session cookies above all.'
    )
  if (lacking.samesite.length)
    add(
      'cookies.samesite',
      'low',
      `Cookies without SameSite: ${lacking.samesite.join(', ')}`,
      'Set SameSite=Lax (or Strict) to limit cross-site requests that carry them.'
    )
  if (lacking.noneInsecure.length)
    add(
      'cookies.samesite.none',
      'medium',
      `SameSite=None without Secure: ${lacking.noneInsecure.join(', ')}`,
      'SameSite=None needs Secure; browsers refuse or misuse it otherwise.'
    )
  return out
}
