/** The buttons of a form that creates an item or edits one: "Create …", or "Save changes" and "Cancel". */
export function CreateOrSaveButtons({
  editing,
  busy,
  createLabel,
  onCancel
}: {
  editing: boolean
  busy: boolean
  createLabel: string
  onCancel?: (() => void) | undefined
}) {
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={busy}>
        {editing ? 'Save changes' : createLabel}
      </button>
      {editing && (
        <button type="button" onClick={() => onCancel?.()}>
          Cancel
        </button>
      )}
    </div>
  )
}
