import { useId, type ButtonHTMLAttributes } from 'react'

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'disabled'> & {
  /** Why the button cannot be used now; null or undefined: it can. Shown beside it, not only as a tooltip. */
  disabledReason?: string | null | undefined
  /** Busy (a request is running): disabled without a reason line. */
  busy?: boolean
}

/** A button that, when it cannot be used, says why next to it (and to screen readers through aria-describedby). */
export function ReasonButton({ disabledReason, busy, children, type = 'button', ...rest }: Props) {
  const id = useId()
  const reason = disabledReason || null
  return (
    <span className="reason-button">
      <button {...rest} type={type} disabled={!!reason || busy} aria-describedby={reason ? id : undefined} title={reason ?? rest.title}>
        {children}
      </button>
      {reason && (
        <span className="disabled-reason" id={id}>
          {reason}
        </span>
      )}
    </span>
  )
}
