import { useState } from 'react'
import type { ExtensionsSettings } from '../../../../shared/contract'
import { Field } from '../../components/Field'
import { ErrorNotice } from '../../components/States'
import { useCommand } from '../../lib/queries'
import { keysFromText, keysToText } from './trustDraft'

/** The catalogue location and the publisher keys whose signatures the console trusts. */
export function TrustSettings({ settings }: { settings: ExtensionsSettings }) {
  const [catalogue, setCatalogue] = useState(settings.catalogue)
  const [keys, setKeys] = useState(keysToText(settings.trustedKeys))
  const save = useCommand('extensions:setSettings', ['extensions:getSettings', 'extensions:catalogue'])
  return (
    <form
      className="card"
      onSubmit={(e) => {
        e.preventDefault()
        save.mutate({ catalogue: catalogue.trim(), trustedKeys: keysFromText(keys) })
      }}
    >
      <h2>Trust</h2>
      <Field label="Catalogue index" hint="An https URL or an absolute path to the catalogue's JSON file.">
        <input value={catalogue} onChange={(e) => setCatalogue(e.target.value)} placeholder="https://extensions.example.com/index.json" />
      </Field>
      <Field label="Trusted publisher keys" hint="One per line: publisher, a space, then its Ed25519 public key (base64 of 32 bytes).">
        <textarea rows={3} value={keys} onChange={(e) => setKeys(e.target.value)} placeholder="acme MCowBQYDK2VwAyEA…" />
      </Field>
      {save.error && <ErrorNotice error={save.error} title="Not saved" />}
      {save.isSuccess && <p className="ok-text">Saved.</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save
        </button>
      </div>
    </form>
  )
}
