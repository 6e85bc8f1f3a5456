interface Label {
  key: string
  value: string
}

/** name = value rows; labels travel with every alert of the rule and are what silences match. */
export function LabelsEditor({ labels, onChange, error }: { labels: Label[]; onChange: (l: Label[]) => void; error?: string | undefined }) {
  const setRow = (i: number, patch: Partial<Label>): void => onChange(labels.map((l, j) => (j === i ? { ...l, ...patch } : l)))
  return (
    <div className="labels-editor field">
      <span className="field-label">Labels</span>
      {labels.map((l, i) => (
        <div key={i} className="kv-row">
          <input aria-label={`Label ${i + 1} name`} placeholder="team" value={l.key} onChange={(e) => setRow(i, { key: e.target.value })} />
          <span className="muted">=</span>
          <input
            aria-label={`Label ${i + 1} value`}
            placeholder="payments"
            value={l.value}
            onChange={(e) => setRow(i, { value: e.target.value })}
          />
          <button
            type="button"
            className="link-button danger"
            aria-label={`Remove label ${i + 1}`}
            onClick={() => onChange(labels.filter((_, j) => j !== i))}
          >
            remove
          </button>
        </div>
      ))}
      <div>
        <button type="button" onClick={() => onChange([...labels, { key: '', value: '' }])}>
          Add label
        </button>
      </div>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : (
        <span className="field-hint">Silences and the alert list filter match on labels.</span>
      )}
    </div>
  )
}
