interface Option<T extends string> {
  id: T
  label: string
}

/** A row of toggle buttons choosing one value, e.g. a time range. */
export function SegmentedControl<T extends string>({
  options,
  value,
  onChange,
  label
}: {
  options: readonly Option<T>[]
  value: T
  onChange: (v: T) => void
  label: string
}) {
  return (
    <div className="segmented" role="group" aria-label={label}>
      {options.map((o) => (
        <button
          key={o.id}
          type="button"
          aria-pressed={o.id === value}
          className={o.id === value ? 'on' : ''}
          onClick={() => onChange(o.id)}
        >
          {o.label}
        </button>
      ))}
    </div>
  )
}
