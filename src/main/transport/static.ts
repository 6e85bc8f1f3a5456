import path from 'node:path'
import { AppError } from '../../shared/errors'
import { CSP } from './csp'

/** Serving the built renderer from a folder: one path policy for serve mode (http.ts) and the desktop's app:// scheme. */
export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

/** Decodes a URL path; a malformed `%` escape is the client's mistake (400), not ours. */
export function decodePath(encoded: string, what = 'path'): string {
  try {
    return decodeURIComponent(encoded)
  } catch {
    throw new AppError('VALIDATION', `${what}: ${encoded.slice(0, 200)} has a malformed % escape`, what)
  }
}

/**
 * The file under `root` that a URL path names, or null when it would leave `root` (`..`, encoded separators,
 * NUL). `p` is the path flavour of the platform the app runs on (tests pass `path.win32`).
 */
export function staticFilePath(root: string, urlPath: string, p: path.PlatformPath = path): string | null {
  const decoded = decodePath(urlPath)
  if (decoded.includes('\0')) return null
  const base = p.resolve(root)
  const file = p.join(base, decoded)
  const rel = p.relative(base, file)
  if (rel.startsWith('..') || p.isAbsolute(rel)) return null
  return file
}

/** Response headers for a served file: its type, and the strict CSP (never cached) for HTML. */
export function staticHeaders(file: string): Record<string, string> {
  const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
  const headers: Record<string, string> = { 'content-type': type, 'x-content-type-options': 'nosniff' }
  if (type.startsWith('text/html')) {
    headers['content-security-policy'] = CSP
    headers['cache-control'] = 'no-store'
  } else headers['cache-control'] = 'public, max-age=31536000, immutable'
  return headers
}
