/**
 * The values of an extension's settings (its manifest's `contributes.settings` JSON schema): kept as one settings row
 * per extension, checked against the schema (types, enums, bounds, patterns, required; shared/extensionSettings.ts).
 * Secret properties (`"secret": true` or `"writeOnly": true`) are sealed at rest with the workspace key, handed to the
 * extension (`api.settings.get()`), and shown to people only as a hint.
 */
import { z } from 'zod'
import { settingFields, valueProblem, type SettingField } from '../../../shared/extensionSettings'
import type { ExtensionManifest } from '../../../shared/extensions'
import { invalid } from '../../../shared/errors'
import { secretHint, type SecretBox } from '../../core/secrets'
import type { SettingsStore } from '../../core/settings'

const Stored = z.object({
  values: z.record(z.string(), z.unknown()).default({}),
  sealed: z.record(z.string(), z.object({ box: z.string(), hint: z.string() })).default({})
})
type Stored = z.output<typeof Stored>
type Schema = Record<string, unknown> | undefined

/** Refuses at install a settings schema the console cannot render or check, naming the property. */
export function checkSettingsSchema(m: ExtensionManifest): void {
  try {
    settingFields(m.contributes.settings)
  } catch (err) {
    throw invalid('manifest.contributes.settings', (err as Error).message)
  }
}

/** Defaults of the schema's plain fields under the stored values. */
const withDefaults = (fields: SettingField[], values: Record<string, unknown>): Record<string, unknown> => ({
  ...Object.fromEntries(fields.filter((f) => !f.secret && f.default !== undefined).map((f) => [f.key, f.default])),
  ...values
})

export class ExtensionValues {
  constructor(
    private settings: SettingsStore,
    private secrets: SecretBox | undefined,
    private now: () => number
  ) {}

  private def(id: string) {
    return { key: `extension:${id}`, schema: Stored, defaults: { values: {}, sealed: {} } as Stored }
  }

  /** For the extension itself: every value (defaults filled in), secrets opened. */
  read(id: string, schema?: Schema): Record<string, unknown> {
    const s = this.settings.read(this.def(id))
    const open = Object.entries(s.sealed).flatMap(([k, v]) => {
      try {
        return [[k, this.secrets ? this.secrets.decrypt(Buffer.from(v.box, 'base64')) : null]]
      } catch {
        return []
      }
    })
    return { ...withDefaults(fieldsOf(schema), s.values), ...Object.fromEntries(open) }
  }

  /** For people: the form's fields, the values (defaults filled in), and for each secret set only its hint. */
  view(id: string, schema?: Schema): { fields: SettingField[]; values: Record<string, unknown>; secrets: Record<string, string> } {
    const s = this.settings.read(this.def(id))
    const fields = fieldsOf(schema)
    return {
      fields,
      values: withDefaults(fields, s.values),
      secrets: Object.fromEntries(Object.entries(s.sealed).map(([k, v]) => [k, v.hint]))
    }
  }

  /**
   * Replaces the values, each checked against the schema; a plain value null or "" is unset (its default applies), a
   * secret left out keeps its value, a secret set to null or "" is removed; a required field must end up with a value.
   */
  write(id: string, schema: Schema, next: Record<string, unknown>) {
    const fields = fieldsOf(schema)
    const old = this.settings.read(this.def(id))
    const stored: Stored = { values: {}, sealed: { ...old.sealed } }
    for (const [k, v] of Object.entries(next)) {
      const f = fields.find((x) => x.key === k)
      if (!f)
        throw invalid(`values.${k}`, `the extension ${id} has no setting "${k}" (it has: ${fields.map((x) => x.key).join(', ') || 'none'})`)
      if (v === null || v === '') {
        if (f.secret) delete stored.sealed[k]
        continue
      }
      const problem = valueProblem(f, v)
      if (problem) throw invalid(`values.${k}`, `${f.title} ${problem}`)
      if (!f.secret) stored.values[k] = v
      else if (!this.secrets) throw invalid(`values.${k}`, 'secrets cannot be kept here')
      else stored.sealed[k] = { box: this.secrets.encrypt(String(v)).toString('base64'), hint: secretHint(String(v)) }
    }
    for (const f of fields)
      if (f.required && f.default === undefined && stored.values[f.key] === undefined && stored.sealed[f.key] === undefined)
        throw invalid(`values.${f.key}`, `${f.title} is required`)
    this.settings.write(this.def(id), stored, this.now())
    return this.view(id, schema)
  }

  /** Forgets every value and secret (the extension is uninstalled). */
  clear(id: string): void {
    this.settings.write(this.def(id), { values: {}, sealed: {} }, this.now())
  }
}

/** The schema's fields; a schema the console cannot read (refused at install since) gives none. */
function fieldsOf(schema: Schema): SettingField[] {
  try {
    return settingFields(schema)
  } catch {
    return []
  }
}
