import { useState } from 'react'
import { ErrorNotice } from '../../components/States'
import { useCommand } from '../../lib/queries'
import { ImportErrorView } from '../../components/ImportErrorView'
import { ImportReportView } from './ImportReportView'

const EXAMPLE = `services:
  - name: checkout-api
    environment: production
    region: eu-west
    checks:
      - name: health
        type: http
        url: https://checkout.example.com/health
        interval: 30s
        conditions:
          - "[STATUS] == 200"
`

/** Paste or pick a YAML file; dry-run it, then merge it in or replace everything with it. */
export function ImportPanel() {
  const [yaml, setYaml] = useState('')
  const [mode, setMode] = useState<'merge' | 'replace'>('merge')
  const [dryRun, setDryRun] = useState(true)
  const [fileError, setFileError] = useState<Error | null>(null)
  const importYaml = useCommand('health:import', ['health:overview', 'services:get', 'maintenance:list', 'health:export'])
  const [sent, setSent] = useState('')

  const pick = async (file: File | undefined): Promise<void> => {
    if (!file) return
    setFileError(null)
    try {
      setYaml(await file.text())
    } catch (err) {
      setFileError(err as Error)
    }
  }
  const submit = (): void => {
    if (
      mode === 'replace' &&
      !dryRun &&
      !window.confirm('Replace every service and check with the ones in this YAML? Services not in it are deleted with their history.')
    )
      return
    setSent(yaml)
    importYaml.mutate({ yaml, mode, dryRun })
  }

  return (
    <section className="card">
      <h2>Import YAML</h2>
      <p className="muted small">All or nothing: if any line is wrong, nothing changes and the error names the line.</p>
      <div className="form-row">
        <label className="file-picker">
          <span className="field-label">YAML file</span>
          <input
            type="file"
            accept=".yaml,.yml,.txt,application/yaml,text/yaml"
            onChange={(e) => void pick(e.target.files?.[0])}
            aria-label="YAML file"
          />
        </label>
      </div>
      <textarea
        className="mono yaml-input"
        rows={14}
        value={yaml}
        onChange={(e) => setYaml(e.target.value)}
        placeholder={EXAMPLE}
        aria-label="YAML to import"
        spellCheck={false}
      />
      <div className="form-actions">
        <label className="checkbox">
          <input type="radio" name="import-mode" checked={mode === 'merge'} onChange={() => setMode('merge')} /> Merge (add and update)
        </label>
        <label className="checkbox">
          <input type="radio" name="import-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> Replace (also delete
          what is not in the file)
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} /> Dry run
        </label>
        <button className="primary" disabled={!yaml.trim() || importYaml.isPending} onClick={submit}>
          {dryRun ? 'Check YAML' : 'Import'}
        </button>
      </div>
      {fileError && <ErrorNotice error={fileError} title="Could not read the file" />}
      {importYaml.error && <ImportErrorView error={importYaml.error} yaml={sent} />}
      {importYaml.data && <ImportReportView report={importYaml.data} />}
    </section>
  )
}
