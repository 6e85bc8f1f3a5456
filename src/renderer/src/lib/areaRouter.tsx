import type { ReactElement } from 'react'

export interface Params {
  /** `:name` segments, as positive integers. */
  ids: Record<string, number>
  /** `*name` (the remaining segments joined by '/') and `~name` (any one segment). */
  text: Record<string, string | undefined>
}

export type RouteTable = [pattern: string, render: (p: Params) => ReactElement][]

/** 1, 2, 42 — not 0, 1.5, 01, 1e3 or -3. */
export const isId = (s: string | undefined): s is string => !!s && /^[1-9]\d{0,15}$/.test(s)

/**
 * The first route whose pattern matches the path's parts, rendered; null when none does.
 * Patterns: '' (the area's root), literals ('import'), ':id' (a positive integer id), '~name' (any one segment),
 * '*rest' (zero or more segments), e.g. 'version/:id/edit', 'compare/*items'.
 */
export function matchRoute(parts: string[], table: RouteTable): ReactElement | null {
  for (const [pattern, render] of table) {
    const params = matchPattern(pattern, parts)
    if (params) return render(params)
  }
  return null
}

export function matchPattern(pattern: string, parts: string[]): Params | null {
  const segs = pattern.split('/').filter(Boolean)
  const ids: Record<string, number> = {}
  const text: Record<string, string | undefined> = {}
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!
    const part = parts[i]
    if (seg.startsWith('*')) {
      text[seg.slice(1)] = parts.slice(i).join('/') || undefined
      return { ids, text }
    }
    if (part === undefined) return null
    if (seg.startsWith(':')) {
      if (!isId(part)) return null
      ids[seg.slice(1)] = Number(part)
    } else if (seg.startsWith('~')) text[seg.slice(1)] = part
    else if (seg !== part) return null
  }
  return parts.length === segs.length ? { ids, text } : null
}
