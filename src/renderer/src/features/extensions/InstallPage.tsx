import { useState } from 'react'
import type { InstallPreview } from '../../../../shared/contract'
import { Field } from '../../components/Field'
import { ErrorNotice, PageHeader } from '../../components/States'
import { useCommand } from '../../lib/queries'
import { ExtensionsNav } from './ExtensionsNav'
import { PermissionPrompt } from './PermissionPrompt'

/** Install from a folder or an archive on the console's machine: inspect first, then the permission prompt. */
export function InstallPage() {
  const [kind, setKind] = useState<'folder' | 'archive'>('archive')
  const [path, setPath] = useState('')
  const [preview, setPreview] = useState<InstallPreview | null>(null)
  const inspect = useCommand('extensions:inspect')
  return (
    <div className="page">
      <PageHeader
        title="Install an extension"
        subtitle="From a folder (while writing one) or a .tgz / .zip archive; a signature beside it (<archive>.sig) is checked."
      />
      <ExtensionsNav at="install" />
      {preview ? (
        <PermissionPrompt preview={preview} onCancel={() => setPreview(null)} />
      ) : (
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault()
            inspect.mutate({ source: { kind, path } }, { onSuccess: setPreview })
          }}
        >
          <Field label="From">
            <select value={kind} onChange={(e) => setKind(e.target.value as 'folder' | 'archive')}>
              <option value="archive">an archive (.tgz, .zip)</option>
              <option value="folder">a folder</option>
            </select>
          </Field>
          <Field label="Path" hint="An absolute path on the machine running the console.">
            <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/me/extensions/my-extension.tgz" />
          </Field>
          {inspect.error && <ErrorNotice error={inspect.error} title="Cannot install this" />}
          <div className="actions">
            <button type="submit" className="primary" disabled={!path.trim() || inspect.isPending}>
              {inspect.isPending ? 'Checking…' : 'Check and continue'}
            </button>
          </div>
        </form>
      )}
    </div>
  )
}
