import { useState } from 'react'
import type { YamlImportReport } from '../../../../shared/contract/features'
import { Field } from '../../components/Field'
import { SegmentedControl } from '../../components/SegmentedControl'
import { ImportErrorView } from '../../components/ImportErrorView'
import { ErrorNotice, Loading, PageHeader } from '../../components/States'
import { useChannel, useCommand } from '../../lib/queries'
import { FeaturesTabs } from './FeaturesTabs'

const QUERIES = ['features:views', 'features:view', 'features:exportYaml'] as const

/** Features as code: every view as YAML; import text or a folder of .yaml files (dry run first; all or nothing). */
export function CodePage() {
  const exported = useChannel('features:exportYaml')
  const importYaml = useCommand('features:importYaml', [...QUERIES])
  const exportFolder = useCommand('features:exportFolder')
  const [source, setSource] = useState<'text' | 'folder'>('folder')
  const [text, setText] = useState('')
  const [folder, setFolder] = useState('')
  const [outFolder, setOutFolder] = useState('')
  const [mode, setMode] = useState<'merge' | 'replace'>('merge')
  const [report, setReport] = useState<YamlImportReport | null>(null)
  const run = (dryRun: boolean): void => {
    setReport(null)
    importYaml.mutate({ ...(source === 'text' ? { yaml: text } : { path: folder.trim() }), mode, dryRun }, { onSuccess: setReport })
  }
  return (
    <div className="page features-page">
      <PageHeader
        title="Features"
        subtitle="Features as code: one YAML document per view. Imports are all or nothing; a dry run shows what would change."
      />
      <FeaturesTabs current="code" />
      <div className="grid two align-start">
        <section className="card">
          <h2>Import</h2>
          <div className="inline-form">
            <SegmentedControl
              label="Import from"
              value={source}
              onChange={setSource}
              options={[
                { id: 'folder', label: 'a folder of .yaml files' },
                { id: 'text', label: 'YAML text' }
              ]}
            />
            <select aria-label="Import mode" value={mode} onChange={(e) => setMode(e.target.value as 'merge' | 'replace')}>
              <option value="merge">merge (keep other views)</option>
              <option value="replace">replace (delete views not in the YAML)</option>
            </select>
          </div>
          {source === 'folder' ? (
            <Field label="Folder" hint="Relative source paths in the files are read from the file's own folder.">
              <input
                className="mono"
                aria-label="YAML folder"
                value={folder}
                onChange={(e) => setFolder(e.target.value)}
                placeholder="/repo/features"
              />
            </Field>
          ) : (
            <textarea
              className="yaml-input mono"
              aria-label="YAML"
              rows={14}
              value={text}
              onChange={(e) => setText(e.target.value)}
              spellCheck={false}
            />
          )}
          <div className="form-actions">
            <button onClick={() => run(true)} disabled={importYaml.isPending}>
              Dry run
            </button>
            <button className="primary" onClick={() => run(false)} disabled={importYaml.isPending}>
              Import
            </button>
          </div>
          {importYaml.error && <ImportErrorView error={importYaml.error} yaml={source === 'text' ? text : null} />}
          {report && (
            <div className={`notice ${report.dryRun ? '' : 'notice-ok'}`} role="status">
              <strong>{report.dryRun ? 'Dry run: nothing was written' : 'Imported'}</strong>
              <ul>
                {report.views.map((v) => (
                  <li key={v.name}>
                    <span className="mono">{v.name}</span>: {v.outcome === 'new-version' ? `new version v${v.version}` : v.outcome} (
                    {v.change})
                  </li>
                ))}
                {report.removed.map((r) => (
                  <li key={r}>
                    <span className="mono">{r}</span>: removed
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
        <section className="card">
          <h2>Export</h2>
          <div className="inline-form">
            <Field label="Write every view as <name>.yaml into">
              <input
                className="mono"
                aria-label="Export folder"
                value={outFolder}
                onChange={(e) => setOutFolder(e.target.value)}
                placeholder="/repo/features"
              />
            </Field>
            <button disabled={!outFolder.trim() || exportFolder.isPending} onClick={() => exportFolder.mutate({ path: outFolder.trim() })}>
              Export
            </button>
          </div>
          {exportFolder.error && <ErrorNotice error={exportFolder.error} />}
          {exportFolder.data && (
            <p className="notice notice-ok">
              Wrote {exportFolder.data.files.length} files to {exportFolder.data.path}.
            </p>
          )}
          {exported.isPending && <Loading what="YAML" />}
          {exported.data?.files.length === 0 && <p className="muted">No views to export yet.</p>}
          {exported.data?.files.map((f) => (
            <details key={f.name}>
              <summary className="mono">{f.name}</summary>
              <pre className="yaml-excerpt">{f.yaml}</pre>
            </details>
          ))}
        </section>
      </div>
    </div>
  )
}
