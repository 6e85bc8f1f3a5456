import { useState } from 'react'
import type { OnlineResult } from '../../../../shared/contract/features'
import { call } from '../../lib/client'
import { Field } from '../../components/Field'
import { ErrorNotice } from '../../components/States'
import { formatValue } from './featureCharts'
import { parseEntities } from './onlineInput'

const age = (s: number | null): string =>
  s === null
    ? '—'
    : s < 120
      ? `${s.toFixed(0)} s`
      : s < 7200
        ? `${(s / 60).toFixed(0)} min`
        : s < 172_800
          ? `${(s / 3600).toFixed(1)} h`
          : `${(s / 86_400).toFixed(1)} d`

/** Look entities up in the online store: one entity per line, join key values separated by commas. */
export function OnlineLookup({ features, keys }: { features: string[]; keys: string[] }) {
  const [refs, setRefs] = useState(features.join(', '))
  const [text, setText] = useState('')
  const [result, setResult] = useState<{ r: OnlineResult; keys: string[][] } | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const lookup = async (): Promise<void> => {
    setError(null)
    const parsed = parseEntities(text, keys)
    if ('error' in parsed) return setError(new Error(parsed.error))
    setBusy(true)
    try {
      const r = await call('features:online', {
        features: refs
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        entities: parsed.entities
      })
      setResult({ r, keys: parsed.rows })
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="features-lookup">
      <h3>Look up</h3>
      <div className="form-row">
        <Field label="Features" className="grow" hint="view:feature or view@v2:feature, separated by commas">
          <input className="mono" aria-label="Features to look up" value={refs} onChange={(e) => setRefs(e.target.value)} />
        </Field>
        <Field label={`Entities (${keys.join(', ')})`} hint="one per line; several join keys separated by commas">
          <textarea
            className="mono"
            aria-label="Entities to look up"
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={keys.map(() => '1001').join(', ')}
          />
        </Field>
      </div>
      <div className="form-actions">
        <button onClick={() => void lookup()} disabled={busy || !text.trim()}>
          Look up
        </button>
      </div>
      {error !== null && <ErrorNotice error={error} title="Lookup refused" />}
      {result && (
        <table className="table compact features-online">
          <thead>
            <tr>
              <th>{keys.join(', ')}</th>
              {result.r.views.map((v) => (
                <th key={v.view}>{v.view} status / age</th>
              ))}
              {result.r.columns.map((c) => (
                <th key={c.ref} className="num mono">
                  {c.ref}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.keys.map((k, i) => (
              <tr key={i}>
                <td className="mono">{k.join(', ')}</td>
                {result.r.views.map((v) => (
                  <td key={v.view}>
                    <span className={`pill ${v.status[i] === 'present' ? 'pass' : v.status[i] === 'expired' ? 'warn' : 'fail'}`}>
                      {v.status[i]}
                    </span>{' '}
                    {age(v.ageSeconds[i]!)}
                  </td>
                ))}
                {result.r.columns.map((c) => {
                  const x = c.values[i]
                  return (
                    <td key={c.ref} className="num">
                      {x === null ? <span className="muted">null</span> : typeof x === 'number' ? formatValue(x) : String(x)}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
