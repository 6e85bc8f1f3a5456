/** Links into the Logs area around a moment (alerts, incidents, services link to their logs this way). */
import { href } from '../app/router'

const q = (s: string): string => JSON.stringify(s)

/** The LogQL selector for a service's lines, or every line. */
export const serviceSelector = (service: string | null | undefined): string => (service ? `{service=${q(service)}}` : '{source=~".+"}')

/** `#/logs/at/<from>/<to>/<query>`: the search page on that range with that query. */
export function logsAtHref(from: number, to: number, query: string): string {
  return href(`/logs/at/${Math.max(1, Math.floor(from))}/${Math.max(1, Math.ceil(to))}/${encodeURIComponent(query)}`)
}

/** 15 minutes before a start to 15 minutes after an end (or the start). */
export const aroundHref = (start: number, end: number | null, query: string, padMs = 15 * 60_000): string =>
  logsAtHref(start - padMs, (end ?? start) + padMs, query)
