/**
 * The values of an extension's settings (its manifest's `contributes.settings` JSON schema): kept as one settings row
 * per extension. Properties marked `"writeOnly": true` are secrets: sealed at rest with the workspace key, handed to
 * the extension (`api.settings.get()`), and shown to people only as a hint.
 */
import { z } from 'zod'
import { invalid } from '../../../shared/errors'
import { secretHint, type SecretBox } from '../../core/secrets'
import type { SettingsStore } from '../../core/settings'

const Stored = z.object({
  values: z.record(z.string(), z.unknown()).default({}),
  sealed: z.record(z.string(), z.object({ box: z.string(), hint: z.string() })).default({})
})
type Stored = z.output<typeof Stored>

interface Schema {
  properties?: Record<string, { type?: string; writeOnly?: boolean }>
}

const TYPE_OK: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  integer: (v) => Number.isInteger(v),
  boolean: (v) => typeof v === 'boolean',
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  array: (v) => Array.isArray(v)
}

export class ExtensionValues {
  constructor(
    private settings: SettingsStore,
    private secrets: SecretBox | undefined,
    private now: () => number
  ) {}

  private def(id: string) {
    return { key: `extension:${id}`, schema: Stored, defaults: { values: {}, sealed: {} } as Stored }
  }

  /** For the extension itself: every value, secrets opened. */
  read(id: string): Record<string, unknown> {
    const s = this.settings.read(this.def(id))
    const open = Object.entries(s.sealed).flatMap(([k, v]) => {
      try {
        return [[k, this.secrets ? this.secrets.decrypt(Buffer.from(v.box, 'base64')) : null]]
      } catch {
        return []
      }
    })
    return { ...s.values, ...Object.fromEntries(open) }
  }

  /** For people: the values, and for each secret set only its hint. */
  view(id: string): { values: Record<string, unknown>; secrets: Record<string, string> } {
    const s = this.settings.read(this.def(id))
    return { values: s.values, secrets: Object.fromEntries(Object.entries(s.sealed).map(([k, v]) => [k, v.hint])) }
  }

  /**
   * Replaces the values (checked against the schema's properties and types); a secret left out keeps its value,
   * a secret set to null or "" is removed.
   */
  write(id: string, schema: Schema | undefined, next: Record<string, unknown>) {
    const props = schema?.properties ?? {}
    const old = this.settings.read(this.def(id))
    const stored: Stored = { values: {}, sealed: { ...old.sealed } }
    for (const [k, v] of Object.entries(next)) {
      const prop = props[k]
      if (!prop)
        throw invalid(`values.${k}`, `the extension ${id} has no setting "${k}" (it has: ${Object.keys(props).join(', ') || 'none'})`)
      if (prop.writeOnly && (v === null || v === '')) {
        delete stored.sealed[k]
        continue
      }
      if (prop.type && TYPE_OK[prop.type] && !TYPE_OK[prop.type]!(v)) throw invalid(`values.${k}`, `must be of type ${prop.type}`)
      if (!prop.writeOnly) stored.values[k] = v
      else if (!this.secrets) throw invalid(`values.${k}`, 'secrets cannot be kept here')
      else stored.sealed[k] = { box: this.secrets.encrypt(String(v)).toString('base64'), hint: secretHint(String(v)) }
    }
    this.settings.write(this.def(id), stored, this.now())
    return this.view(id)
  }
}
