import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from 'react'

interface FieldProps {
  label: string
  children: ReactNode
  /** The message for this input (shown under it, announced to screen readers). */
  error?: string | undefined
  hint?: ReactNode
  className?: string
}

/**
 * A labelled form input with its hint and its inline error. The label names the input (and only it: the error and
 * the hint sit outside the label and describe the input through aria-describedby).
 */
export function Field({ label, children, error, hint, className }: FieldProps) {
  const id = useId()
  const described = error ? `${id}-error` : hint ? `${id}-hint` : undefined
  const control =
    isValidElement(children) && typeof children.type === 'string'
      ? cloneElement(children as ReactElement<Record<string, unknown>>, {
          'aria-describedby': described,
          'aria-invalid': error ? true : undefined
        })
      : children
  return (
    <div className={`field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field-control">
        <span className="field-label">{label}</span>
        {control}
      </label>
      {hint && !error && (
        <span className="field-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" role="alert" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  )
}
