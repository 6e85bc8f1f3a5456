/** POST JSON with a deadline; throws with the status and a body snippet on non-2xx. */
export async function postJson(
  url: string,
  body: unknown,
  opts: { headers?: Record<string, string>; timeoutMs: number; signal?: AbortSignal; raw?: string }
): Promise<{ code: number; text: string }> {
  const text = opts.raw ?? JSON.stringify(body)
  const signals = [AbortSignal.timeout(opts.timeoutMs), ...(opts.signal ? [opts.signal] : [])]
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'control-console', ...opts.headers },
      body: text,
      signal: AbortSignal.any(signals)
    })
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } }
    if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new DeliveryError(`timed out after ${opts.timeoutMs} ms`, null, true)
    throw new DeliveryError(`request failed: ${e.cause?.code ?? e.cause?.message ?? e.message}`, null, true)
  }
  const reply = await res.text().catch(() => '')
  if (!res.ok) throw new DeliveryError(`HTTP ${res.status}: ${reply.slice(0, 200)}`, res.status, res.status >= 500 || res.status === 429)
  return { code: res.status, text: reply }
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly retryable: boolean
  ) {
    super(message)
  }
}
