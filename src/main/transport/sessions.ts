import crypto from 'node:crypto'

/** Serve mode's browser sessions and its guard against token guessing. The API token itself never goes into a cookie. */

export const MIN_TOKEN_LENGTH = 32

/** A token chosen by the user (CONSOLE_TOKEN) must be long enough that guessing it is hopeless even without the rate limit. */
export function assertStrongToken(token: string, source = 'CONSOLE_TOKEN'): void {
  if (token.length < MIN_TOKEN_LENGTH)
    throw new Error(`${source} is ${token.length} characters; use at least ${MIN_TOKEN_LENGTH} (for example: openssl rand -base64 32)`)
}

export const sameSecret = (given: string | undefined, expected: string): boolean => {
  if (!given) return false
  const a = crypto.createHash('sha256').update(given).digest()
  const b = crypto.createHash('sha256').update(expected).digest()
  return crypto.timingSafeEqual(a, b)
}

export interface SessionLimits {
  /** A session unused this long ends (default 12 h). */
  idleMs?: number
  /** A session ends this long after it began, used or not (default 7 days). */
  maxAgeMs?: number
}

interface Session<T> {
  client: string
  createdAt: number
  lastSeen: number
  /** What the session stands for (team mode: the user and workspace); undefined for the single-token mode. */
  data: T
}

const digest = (id: string): string => crypto.createHash('sha256').update(id).digest('base64url')

/** Random session ids, kept only as hashes; each expires when idle or old, and can be revoked one by one or all at once. */
export class SessionStore<T = undefined> {
  readonly idleMs: number
  readonly maxAgeMs: number
  private sessions = new Map<string, Session<T>>()

  constructor(
    limits: SessionLimits = {},
    private now: () => number = Date.now
  ) {
    this.idleMs = limits.idleMs ?? 12 * 3_600_000
    this.maxAgeMs = limits.maxAgeMs ?? 7 * 86_400_000
  }

  create(client: string, ...data: T extends undefined ? [] : [T]): string {
    this.sweep()
    const id = crypto.randomBytes(32).toString('base64url')
    const t = this.now()
    this.sessions.set(digest(id), { client, createdAt: t, lastSeen: t, data: data[0] as T })
    return id
  }

  /** The data of a live session, by the key use() returned. */
  data(key: string): T | undefined {
    return this.sessions.get(key)?.data
  }

  /** Replaces a live session's data (team mode: switching workspace); false when it has ended. */
  setData(key: string, data: T): boolean {
    const s = this.sessions.get(key)
    if (s) s.data = data
    return s !== undefined
  }

  /** Ends every session whose data matches (team mode: all of one user's sessions); returns how many. */
  revokeWhere(match: (data: T) => boolean): number {
    let n = 0
    for (const [k, s] of this.sessions) if (match(s.data)) n += Number(this.sessions.delete(k))
    return n
  }

  /** The session's key if `id` is a live session (and marks it used), else null. */
  use(id: string | undefined): string | null {
    if (!id) return null
    const key = digest(id)
    const s = this.sessions.get(key)
    if (!s) return null
    const t = this.now()
    if (t - s.lastSeen > this.idleMs || t - s.createdAt > this.maxAgeMs) {
      this.sessions.delete(key)
      return null
    }
    s.lastSeen = t
    return key
  }

  revoke(id: string | undefined): boolean {
    return id ? this.sessions.delete(digest(id)) : false
  }

  revokeAll(): number {
    const n = this.sessions.size
    this.sessions.clear()
    return n
  }

  get size(): number {
    this.sweep()
    return this.sessions.size
  }

  private sweep(): void {
    const t = this.now()
    for (const [k, s] of this.sessions) if (t - s.lastSeen > this.idleMs || t - s.createdAt > this.maxAgeMs) this.sessions.delete(k)
  }
}

export interface AttemptLimits {
  /** Wrong tokens allowed per client within the window (default 10). */
  max?: number
  /** The window, and how long a client stays blocked after it (default 60 s). */
  windowMs?: number
}

/** Counts wrong tokens per client address; past the limit the client is refused without its token being compared. */
export class FailedAttempts {
  readonly max: number
  readonly windowMs: number
  private failures = new Map<string, { count: number; since: number }>()
  private sweepAt = 256

  constructor(
    limits: AttemptLimits = {},
    private now: () => number = Date.now
  ) {
    this.max = limits.max ?? 10
    this.windowMs = limits.windowMs ?? 60_000
  }

  /** Milliseconds until the client may try again, or 0. */
  retryAfter(client: string): number {
    const f = this.failures.get(client)
    if (!f) return 0
    const left = f.since + this.windowMs - this.now()
    if (left <= 0) {
      this.failures.delete(client)
      return 0
    }
    return f.count >= this.max ? left : 0
  }

  /** Records a wrong token; returns how many the client has made in this window. */
  fail(client: string): number {
    const t = this.now()
    // addresses that failed once and never came back would otherwise stay for as long as the console runs; swept when
    // the map has doubled since the last sweep, so the cost per failure stays constant
    if (this.failures.size >= this.sweepAt) {
      for (const [k, v] of this.failures) if (t - v.since > this.windowMs) this.failures.delete(k)
      this.sweepAt = Math.max(256, 2 * this.failures.size)
    }
    const f = this.failures.get(client)
    if (!f || t - f.since > this.windowMs) {
      this.failures.set(client, { count: 1, since: t })
      return 1
    }
    f.count++
    return f.count
  }

  /** Addresses remembered now (leak checks). */
  get size(): number {
    return this.failures.size
  }
}
