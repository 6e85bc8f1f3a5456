import { useState } from 'react'
import { Markdown } from '../../components/Markdown'
import { SegmentedControl } from '../../components/SegmentedControl'

const MODES = [
  { id: 'write', label: 'Write' },
  { id: 'preview', label: 'Preview' }
] as const

/** The runbook in Markdown, with a preview rendered exactly as the alert page shows it. */
export function RunbookField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error?: string | undefined }) {
  const [mode, setMode] = useState<'write' | 'preview'>('write')
  return (
    <div className="field runbook-field">
      <div className="runbook-head">
        <span className="field-label">Runbook (Markdown)</span>
        <SegmentedControl options={MODES} value={mode} onChange={setMode} label="Runbook view" />
      </div>
      {mode === 'write' ? (
        <textarea
          aria-label="Runbook"
          rows={8}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={'## First steps\n1. Open the service’s dashboard\n2. …'}
        />
      ) : (
        <div className="runbook-preview">
          <Markdown source={value} />
        </div>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  )
}
