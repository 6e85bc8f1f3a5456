import { channels } from '../../../../shared/contract'
import { fieldIssues } from '../../../../shared/issues'
import { ErrorNotice } from '../../components/States'
import { placeIssues } from '../../lib/formErrors'
import { formatMs } from '../../lib/format'
import { useCommand } from '../../lib/queries'
import { checkInputOf, serviceFieldLabel, type CheckDraft } from './checkDraft'
import { useState } from 'react'

/** "Test this check": runs the check's current (unsaved) settings once in the console and shows what it found. */
export function CheckTestPanel({ index, draft }: { index: number; draft: CheckDraft }) {
  const test = useCommand('checks:test')
  const [problems, setProblems] = useState<string[]>([])
  const run = (): void => {
    const input = { config: checkInputOf(draft).config }
    const parsed = channels['checks:test'].input.safeParse(input)
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error).map((i) => ({ ...i, field: `checks[${index}].${i.field}` }))
      setProblems(placeIssues(issues, [], serviceFieldLabel).unplaced)
      test.reset()
      return
    }
    setProblems([])
    test.mutate(input)
  }
  const r = test.data
  return (
    <div className="check-test" aria-live="polite">
      <button type="button" onClick={run} disabled={test.isPending}>
        {test.isPending ? 'Testing…' : 'Test this check'}
      </button>
      <span className="muted small"> Runs it once now; nothing is saved.</span>
      {problems.length > 0 && (
        <div className="notice notice-error" role="alert">
          Fix these first: {problems.join('; ')}
        </div>
      )}
      {test.error && <ErrorNotice error={test.error} title="The test could not run" />}
      {r && !test.isPending && (
        <div className="check-test-result" role="status" aria-label="Test result">
          <p>
            <span className={`pill ${r.status}`}>{r.status}</span> in {formatMs(r.latencyMs)}
            {r.statusCode !== null && <> · HTTP {r.statusCode}</>}
            {r.certDaysLeft !== null && <> · certificate: {r.certDaysLeft} days left</>}
            {r.error && <> · {r.error}</>}
          </p>
          {r.conditions.length > 0 && (
            <ul className="plain-list">
              {r.conditions.map((c) => (
                <li key={c.condition}>
                  {c.ok ? '✓' : '✗'} <code>{c.condition}</code>
                  {c.actual !== null && <span className="muted"> (was {c.actual})</span>}
                </li>
              ))}
            </ul>
          )}
          {r.components.length > 0 && (
            <ul className="plain-list">
              {r.components.map((c) => (
                <li key={c.key}>
                  <code>{c.key}</code> {c.status}
                  {c.output && <span className="muted"> — {c.output}</span>}
                </li>
              ))}
            </ul>
          )}
          {r.snippet && (
            <details>
              <summary>Response</summary>
              <pre className="snippet">{r.snippet}</pre>
            </details>
          )}
        </div>
      )}
    </div>
  )
}
