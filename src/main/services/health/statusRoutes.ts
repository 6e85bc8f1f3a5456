/** Serve mode's public status pages: /status/<slug> (HTML) and /status/<slug>.json, without the token, cached briefly. */
import type { PublicRoute } from '../../core/httpRoutes'
import type { Clock } from '../../core/clock'
import type { PublicStatus } from '../../../shared/contract'
import { STATUS_SLUG } from '../../../shared/contract'
import { statusHtml, STATUS_CSP } from './statusPageHtml'
import type { StatusPages } from './statusPages'

/** Unauthenticated readers share one answer per page for this long, so they cannot make the console recompute it on every hit. */
export const STATUS_CACHE_MS = 10_000

export function statusRoutes(pages: StatusPages, clock: Clock): PublicRoute[] {
  const cache = new Map<string, { at: number; revision: number; status: PublicStatus }>()
  const read = (slug: string): PublicStatus | null => {
    const now = clock.now()
    const hit = cache.get(slug)
    if (hit && hit.revision === pages.revision && now - hit.at < STATUS_CACHE_MS) return hit.status
    const status = pages.publicBySlug(slug)
    if (status) cache.set(slug, { at: now, revision: pages.revision, status })
    else cache.delete(slug)
    return status
  }
  return [
    {
      prefix: '/status/',
      summary: 'Public status page of a chosen group of services (HTML, or JSON with .json); no token needed',
      handle: (rest) => {
        const json = rest.endsWith('.json')
        const slug = json ? rest.slice(0, -5) : rest
        if (!STATUS_SLUG.test(slug)) return null
        const status = read(slug)
        if (!status) return null
        return json
          ? { status: 200, contentType: 'application/json', body: JSON.stringify(status) }
          : { status: 200, contentType: 'text/html', body: statusHtml(status), csp: STATUS_CSP }
      }
    }
  ]
}
