import { MATCHER_OPS, type MatcherDraft } from './silenceDraft'

/** label / op / value rows: every matcher must hold for a silence to apply (regexes are anchored). */
export function MatchersEditor({
  matchers,
  onChange,
  error
}: {
  matchers: MatcherDraft[]
  onChange: (m: MatcherDraft[]) => void
  error?: string | undefined
}) {
  const setRow = (i: number, patch: Partial<MatcherDraft>): void => onChange(matchers.map((m, j) => (j === i ? { ...m, ...patch } : m)))
  return (
    <fieldset className="matchers-editor">
      <legend>Matchers (all must hold)</legend>
      {matchers.map((m, i) => (
        <div key={i} className="kv-row">
          <input
            aria-label={`Matcher ${i + 1} label`}
            placeholder="service"
            value={m.label}
            onChange={(e) => setRow(i, { label: e.target.value })}
          />
          <select
            aria-label={`Matcher ${i + 1} operator`}
            value={m.op}
            onChange={(e) => setRow(i, { op: e.target.value as MatcherDraft['op'] })}
          >
            {MATCHER_OPS.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
          <input
            aria-label={`Matcher ${i + 1} value`}
            placeholder={m.op.includes('~') ? 'check.*' : 'checkout'}
            value={m.value}
            onChange={(e) => setRow(i, { value: e.target.value })}
          />
          {matchers.length > 1 && (
            <button type="button" className="link-button danger" onClick={() => onChange(matchers.filter((_, j) => j !== i))}>
              remove
            </button>
          )}
        </div>
      ))}
      <div>
        <button type="button" onClick={() => onChange([...matchers, { label: '', op: '=', value: '' }])}>
          Add matcher
        </button>
      </div>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : (
        <span className="field-hint">=~ and !~ take a regular expression that must match the whole value.</span>
      )}
    </fieldset>
  )
}
