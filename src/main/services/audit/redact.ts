/**
 * Secrets never reach the audit log. The contract declares a secret as a write-only field named for what it is
 * (`secret` on notification channels, log and metrics sources and deploy targets; `secretEnv` on MLOps jobs; the
 * `token` a scoped-token answer shows once; `password` on sign-in and users). Any key that reads as a secret is
 * redacted, except the flags and hints the contract returns about secrets (`hasSecret`, `secretHint` …): the test
 * beside this file walks every channel schema so that a new secret-looking field must be classified here.
 */
export const REDACTED = '[redacted]'

const SECRETISH = /secret|passw|passphrase|token|api_?key|private_?key|credential|cookie/i
/** Keys that look secret but carry none: flags, hints, names and ids about secrets. */
export const NOT_SECRET = new Set([
  'hasSecret',
  'secretHint',
  'secretNames',
  /** system:info: where secrets are sealed (a description, not a secret). */
  'secrets',
  'dropSecrets',
  'tokenId',
  'hasPassword',
  'tokenCount',
  'tokens',
  'tokensPerSecond',
  'maxTokens'
])
/** Header names whose values are credentials (webhook and source headers). */
const SECRET_HEADER = /authorization|token|key|secret|cookie|signature|auth/i
/** `scheme://user:password@host`: the password part. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@/\s]+@/gi
/** `?token=…`, `&api_key=…` in URLs. */
const URL_PARAM = /([?&](?:token|access_token|api_?key|key|secret|password|sig|signature)=)[^&#\s]+/gi

export const isSecretKey = (key: string): boolean => SECRETISH.test(key) && !NOT_SECRET.has(key)

const redactString = (s: string): string => s.replace(URL_PASSWORD, `$1${REDACTED}@`).replace(URL_PARAM, `$1${REDACTED}`)

/** A copy of a JSON-like value with every secret replaced; keeps the shape so a diff still shows that a secret changed. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 40) return REDACTED
  if (typeof value === 'string') return redactString(value)
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1))
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (isSecretKey(k)) out[k] = hideSecret(v)
    else if (/^headers$/i.test(k) && v && typeof v === 'object' && !Array.isArray(v))
      out[k] = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([h, hv]) => [h, SECRET_HEADER.test(h) ? hideSecret(hv) : redact(hv, depth + 1)])
      )
    else out[k] = redact(v, depth + 1)
  }
  return out
}

/** A secret's value: gone, but whether one was given stays visible (a record keeps its names). */
function hideSecret(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return v
  if (typeof v === 'object' && !Array.isArray(v)) return Object.fromEntries(Object.keys(v as object).map((k) => [k, REDACTED]))
  return REDACTED
}
