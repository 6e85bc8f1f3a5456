import { useState } from 'react'
import type { PanelQuery } from '../../../../shared/contract/dashboards'
import { Field } from '../../components/Field'
import { useChannel } from '../../lib/queries'

type ExtQuery = Extract<PanelQuery, { source: 'extension' }>

const paramsText = (p: Record<string, string>): string =>
  Object.entries(p)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n')

/** "key=value" lines → params (lines without "=" are ignored; main names a bad key). */
function parseParams(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const i = line.indexOf('=')
    if (i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim()
  }
  return out
}

/** An extension's panel data source: which one (from the installed extensions) and the parameters it is given. */
export function ExtensionPanelFields({ query, onChange }: { query: ExtQuery; onChange: (patch: Partial<ExtQuery>) => void }) {
  const sources = useChannel('dashboards:extensionSources', {})
  const [text, setText] = useState(paramsText(query.params))
  const list = sources.data ?? []
  return (
    <>
      <Field
        label="Panel source"
        hint={
          list.length
            ? 'Data answered by the extension in its own process (10 s at most).'
            : 'No installed extension adds a panel source yet: see Extensions.'
        }
      >
        <select value={query.panel} onChange={(e) => onChange({ panel: e.target.value })}>
          <option value="">choose…</option>
          {list.map((s) => (
            <option key={s.kind} value={s.kind}>
              {s.title} (from extension {s.extensionName}){s.status === 'disabled' ? ' — disabled' : ''}
            </option>
          ))}
          {query.panel && !list.some((s) => s.kind === query.panel) && <option value={query.panel}>{query.panel} (not installed)</option>}
        </select>
      </Field>
      <Field label="Parameters" hint="One name=value per line, handed to the extension; $variables are substituted.">
        <textarea
          rows={3}
          value={text}
          spellCheck={false}
          onChange={(e) => {
            setText(e.target.value)
            onChange({ params: parseParams(e.target.value) })
          }}
        />
      </Field>
    </>
  )
}
