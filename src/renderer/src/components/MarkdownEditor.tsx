import { useId, useState } from 'react'
import { Markdown } from './Markdown'
import { SegmentedControl } from './SegmentedControl'

const MODES = [
  { id: 'write', label: 'Write' },
  { id: 'preview', label: 'Preview' }
] as const

interface MarkdownEditorProps {
  label: string
  value: string
  onChange: (value: string) => void
  rows?: number
  placeholder?: string
  /** The service's message for this input. */
  error?: string | undefined
  hint?: string
  /** Passed to the preview, so it matches where the text is shown. */
  headingOffset?: number
  autoFocus?: boolean
}

/** A Markdown textarea with a Write / Preview switch; the preview renders exactly as the read-only view does. */
export function MarkdownEditor({
  label,
  value,
  onChange,
  rows = 8,
  placeholder,
  error,
  hint,
  headingOffset = 0,
  autoFocus
}: MarkdownEditorProps) {
  const [mode, setMode] = useState<'write' | 'preview'>('write')
  const labelId = useId()
  // the runbook-* classes are the shared Markdown editor styles (first written for alert runbooks)
  return (
    <div className={`field runbook-field${error ? ' has-error' : ''}`}>
      <div className="runbook-head">
        <span className="field-label" id={labelId}>
          {label}
        </span>
        <SegmentedControl options={MODES} value={mode} onChange={setMode} label={`${label} view`} />
      </div>
      {mode === 'write' ? (
        <textarea
          aria-labelledby={labelId}
          rows={rows}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={placeholder}
          autoFocus={autoFocus}
        />
      ) : (
        <div className="runbook-preview" aria-labelledby={labelId} role="region">
          <Markdown source={value} empty="Nothing to preview yet." headingOffset={headingOffset} />
        </div>
      )}
      {hint && !error && <span className="field-hint">{hint}</span>}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  )
}
