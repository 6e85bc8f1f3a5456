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
  /** Needs `alerts:write`: published as an `extensions:signal` event. */
  alerts: { signal(s: { target: string; summary: string; severity?: 'info' | 'warning' | 'critical' }): Promise<{ ok: true }> }
  /** Needs `net:<origin>` for the URL's origin. Redirects are not followed; bodies up to 1 MB. */
  net: {
    fetch(
      url: string,
      init?: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD'; headers?: Record<string, string>; body?: string }
    ): Promise<{ status: number; headers: Record<string, string>; body: string }>
  }
  settings: { get(): Promise<Record<string, unknown>> }
  checks: { register(kind: string, run: (input: CheckInvocation) => Promise<CheckAnswer>): void }
  channels: { register(kind: string, deliver: (input: ChannelInvocation) => Promise<unknown>): void }
  commands: { register(name: string, run: (args: unknown) => Promise<unknown>): void }
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

/** A delivery to a channel of kind `ext:<extension id>/<kind>`. */
export interface ChannelInvocation {
  settings: Record<string, unknown>
  message: {
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
