import type http from 'node:http'
import { AppError, HTTP_STATUS, type ErrorBody } from '../../shared/errors'

/** Small helpers of serve mode's HTTP transport: JSON answers, error envelopes, bodies within a limit, cookies. */

export const cookieValue = (header: string | undefined, name: string): string | undefined =>
  header
    ?.split(';')
    .map((c) => c.trim().split('='))
    .find(([k]) => k === name)?.[1]

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json',
  extra: Record<string, string> = {}
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...extra
  })
  res.end(text)
}

export const sendError = (
  res: http.ServerResponse,
  error: ErrorBody,
  status = HTTP_STATUS[error.code],
  extra: Record<string, string> = {}
): void => sendJson(res, status, { ok: false, error }, 'application/json', extra)

export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > limit) return reject(new AppError('PAYLOAD_TOO_LARGE', `request body exceeds ${limit} bytes`))
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new AppError('PAYLOAD_TOO_LARGE', `request body exceeds ${limit} bytes`))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
