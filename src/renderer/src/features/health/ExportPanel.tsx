import { useState } from 'react'
import { ReasonButton } from '../../components/ReasonButton'
import { ErrorNotice } from '../../components/States'
import { downloadText } from '../../lib/download'
import { useChannel } from '../../lib/queries'

/** Every service and check as YAML: shown, downloadable, copyable. */
export function ExportPanel() {
  const [asked, setAsked] = useState(false)
  const exported = useChannel('health:export', undefined, { enabled: asked })
  const [copied, setCopied] = useState(false)
  const yaml = exported.data?.yaml ?? ''
  return (
    <section className="card">
      <div className="card-head">
        <h2>Export YAML</h2>
        <div className="actions">
          <button onClick={() => (asked ? void exported.refetch() : setAsked(true))} disabled={exported.isFetching}>
            {asked ? 'Refresh' : 'Show export'}
          </button>
          <ReasonButton
            className="primary"
            disabledReason={yaml ? null : 'Show the export first'}
            onClick={() => downloadText(`services-${new Date().toISOString().slice(0, 10)}.yaml`, yaml, 'application/yaml')}
          >
            Download
          </ReasonButton>
          <ReasonButton
            busy={!yaml}
            onClick={() =>
              void navigator.clipboard?.writeText(yaml).then(() => {
                setCopied(true)
                setTimeout(() => setCopied(false), 1500)
              })
            }
          >
            {copied ? 'Copied' : 'Copy'}
          </ReasonButton>
        </div>
      </div>
      <p className="muted small">The same format the import reads; keep it in version control to review monitoring changes.</p>
      {exported.error && <ErrorNotice error={exported.error} title="Export failed" />}
      {asked && exported.isPending && <p className="loading">Exporting…</p>}
      {yaml && <textarea className="mono yaml-input" readOnly rows={14} value={yaml} aria-label="Exported YAML" spellCheck={false} />}
    </section>
  )
}
