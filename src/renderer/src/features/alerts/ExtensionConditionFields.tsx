import { Field } from '../../components/Field'
import { useChannel } from '../../lib/queries'
import { type RuleFieldsProps } from './ruleEditorSupport'

/** An extension's `alerts.signal`: which extension (any by default) and the lowest signal severity that fires. */
export function ExtensionConditionFields({ draft, set, errorOf }: RuleFieldsProps) {
  const extensions = useChannel('extensions:list', {})
  const signalling = (extensions.data ?? []).filter((e) => e.granted.includes('alerts:write'))
  return (
    <div className="form-row">
      <Field
        label="Extension"
        error={errorOf('condition.extension')}
        hint="Extensions granted alerts:write. The alert resolves when the extension signals resolved, or after an hour without a signal"
      >
        <select value={draft.extensionId} onChange={(e) => set({ extensionId: e.target.value })}>
          <option value="">any extension</option>
          {signalling.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name} ({e.id})
            </option>
          ))}
          {draft.extensionId && !signalling.some((e) => e.id === draft.extensionId) && (
            <option value={draft.extensionId}>{draft.extensionId} (not installed)</option>
          )}
        </select>
      </Field>
      <Field label="Fires from signal severity" error={errorOf('condition.minSeverity')}>
        <select value={draft.minSeverity} onChange={(e) => set({ minSeverity: e.target.value as typeof draft.minSeverity })}>
          <option value="info">info and worse</option>
          <option value="warning">warning and worse</option>
          <option value="critical">critical only</option>
        </select>
      </Field>
    </div>
  )
}
