/**
 * Consent by configuration: a channel delivery may reach the origin of each http(s) URL the user configured on the
 * destination (a top-level string of its settings, or the first line of its secret, e.g. a Slack webhook URL), for
 * that delivery only. Any other origin still needs a granted `net:<origin>` permission.
 */
export function consentedOrigins(settings: Record<string, unknown>, secret: string | null): string[] {
  const values = [...Object.values(settings), secret?.split('\n')[0]?.trim()]
  const origins = new Set<string>()
  for (const v of values) {
    if (typeof v !== 'string' || !/^https?:\/\//i.test(v)) continue
    try {
      origins.add(`net:${new URL(v).origin}`)
    } catch {
      // not a URL: no consent
    }
  }
  return [...origins]
}
