import { AppError } from '../../../shared/errors'
import { mentionedLines, splitImportErrors, yamlExcerpt } from '../lib/importErrors'

/** The import error, and (for YAML text) the lines it names with their numbers. */
export function ImportErrorView({ error, yaml }: { error: Error; yaml: string | null }) {
  const lines = mentionedLines(error.message)
  const excerpt = yaml === null ? [] : yamlExcerpt(yaml, lines)
  return (
    <div className="import-error">
      <div className="notice notice-error" role="alert">
        <strong>Nothing was imported</strong>
        <span className="code">{error instanceof AppError ? error.code : 'ERROR'}</span>
        <ul className="error-list">
          {splitImportErrors(error.message).map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      </div>
      {excerpt.length > 0 && (
        <pre className="yaml-excerpt" aria-label="Lines named by the error">
          {excerpt.map((l, i) => (
            <div key={i} className={l.hit ? 'hit' : ''}>
              <span className="line-no">{l.n || ''}</span>
              {l.text}
            </div>
          ))}
        </pre>
      )}
    </div>
  )
}
