/** Escaping for the files areas export: CSV cells and HTML text. */

/** A CSV cell, quoted when it holds a comma, quote or line break. */
export const csvCell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** Text or an attribute value in HTML. */
export const htmlEscape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
