import { Field } from '../../components/Field'
import { ChannelPicker } from './ChannelPicker'
import type { RuleFieldsProps } from './ruleEditorSupport'

/** Channels, reminders and whether to tell them when it resolves. */
export function NotifyFields({ draft, set, errorOf }: RuleFieldsProps) {
  return (
    <fieldset className="check-fieldset">
      <legend>Notifications</legend>
      <ChannelPicker value={draft.channelIds} onChange={(channelIds) => set({ channelIds })} error={errorOf('channelIds')} />
      <div className="form-row">
        <Field label="Remind every" error={errorOf('reminderS')} hint="While firing and not acknowledged; 0 = never" className="medium">
          <input value={draft.reminder} onChange={(e) => set({ reminder: e.target.value })} />
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={draft.notifyResolve} onChange={(e) => set({ notifyResolve: e.target.checked })} />
          Notify when resolved
        </label>
      </div>
    </fieldset>
  )
}
