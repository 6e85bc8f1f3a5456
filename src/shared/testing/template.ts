/**
 * Request templates: `{{name}}` is replaced by the column `name` of the variables file (row `__ITER mod rows`), or by
 * the built-ins `__ITER` (iteration number) and `__VU` (virtual user). Compiled once into literal and variable parts.
 */

export type TemplatePart = string | { v: string }

const VAR_RE = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g
export const BUILTINS = ['__ITER', '__VU'] as const

export function compileTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = []
  let last = 0
  for (const m of text.matchAll(VAR_RE)) {
    if (m.index > last) parts.push(text.slice(last, m.index))
    parts.push({ v: m[1]! })
    last = m.index + m[0].length
  }
  if (last < text.length) parts.push(text.slice(last))
  return parts
}

export const templateVariables = (text: string): string[] => [...text.matchAll(VAR_RE)].map((m) => m[1]!)

export const isStatic = (parts: readonly TemplatePart[]): boolean => parts.every((p) => typeof p === 'string')

export function renderTemplate(parts: readonly TemplatePart[], value: (name: string) => string): string {
  let out = ''
  for (const p of parts) out += typeof p === 'string' ? p : value(p.v)
  return out
}

/** Variables a template names that neither the file's columns nor the built-ins provide. */
export function unknownVariables(text: string, columns: readonly string[]): string[] {
  const known = new Set<string>([...columns, ...BUILTINS])
  return [...new Set(templateVariables(text))].filter((v) => !known.has(v))
}
