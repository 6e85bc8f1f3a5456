import type { ReactNode } from 'react'

/** A button that asks before it acts (delete, replace): the question names what will be lost. */
export function ConfirmButton({
  question,
  onConfirm,
  children,
  className,
  disabled
}: {
  question: string
  onConfirm: () => void
  children: ReactNode
  className?: string
  disabled?: boolean
}) {
  return (
    <button type="button" className={className} disabled={disabled} onClick={() => window.confirm(question) && onConfirm()}>
      {children}
    </button>
  )
}
