/**
 * The settings schema an extension's manifest declares (`contributes.settings`): a JSON schema of type object whose
 * properties are strings, numbers, integers or booleans (objects and lists are kept as JSON), with title, description, default, enum, minimum/maximum,
 * minLength/maxLength, pattern, and `secret: true` (or `writeOnly: true`) for values kept encrypted. The console renders
 * it as a form (renderer) and validates values against it (main).
 */
export interface SettingField {
  key: string
  type: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array'
  title: string
  description: string
  required: boolean
  secret: boolean
  default?: unknown
  enum?: (string | number)[]
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  pattern?: string
}

export type SettingValue = string | number | boolean
const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array'] as const
const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/

const obj = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null

/** The fields of a settings schema; throws an Error naming the first property the console cannot render. */
export function settingFields(schema: Record<string, unknown> | undefined): SettingField[] {
  if (!schema) return []
  const props = obj(schema['properties']) ?? {}
  const required = Array.isArray(schema['required']) ? (schema['required'] as unknown[]) : []
  for (const r of required) if (typeof r !== 'string' || !(r in props)) throw new Error(`required: "${String(r)}" is not a property`)
  return Object.entries(props).map(([key, raw]) => {
    const p = obj(raw)
    const at = `properties.${key}`
    if (!KEY.test(key)) throw new Error(`${at}: names are letters, digits and _ (starting with a letter)`)
    if (!p || !TYPES.includes(p['type'] as (typeof TYPES)[number])) throw new Error(`${at}.type: must be one of ${TYPES.join(', ')}`)
    const type = p['type'] as SettingField['type']
    const field: SettingField = {
      key,
      type,
      title: typeof p['title'] === 'string' ? p['title'] : key,
      description: typeof p['description'] === 'string' ? p['description'] : '',
      required: required.includes(key),
      secret: p['secret'] === true || p['writeOnly'] === true
    }
    if (field.secret && type !== 'string') throw new Error(`${at}: only string settings can be secret`)
    for (const n of ['minimum', 'maximum', 'minLength', 'maxLength'] as const)
      if (p[n] !== undefined) {
        if (typeof p[n] !== 'number') throw new Error(`${at}.${n}: must be a number`)
        field[n] = p[n]
      }
    if (p['pattern'] !== undefined) {
      if (typeof p['pattern'] !== 'string') throw new Error(`${at}.pattern: must be a regular expression`)
      try {
        new RegExp(p['pattern'])
      } catch {
        throw new Error(`${at}.pattern: "${p['pattern']}" is not a regular expression`)
      }
      field.pattern = p['pattern']
    }
    if (p['enum'] !== undefined) {
      const list = p['enum']
      if (!Array.isArray(list) || !list.length || list.some((x) => typeValue(field, x) !== null))
        throw new Error(`${at}.enum: must list ${type} values`)
      field.enum = list as (string | number)[]
    }
    if (p['default'] !== undefined) {
      const problem = valueProblem(field, p['default'])
      if (problem) throw new Error(`${at}.default: ${problem}`)
      field.default = p['default']
    }
    return field
  })
}

/** Whether `v` has the field's type (null when it does). */
function typeValue(f: Pick<SettingField, 'type'>, v: unknown): string | null {
  const type = f.type
  if (type === 'boolean') return typeof v === 'boolean' ? null : 'must be true or false'
  if (type === 'object') return v && typeof v === 'object' && !Array.isArray(v) ? null : 'must be an object'
  if (type === 'array') return Array.isArray(v) ? null : 'must be a list'
  if (type === 'string') return typeof v === 'string' ? null : 'must be text'
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a number'
  return f.type === 'integer' && !Number.isInteger(v) ? 'must be a whole number' : null
}

/** Why a value does not fit its field, or null. */
export function valueProblem(f: SettingField, v: unknown): string | null {
  const typed = typeValue(f, v)
  if (typed) return typed
  if (f.enum && !f.enum.includes(v as string | number)) return `must be one of ${f.enum.join(', ')}`
  if (typeof v === 'number') {
    if (f.minimum !== undefined && v < f.minimum) return `must be at least ${f.minimum}`
    if (f.maximum !== undefined && v > f.maximum) return `must be at most ${f.maximum}`
  }
  if (typeof v === 'string') {
    if (f.minLength !== undefined && v.length < f.minLength) return `must be at least ${f.minLength} characters`
    if (f.maxLength !== undefined && v.length > f.maxLength) return `must be at most ${f.maxLength} characters`
    if (v.length > 10_000) return 'must be at most 10000 characters'
    if (f.pattern !== undefined && !new RegExp(f.pattern).test(v)) return `must match ${f.pattern}`
  }
  return null
}
