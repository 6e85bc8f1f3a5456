/** The configuration of an HTTP health check with every field set, as services:create would default it. */
export const httpCheck = (url: string, interpretHealth = true) => ({
  kind: 'http' as const,
  url,
  method: 'GET' as const,
  headers: {},
  acceptedStatus: ['200-299'],
  timeoutMs: 2000,
  maxRedirects: 5,
  keywordMode: 'present' as const,
  conditions: [],
  ignoreTlsErrors: false,
  maxBodyBytes: 1 << 20,
  interpretHealth
})
