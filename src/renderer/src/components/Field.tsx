import type { ReactNode } from 'react'

interface FieldProps {
  label: string
  children: ReactNode
  /** The service's message for this input (shown under it, announced to screen readers). */
  error?: string | undefined
  hint?: ReactNode
  className?: string
}

/** A labelled form input with its hint and its inline error. */
export function Field({ label, children, error, hint, className }: FieldProps) {
  return (
    <label className={`field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <span className="field-label">{label}</span>
      {children}
      {hint && !error && <span className="field-hint">{hint}</span>}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  )
}
