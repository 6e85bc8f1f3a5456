import type { z } from 'zod'

/**
 * A small valid input for a zod schema (zod 4), for calling every query once: optional fields are left out, each
 * string, number and array takes the first of a few plain candidates the schema accepts. Returns undefined when the
 * schema accepts that. Ids come out as 1, which usually does not exist (NOT_FOUND is a fine answer).
 */
const STRINGS = [
  'x',
  'local',
  'default',
  'abc',
  'up',
  '1',
  '24h',
  '1h',
  'UTC',
  '* * * * *',
  'production',
  'http://127.0.0.1:9/',
  '2026-01-01',
  '2026-01-01T00:00:00Z',
  'a@b.co',
  'p95',
  'abcdefgh'
]
const NUMBERS = [1, 0, 60, 1000, 0.5, 1_700_000_000_000]

type Any = z.ZodType & { _zod: { def: any } }

export function sampleInput(schema: z.ZodType, depth = 0): unknown {
  const s = schema as Any
  if (depth > 12) return undefined
  if (s.safeParse(undefined).success) return undefined
  const def = s._zod.def
  const first = (candidates: unknown[]): unknown => candidates.find((c) => s.safeParse(c).success) ?? candidates[0]
  switch (def.type) {
    case 'string':
      return first(STRINGS)
    case 'number':
    case 'int':
    case 'bigint':
      return first(NUMBERS)
    case 'boolean':
      return false
    case 'null':
      return null
    case 'literal':
      return def.values[0]
    case 'enum':
      return Object.values(def.entries)[0]
    case 'nullable':
      return first([sampleInput(def.innerType, depth + 1), null])
    case 'optional':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return sampleInput(def.innerType, depth + 1)
    case 'pipe':
      return sampleInput(def.in, depth + 1)
    case 'lazy':
      return sampleInput(def.getter(), depth + 1)
    case 'array':
      return first([[], [sampleInput(def.element, depth + 1)]])
    case 'tuple':
      return def.items.map((i: z.ZodType) => sampleInput(i, depth + 1))
    case 'record':
      return {}
    case 'union':
      return first(def.options.map((o: z.ZodType) => sampleInput(o, depth + 1)))
    case 'intersection':
      return { ...(sampleInput(def.left, depth + 1) as object), ...(sampleInput(def.right, depth + 1) as object) }
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const value = sampleInput(v, depth + 1)
        if (value !== undefined) out[k] = value
      }
      return out
    }
    default:
      return undefined
  }
}
