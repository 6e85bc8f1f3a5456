/**
 * Above a form's buttons after a refused save: how many fields need attention (each marked where it is), and the
 * problems that belong to no single field, in words — never an error code or an internal field name.
 */
export function FormProblems({ count, unplaced, what }: { count: number; unplaced: string[]; what: string }) {
  if (!count && !unplaced.length) return null
  return (
    <div className="notice notice-error form-problems" role="alert">
      <strong>
        {what} was not saved
        {count ? `: ${count === 1 ? 'one field needs' : `${count} fields need`} attention (marked above)` : ''}
      </strong>
      {unplaced.length > 0 && (
        <ul>
          {unplaced.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  )
}
