import { useState } from 'react'
import { ErrorNotice } from '../../components/States'
import { call } from '../../lib/client'
import { downloadText } from '../../lib/download'

const FORMATS = [
  ['html', 'HTML report', 'A self-contained page with tables and charts: opens in any browser, without the console'],
  ['json', 'JSON', 'Every column result, for scripts'],
  ['csv', 'CSV', 'One row per column: column, test, statistic, p-value or score, threshold, verdict']
] as const

/** Save the run as HTML, JSON or CSV to share it. */
export function ExportRun({ runId }: { runId: number }) {
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const save = (format: 'html' | 'json' | 'csv'): void => {
    setBusy(format)
    setError(null)
    call('drift:export', { runId, format })
      .then((r) => downloadText(r.filename, r.content, r.mime))
      .catch(setError)
      .finally(() => setBusy(null))
  }
  return (
    <div className="drift-export" role="group" aria-label="Export this run">
      <span className="muted small">Export:</span>
      {FORMATS.map(([format, label, title]) => (
        <button key={format} type="button" title={title} disabled={busy !== null} onClick={() => save(format)}>
          {busy === format ? 'Preparing…' : label}
        </button>
      ))}
      {error !== null && <ErrorNotice error={error} title="The export failed" />}
    </div>
  )
}
