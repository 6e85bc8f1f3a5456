/**
 * The extension API, version 1: what `activate(api, context)` receives in an extension's host process
 * (src/main/services/extensions/host/host.mjs implements it). Every call to the console is an RPC checked against
 * the permissions the user granted; a call beyond them rejects with "permission denied: … needs "<permission>" …".
 */
export interface ExtensionApi {
  apiVersion: 1
  log: { info(...parts: unknown[]): void; warn(...parts: unknown[]): void; error(...parts: unknown[]): void }
  /** Needs `health:read`. */
  health: { services(): Promise<{ id: number; name: string; environment: string; region: string }[]> }
  /**
   * Needs `alerts:write`. Alert rules of signal "extension" fire on it (per target) and resolve when the extension
   * signals `resolved: true` for the same target, or after an hour without a signal.
   */
  alerts: {
    signal(s: {
      target: string
      summary: string
      severity?: 'info' | 'warning' | 'critical'
      resolved?: boolean
      value?: number | null
    }): Promise<{ ok: true }>
  }
  /** Needs `net:<origin>` for the URL's origin. Redirects are not followed; bodies up to 1 MB. */
  net: {
    fetch(
      url: string,
      init?: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD'; headers?: Record<string, string>; body?: string }
    ): Promise<{ status: number; headers: Record<string, string>; body: string }>
  }
  /** The values of the manifest's settings schema (defaults filled in, secrets in clear); onChange after a save. */
  settings: {
    get(): Promise<Record<string, string | number | boolean>>
    onChange(listener: (values: Record<string, string | number | boolean>) => unknown): void
  }
  /**
   * Activation events delivered to listeners: 'view' ({ area, at }, onView:<area>), 'schedule' ({ schedule, at },
   * onSchedule:…), 'alert' (AlertEvent, onAlert; needs alerts:read), 'settings' (the new values).
   */
  events: {
    on(name: 'view', listener: (e: { area: string; at: number }) => unknown): void
    on(name: 'schedule', listener: (e: { schedule: string; at: number }) => unknown): void
    on(name: 'alert', listener: (e: AlertEvent) => unknown): void
    on(name: 'settings', listener: (values: Record<string, string | number | boolean>) => unknown): void
  }
  checks: { register(kind: string, run: (input: CheckInvocation) => Promise<CheckAnswer>): void }
  channels: { register(kind: string, deliver: (input: ChannelInvocation) => Promise<unknown>): void }
  commands: { register(name: string, run: (args: unknown) => Promise<unknown>): void }
  /** A webhook the manifest contributes, served at POST /api/hooks/ext/<extension id>/<name> without the console's token. */
  webhooks: { register(name: string, handle: (request: WebhookRequest) => Promise<WebhookReply>): void }
  /** Needs `deploys:write`: a deploy marker for a service named as on /api/hooks/deploys. */
  deploys: {
    mark(m: {
      service: string
      environment?: string
      version: string
      time?: string | number
      link?: string
      note?: string
      failed?: boolean
    }): Promise<{ id: number; serviceId: number }>
  }
}

/** A request to an extension's webhook: the headers (lower-case names, no cookies or authorization) and the raw body. */
export interface WebhookRequest {
  headers: Record<string, string>
  body: string
}
/** The webhook's answer: a status and a JSON body. Check the request's signature before acting on it. */
export interface WebhookReply {
  status: number
  body?: unknown
}

export interface ActivationContext {
  extensionId: string
  /** The extension's own folder (readable). */
  folder: string
  dataFolder: string
}

/** A check of kind `ext:<extension id>/<kind>`: its `settings` from the check's configuration. */
export interface CheckInvocation {
  settings: Record<string, unknown>
  timeoutMs: number
}
export interface CheckAnswer {
  status: 'UP' | 'DEGRADED' | 'DOWN'
  latencyMs: number
  error: string | null
}

/**
 * A delivery to a channel of kind `ext:<extension id>/<kind>`. Answer with `net.fetch`'s response (a non-2xx status
 * fails the delivery; 5xx and 429 are retried) or `{ error, retryable? }`. During this call `net.fetch` may also reach
 * the origin of each http(s) URL the user configured on the destination (its settings' strings and its secret).
 */
export interface ChannelInvocation {
  settings: Record<string, unknown>
  /** The destination's secret (a webhook URL, a key), for this delivery only: never log it. Null when none is set. */
  secret: string | null
  message: {
    alertId: number
    labels: Record<string, string>
    startedAt: number
    firedAt: number | null
    resolvedAt: number | null
    acknowledgedBy: string | null
    runbook: string
    /** What the failing health components said ("postgres is unreachable"), else null. */
    failing: string | null
    failure: { checkName: string; error: string | null; components: { key: string; status: string; output: string | null }[] } | null
    /** Absolute link to the alert (from the base URL setting), else null. */
    link: string | null
    event: string
    title: string
    summary: string
    severity: string
    target: string
    ruleName: string
    state: string
    at: number
  }
}

/** An alert that fired or resolved, for `onAlert` extensions granted `alerts:read`. */
export interface AlertEvent {
  id: number
  ruleName: string
  target: string
  state: 'firing' | 'resolved'
  severity: string
  summary: string
  labels: Record<string, string>
  firedAt: number | null
  resolvedAt: number | null
}
