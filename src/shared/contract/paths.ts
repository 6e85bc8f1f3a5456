import { z } from 'zod'

/**
 * Input fields that name a file or folder on the machine running the console. Every such field is built with
 * filePath(), which tags its schema here; the dispatcher finds the tagged fields of any channel's input, so a
 * served console started with --data-root (or --allow-remote) confines every one of them, including future ones.
 */
export const pathFields = z.registry<{ access: 'read' | 'write' }>()

const ABSOLUTE = /^(\/|[A-Za-z]:[\\/])/

/** An absolute path on the console machine (read, or written for `access: 'write'`), tagged as a path field. */
export function filePath(opts: { access?: 'read' | 'write'; extension?: { pattern: RegExp; message: string } } = {}) {
  let schema = z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(4096)
    .refine((p) => ABSOLUTE.test(p), 'must be an absolute path on the machine running the console')
  if (opts.extension) schema = schema.refine((p) => opts.extension!.pattern.test(p), opts.extension.message)
  return schema.register(pathFields, { access: opts.access ?? 'read' })
}

/** Where a value sits in an input: object keys, array indexes; '*' in a pattern stands for any index or record key. */
export type FieldPath = (string | number)[]

/** The field patterns of a schema that hold tagged paths, e.g. [['holdoutPath'], ['predictions', '*', 'path']]. */
export function pathFieldsOf(schema: z.ZodType): FieldPath[] {
  const out: FieldPath[] = []
  const seen = new Set<string>()
  walk(schema, [], (s, at) => {
    const key = JSON.stringify(at)
    if (pathFields.has(s) && !seen.has(key)) {
      seen.add(key)
      out.push(at)
    }
  })
  return out
}

/** Every string field of a schema with its pattern (for the test that proves each path-like one is tagged). */
export function stringFieldsOf(schema: z.ZodType): { at: FieldPath; tagged: boolean }[] {
  const out: { at: FieldPath; tagged: boolean }[] = []
  walk(schema, [], (s, at) => {
    if (def(s).type === 'string') out.push({ at, tagged: pathFields.has(s) })
  })
  return out
}

/** The values at a pattern in a parsed input, with their concrete field paths. */
export function valuesAt(value: unknown, pattern: FieldPath, at: FieldPath = []): { at: FieldPath; value: unknown }[] {
  if (value === undefined || value === null) return []
  if (pattern.length === 0) return [{ at, value }]
  const [head, ...rest] = pattern
  if (typeof value !== 'object') return []
  if (head === '*') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value)
    return entries.flatMap(([k, v]) => valuesAt(v, rest, [...at, k]))
  }
  return valuesAt((value as Record<string | number, unknown>)[head!], rest, [...at, head!])
}

type Def = { type: string; [k: string]: unknown }
const def = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def

function walk(schema: z.ZodType, at: FieldPath, visit: (s: z.ZodType, at: FieldPath) => void, seen = new Set<z.ZodType>()): void {
  if (seen.has(schema)) return
  visit(schema, at)
  const d = def(schema)
  const next = (s: unknown, path: FieldPath): void => walk(s as z.ZodType, path, visit, new Set([...seen, schema]))
  switch (d.type) {
    case 'object':
      for (const [k, v] of Object.entries(d.shape as Record<string, z.ZodType>)) next(v, [...at, k])
      break
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      next(d.innerType, at)
      break
    case 'array':
      next(d.element, [...at, '*'])
      break
    case 'record':
      next(d.valueType, [...at, '*'])
      break
    case 'tuple':
      ;(d.items as z.ZodType[]).forEach((item, i) => next(item, [...at, i]))
      if (d.rest) next(d.rest, [...at, '*'])
      break
    case 'union':
      for (const o of d.options as z.ZodType[]) next(o, at)
      break
    case 'intersection':
      next(d.left, at)
      next(d.right, at)
      break
    case 'pipe':
      next(d.in, at)
      next(d.out, at)
      break
    case 'lazy':
      next((d.getter as () => z.ZodType)(), at)
      break
  }
}

/** An http:// or https:// address (trimmed, at most 2,000 characters). */
export const httpUrl = () =>
  z
    .string()
    .trim()
    .max(2000)
    .refine((u) => {
      try {
        return ['http:', 'https:'].includes(new URL(u).protocol)
      } catch {
        return false
      }
    }, 'must be an http:// or https:// address')
