/** The "Show deleted runs" toggle of the run pickers: MLflow hides runs deleted there, and so do we unless asked. */
export function ShowDeletedRuns({ checked, onChange }: { checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="checkbox small" title="Runs deleted in MLflow are imported but hidden, as MLflow hides them">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> Show deleted runs
    </label>
  )
}
